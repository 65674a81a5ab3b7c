-- AlterTable
ALTER TABLE "analytics_rollup_state" ADD COLUMN     "all_shops_day_compacted_through" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "refund_all_shops_day_deltas" (
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "currency" TEXT NOT NULL DEFAULT '',
    "status" "RefundStatus" NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "refunds" INTEGER NOT NULL,
    "amount" DECIMAL(18,4) NOT NULL,

    CONSTRAINT "refund_all_shops_day_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "refund_all_shops_day_deltas_day_status_currency_reason_idx" ON "refund_all_shops_day_deltas"("day", "status", "currency", "reason");

-- The day log summed over shops. Counts and totals over every shop read it instead of the day log:
-- at 10M refunds over 500 shops a month of the day log is 135,000 rows (one per shop, day,
-- currency, status and reason; the many small shops have about one refund per key), read in
-- 135 ms; summed over shops it is ~1 row per day, currency, status and reason.
--
-- Kept by a statement-level trigger on the day log, so it follows every writer of that log (the
-- refunds triggers, the rebuild) in the same transaction. The day log is append-only except for
-- folds, which rewrite rows as their sums: a fold sets refunds.folding_day_log for its own
-- transaction and the trigger then adds nothing (the sums did not change).
CREATE FUNCTION refund_day_deltas_all_shops() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('refunds.folding_day_log', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO refund_all_shops_day_deltas (day, currency, status, reason, refunds, amount)
  SELECT day, currency, status, reason, sum(refunds), sum(amount) FROM new_rows
   GROUP BY day, currency, status, reason HAVING sum(refunds) <> 0 OR sum(amount) <> 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER refund_day_deltas_all_shops AFTER INSERT ON refund_day_deltas
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refund_day_deltas_all_shops();

-- A rebuild (or a test) empties the day log with TRUNCATE: the sums go with it.
CREATE FUNCTION refund_day_deltas_all_shops_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE refund_all_shops_day_deltas;
  RETURN NULL;
END
$$;

CREATE TRIGGER refund_day_deltas_all_shops_truncate AFTER TRUNCATE ON refund_day_deltas
  FOR EACH STATEMENT EXECUTE FUNCTION refund_day_deltas_all_shops_truncate();

-- What the day log holds today, already folded.
INSERT INTO refund_all_shops_day_deltas (day, currency, status, reason, refunds, amount)
SELECT day, currency, status, reason, sum(refunds), sum(amount) FROM refund_day_deltas
 GROUP BY day, currency, status, reason HAVING sum(refunds) <> 0 OR sum(amount) <> 0;
UPDATE analytics_rollup_state SET all_shops_day_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_all_shops_day_deltas);
