-- CreateEnum
CREATE TYPE "RefundDecisionKind" AS ENUM ('Approved', 'Rejected', 'PartialOffered', 'ConfirmedRefund', 'ConfirmedRejection');

-- CreateEnum
CREATE TYPE "DecisionState" AS ENUM ('Claimed', 'Sent', 'Applied', 'Refused', 'Abandoned');

-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "decision_at" TIMESTAMPTZ(3),
ADD COLUMN     "decision_by" TEXT,
ADD COLUMN     "decision_by_user_id" TEXT,
ADD COLUMN     "decision_claim_id" INTEGER,
ADD COLUMN     "decision_kind" "RefundDecisionKind",
ADD COLUMN     "review_flagged_at" TIMESTAMPTZ(3),
ADD COLUMN     "review_resolved_for" TEXT;

-- CreateTable
CREATE TABLE "refund_decisions" (
    "id" SERIAL NOT NULL,
    "refund_id" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "kind" "RefundDecisionKind" NOT NULL,
    "state" "DecisionState" NOT NULL,
    "tiktok_call" TEXT,
    "tiktok_decision" TEXT,
    "reject_reason" TEXT,
    "partial_amount" DECIMAL(18,4),
    "partial_currency" VARCHAR(8),
    "note" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "actor_user_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "marketplace_status_before" TEXT NOT NULL,
    "marketplace_status_after" TEXT,
    "error_code" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "refund_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "deadline_enabled" BOOLEAN NOT NULL DEFAULT true,
    "deadline_hours" INTEGER NOT NULL DEFAULT 12,
    "disagreement_enabled" BOOLEAN NOT NULL DEFAULT true,
    "digest_minutes" INTEGER NOT NULL DEFAULT 30,
    "webhook_url_enc" TEXT,
    "smtp_host" TEXT,
    "smtp_port" INTEGER,
    "smtp_secure" BOOLEAN NOT NULL DEFAULT false,
    "smtp_user" TEXT,
    "smtp_password_enc" TEXT,
    "email_from" TEXT,
    "email_to" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "lease_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT,

    CONSTRAINT "alert_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_items" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "refund_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "webhook_delivery_id" INTEGER,
    "email_delivery_id" INTEGER,

    CONSTRAINT "alert_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_deliveries" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" TEXT,
    "error" TEXT,
    "item_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "refund_decisions_idempotency_key_key" ON "refund_decisions"("idempotency_key");

-- CreateIndex
CREATE INDEX "refund_decisions_refund_id_created_at_idx" ON "refund_decisions"("refund_id", "created_at");

-- CreateIndex
CREATE INDEX "refund_decisions_state_created_at_idx" ON "refund_decisions"("state", "created_at");

-- CreateIndex
CREATE INDEX "alert_items_created_at_idx" ON "alert_items"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "alert_items_kind_refund_id_key_key" ON "alert_items"("kind", "refund_id", "key");

-- CreateIndex
CREATE INDEX "alert_deliveries_channel_started_at_idx" ON "alert_deliveries"("channel", "started_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "refunds_decision_claim_id_key" ON "refunds"("decision_claim_id");

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_decision_claim_id_fkey" FOREIGN KEY ("decision_claim_id") REFERENCES "refund_decisions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_decisions" ADD CONSTRAINT "refund_decisions_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_items" ADD CONSTRAINT "alert_items_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Decisions made before this version marked a row Refund (Completed) or Rejected whatever TikTok
-- said. The internal status now never claims more than TikTok confirms: each such row shows
-- TikTok's own status (mapped as in src/server/sync/status-mapping.ts), keeps the operator's
-- decision beside it, and is flagged for review where the two disagree (a Completed on a request
-- TikTok had not approved, a Reject on one TikTok had not rejected).
WITH legacy AS (
  SELECT r.id, r.status_source, r.status_set_at,
    CASE WHEN r.arbitration_status = 'IN_PROGRESS' THEN 'Pending' ELSE CASE r.marketplace_status
      WHEN 'RETURN_OR_REFUND_REQUEST_PENDING' THEN 'Requested'
      WHEN 'REPLACEMENT_REQUEST_PENDING' THEN 'Requested'
      WHEN 'CANCELLATION_REQUEST_PENDING' THEN 'Requested'
      WHEN 'AWAITING_BUYER_RESPONSE' THEN 'Pending'
      WHEN 'AWAITING_BUYER_SHIP' THEN 'Pending'
      WHEN 'BUYER_SHIPPED_ITEM' THEN 'Pending'
      WHEN 'RETURN_OR_REFUND_REQUEST_SUCCESS' THEN 'Accepted'
      WHEN 'CANCELLATION_REQUEST_SUCCESS' THEN 'Accepted'
      WHEN 'REPLACEMENT_REQUEST_REFUND_SUCCESS' THEN 'Accepted'
      WHEN 'RETURN_OR_REFUND_REQUEST_COMPLETE' THEN 'Refund'
      WHEN 'CANCELLATION_REQUEST_COMPLETE' THEN 'Refund'
      WHEN 'REPLACEMENT_REQUEST_COMPLETE' THEN 'Refund'
      WHEN 'REFUND_OR_RETURN_REQUEST_REJECT' THEN 'Rejected'
      WHEN 'REJECT_RECEIVE_PACKAGE' THEN 'Rejected'
      WHEN 'REPLACEMENT_REQUEST_REJECT' THEN 'Rejected'
      WHEN 'RETURN_OR_REFUND_REQUEST_CANCEL' THEN 'Rejected'
      WHEN 'REPLACEMENT_REQUEST_CANCEL' THEN 'Rejected'
      WHEN 'CANCELLATION_REQUEST_CANCEL' THEN 'Rejected'
      WHEN 'CANCELLATION_REQUEST_CANCELLED' THEN 'Rejected'
      ELSE 'Pending' END END AS mapped,
    (SELECT e.actor_label FROM refund_events e WHERE e.refund_id = r.id AND e.source = 'Admin' ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) AS actor,
    r.status_set_by_user_id AS actor_id
  FROM refunds r
  WHERE r.status_source <> 'Marketplace'
), judged AS (
  SELECT l.*,
    (l.status_source = 'AdminCompleted' AND l.mapped IN ('Accepted', 'Refund')) OR (l.status_source = 'AdminRejected' AND l.mapped = 'Rejected') AS agrees
  FROM legacy l
)
UPDATE refunds r SET
  decision_kind = (CASE WHEN j.status_source = 'AdminCompleted' THEN 'ConfirmedRefund' ELSE 'ConfirmedRejection' END)::"RefundDecisionKind",
  decision_by = coalesce(j.actor, 'an operator'),
  decision_by_user_id = j.actor_id,
  decision_at = j.status_set_at,
  status = (CASE WHEN j.agrees AND j.status_source = 'AdminCompleted' THEN 'Refund' ELSE j.mapped END)::"RefundStatus",
  status_source = (CASE WHEN j.agrees THEN j.status_source::text ELSE 'Marketplace' END)::"StatusSource",
  needs_review = NOT j.agrees OR r.needs_review,
  review_note = CASE WHEN j.agrees THEN r.review_note ELSE
    'Marked ' || CASE WHEN j.status_source = 'AdminCompleted' THEN 'Completed' ELSE 'Rejected' END || ' here by ' || coalesce(j.actor, 'an operator')
    || ' on ' || to_char(j.status_set_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC, but TikTok says ' || initcap(replace(lower(r.marketplace_status), '_', ' '))
    || ' (' || j.mapped || '). Shown as ' || j.mapped || ' until TikTok confirms.' END,
  review_flagged_at = CASE WHEN j.agrees THEN r.review_flagged_at ELSE now() END,
  version = r.version + 1
FROM judged j
WHERE r.id = j.id;

ALTER TABLE "refunds" DROP COLUMN "status_set_by_user_id";
