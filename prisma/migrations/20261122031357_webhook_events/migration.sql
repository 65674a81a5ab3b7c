-- CreateEnum
CREATE TYPE "WebhookOutcome" AS ENUM ('Received', 'Processed', 'Ignored', 'Failed');

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" SERIAL NOT NULL,
    "notification_id" TEXT NOT NULL,
    "type" INTEGER NOT NULL,
    "shop_id" TEXT NOT NULL,
    "account_id" INTEGER,
    "subject_id" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "outcome" "WebhookOutcome" NOT NULL DEFAULT 'Received',
    "error" TEXT,
    "payload" JSONB NOT NULL,

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "webhook_events_notification_id_key" ON "webhook_events"("notification_id");

-- CreateIndex
CREATE INDEX "webhook_events_account_id_subject_id_idx" ON "webhook_events"("account_id", "subject_id");

-- CreateIndex
CREATE INDEX "webhook_events_received_at_idx" ON "webhook_events"("received_at" DESC);
