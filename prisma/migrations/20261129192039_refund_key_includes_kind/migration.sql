-- DropIndex
DROP INDEX "refunds_account_id_marketplace_refund_id_key";

-- CreateIndex
CREATE UNIQUE INDEX "refunds_account_id_kind_marketplace_refund_id_key" ON "refunds"("account_id", "kind", "marketplace_refund_id");
