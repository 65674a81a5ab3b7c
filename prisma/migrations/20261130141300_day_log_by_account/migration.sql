-- The per-shop day log's index led with the day: the grid's status counts for picked shops under
-- a created range read every shop's keys of the range and kept the picked ones (a year for one
-- shop at 10M refunds over 500 shops: ~1.7M log rows). Led by the shop, they read the shop's own.
-- The analytics page over every shop reads the keys of its range either way: at 1M refunds over
-- 500 shops, its 12 months took 245-263 ms with the old index and 241-259 ms with the new (a
-- scratch A/B on one seed, indexes swapped twice). The fold matches all five keys, in any order.
-- One index replaces the other: no write costs more.

-- DropIndex
DROP INDEX "refund_day_deltas_day_account_id_currency_status_reason_idx";

-- CreateIndex
CREATE INDEX "refund_day_deltas_account_id_day_currency_status_reason_idx" ON "refund_day_deltas"("account_id", "day", "currency", "status", "reason");
