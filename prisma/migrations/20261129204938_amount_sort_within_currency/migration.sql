-- The amount sort: currency, then amount, newest first, rows without an amount last (the order of
-- src/features/refunds/queries.ts orderBy for the default descending direction). Ascending sorts
-- are rarer and sort in memory.
CREATE INDEX "refunds_currency_amount_idx" ON "refunds"("currency" DESC NULLS LAST, "refund_amount" DESC NULLS LAST, "id" DESC);
