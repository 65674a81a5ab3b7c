-- AlterTable
ALTER TABLE "analytics_rollup_state" ADD COLUMN     "all_shops_month_compacted_through" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "refund_all_shops_month_deltas" (
    "id" BIGSERIAL NOT NULL,
    "month" DATE NOT NULL,
    "currency" TEXT NOT NULL DEFAULT '',
    "status" "RefundStatus" NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "refunds" INTEGER NOT NULL,
    "amount" DECIMAL(18,4) NOT NULL,

    CONSTRAINT "refund_all_shops_month_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "refund_all_shops_month_deltas_month_status_currency_reason_idx" ON "refund_all_shops_month_deltas"("month", "status", "currency", "reason");

-- The day log summed over shops and by month. The trigger that keeps the all-shops day log now
-- keeps this one too (one trigger: each firing with its transition table costs more than the
-- second insert), skipped like it while the day log is folded (the sums do not change).
CREATE OR REPLACE FUNCTION refund_day_deltas_all_shops() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('refunds.folding_day_log', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO refund_all_shops_day_deltas (day, currency, status, reason, refunds, amount)
  SELECT day, currency, status, reason, sum(refunds), sum(amount) FROM new_rows
   GROUP BY day, currency, status, reason HAVING sum(refunds) <> 0 OR sum(amount) <> 0;
  INSERT INTO refund_all_shops_month_deltas (month, currency, status, reason, refunds, amount)
  SELECT date_trunc('month', day)::date, currency, status, reason, sum(refunds), sum(amount) FROM new_rows
   GROUP BY 1, currency, status, reason HAVING sum(refunds) <> 0 OR sum(amount) <> 0;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION refund_day_deltas_all_shops_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE refund_all_shops_day_deltas, refund_all_shops_month_deltas;
  RETURN NULL;
END
$$;

-- What the day log holds today, folded; writers of the day log wait until it is in.
LOCK TABLE refund_day_deltas IN SHARE MODE;
INSERT INTO refund_all_shops_month_deltas (month, currency, status, reason, refunds, amount)
SELECT date_trunc('month', day)::date, currency, status, reason, sum(refunds), sum(amount) FROM refund_day_deltas
 GROUP BY 1, currency, status, reason HAVING sum(refunds) <> 0 OR sum(amount) <> 0;
UPDATE analytics_rollup_state SET all_shops_month_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_all_shops_month_deltas);
