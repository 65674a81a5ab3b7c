-- The grid's flag filters (needs review, unmapped status, decided here) as partial indexes in the
-- grid's default order: a flag's page reads its few rows instead of the whole table (~360 ms per
-- statement at 1M refunds before), and its status counts and money totals read the index alone
-- (status, currency and amount follow the order). Each predicate is the filter's own condition
-- (src/features/refunds/sql-filters.ts), which PostgreSQL must match to use the index.

-- CreateIndex
CREATE INDEX "refunds_needs_review_idx" ON "refunds"("marketplace_created_at" DESC, "id" DESC, "status", "currency", "refund_amount") WHERE (needs_review);

-- CreateIndex
CREATE INDEX "refunds_unmapped_status_idx" ON "refunds"("marketplace_created_at" DESC, "id" DESC, "status", "currency", "refund_amount") WHERE (unmapped_status);

-- CreateIndex
CREATE INDEX "refunds_manual_status_idx" ON "refunds"("marketplace_created_at" DESC, "id" DESC, "status", "currency", "refund_amount") WHERE (status_source <> 'Marketplace');
