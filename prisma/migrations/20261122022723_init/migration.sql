-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('Requested', 'Pending', 'Accepted', 'Refund', 'Rejected');

-- CreateEnum
CREATE TYPE "RefundType" AS ENUM ('Refund', 'ReturnAndRefund', 'Replacement');

-- CreateEnum
CREATE TYPE "RefundKind" AS ENUM ('Return', 'Cancellation');

-- CreateEnum
CREATE TYPE "StatusSource" AS ENUM ('Marketplace', 'AdminCompleted', 'AdminRejected');

-- CreateEnum
CREATE TYPE "RefundEventSource" AS ENUM ('Sync', 'Webhook', 'Admin', 'Marketplace');

-- CreateEnum
CREATE TYPE "AccountEnvironment" AS ENUM ('Production', 'Sandbox');

-- CreateEnum
CREATE TYPE "SyncTrigger" AS ENUM ('Manual', 'Cli', 'Schedule', 'Startup');

-- CreateEnum
CREATE TYPE "SyncOutcome" AS ENUM ('Running', 'Succeeded', 'PartiallyFailed', 'Failed');

-- CreateTable
CREATE TABLE "shop_accounts" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "environment" "AccountEnvironment" NOT NULL DEFAULT 'Production',
    "shop_id" TEXT,
    "shop_cipher" TEXT,
    "shop_code" TEXT,
    "region" TEXT,
    "seller_type" TEXT,
    "app_key" TEXT NOT NULL,
    "app_secret_enc" TEXT NOT NULL,
    "access_token_enc" TEXT,
    "access_token_expires_at" TIMESTAMPTZ(3),
    "refresh_token_enc" TEXT,
    "refresh_token_expires_at" TIMESTAMPTZ(3),
    "granted_scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "api_base_url" TEXT NOT NULL,
    "auth_base_url" TEXT NOT NULL,
    "write_back" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sync_watermark" TIMESTAMPTZ(3),
    "last_sync_at" TIMESTAMPTZ(3),
    "last_sync_outcome" "SyncOutcome",
    "last_sync_error" TEXT,
    "last_successful_sync_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shop_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refunds" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "kind" "RefundKind" NOT NULL,
    "marketplace_refund_id" TEXT NOT NULL,
    "marketplace_order_id" TEXT NOT NULL,
    "type" "RefundType" NOT NULL,
    "marketplace_type" TEXT,
    "status" "RefundStatus" NOT NULL,
    "marketplace_status" TEXT NOT NULL,
    "arbitration_status" TEXT,
    "status_detail" TEXT,
    "unmapped_status" BOOLEAN NOT NULL DEFAULT false,
    "needs_review" BOOLEAN NOT NULL DEFAULT false,
    "review_note" TEXT,
    "status_source" "StatusSource" NOT NULL DEFAULT 'Marketplace',
    "status_set_by_user_id" TEXT,
    "status_set_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "initiator_role" TEXT,
    "reason" TEXT,
    "reason_text" TEXT,
    "refund_amount" DECIMAL(18,4),
    "currency" VARCHAR(3),
    "seller_next_action" TEXT,
    "respond_by" TIMESTAMPTZ(3),
    "marketplace_created_at" TIMESTAMPTZ(3) NOT NULL,
    "marketplace_updated_at" TIMESTAMPTZ(3) NOT NULL,
    "raw" JSONB NOT NULL,
    "last_synced_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund_events" (
    "id" SERIAL NOT NULL,
    "refund_id" INTEGER NOT NULL,
    "source" "RefundEventSource" NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_user_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "from_status" "RefundStatus",
    "to_status" "RefundStatus",
    "from_marketplace_status" TEXT,
    "to_marketplace_status" TEXT,
    "note" TEXT,
    "data" JSONB,

    CONSTRAINT "refund_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" SERIAL NOT NULL,
    "trigger" "SyncTrigger" NOT NULL,
    "requested_by" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" "SyncOutcome" NOT NULL DEFAULT 'Running',
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "error" TEXT,

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_run_accounts" (
    "id" SERIAL NOT NULL,
    "run_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "outcome" "SyncOutcome" NOT NULL DEFAULT 'Running',
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "pages" INTEGER NOT NULL DEFAULT 0,
    "fetched" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "unmapped" INTEGER NOT NULL DEFAULT 0,
    "error_code" TEXT,
    "error" TEXT,
    "watermark_before" TIMESTAMPTZ(3),
    "watermark_after" TIMESTAMPTZ(3),

    CONSTRAINT "sync_run_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "shop_accounts_shop_id_key" ON "shop_accounts"("shop_id");

-- CreateIndex
CREATE INDEX "refunds_marketplace_created_at_id_idx" ON "refunds"("marketplace_created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "refunds_marketplace_updated_at_id_idx" ON "refunds"("marketplace_updated_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "refunds_respond_by_id_idx" ON "refunds"("respond_by", "id");

-- CreateIndex
CREATE INDEX "refunds_status_marketplace_created_at_id_idx" ON "refunds"("status", "marketplace_created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "refunds_account_id_marketplace_created_at_id_idx" ON "refunds"("account_id", "marketplace_created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "refunds_account_id_status_marketplace_updated_at_id_idx" ON "refunds"("account_id", "status", "marketplace_updated_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "refunds_marketplace_refund_id_idx" ON "refunds"("marketplace_refund_id");

-- CreateIndex
CREATE INDEX "refunds_marketplace_order_id_idx" ON "refunds"("marketplace_order_id");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_account_id_marketplace_refund_id_key" ON "refunds"("account_id", "marketplace_refund_id");

-- CreateIndex
CREATE INDEX "refund_events_refund_id_occurred_at_idx" ON "refund_events"("refund_id", "occurred_at");

-- CreateIndex
CREATE INDEX "sync_runs_started_at_idx" ON "sync_runs"("started_at" DESC);

-- CreateIndex
CREATE INDEX "sync_run_accounts_account_id_started_at_idx" ON "sync_run_accounts"("account_id", "started_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "sync_run_accounts_run_id_account_id_key" ON "sync_run_accounts"("run_id", "account_id");

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "shop_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_events" ADD CONSTRAINT "refund_events_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_run_accounts" ADD CONSTRAINT "sync_run_accounts_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "sync_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_run_accounts" ADD CONSTRAINT "sync_run_accounts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "shop_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
