-- AlterTable
ALTER TABLE "refund_all_shops_count_deltas" ADD COLUMN     "amount" DECIMAL(18,4) NOT NULL DEFAULT 0,
ADD COLUMN     "currency" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "refund_count_deltas" ADD COLUMN     "amount" DECIMAL(18,4) NOT NULL DEFAULT 0,
ADD COLUMN     "currency" TEXT NOT NULL DEFAULT '';

-- The count logs gain the currency and the change in the amount, so that the grid's money totals
-- (count and sum per currency of every row matching the filters) and a currency filter come from
-- the log too. Summed from the rows, the unfiltered totals read every refund: ~100 ms at 1M, 1-2 s
-- at 10M, on every filter change of every user; from the log over shops, a few hundred rows.
-- A missing amount adds 0 (as in the day log); src/features/refunds/totals.ts tells a currency
-- whose rows all lack an amount from one summing to zero by asking the rows when the sum is zero.
-- An UPDATE that changes an amount but no key appends a row with delta 0 and the amount's change.
CREATE OR REPLACE FUNCTION refund_count_deltas_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO refund_count_deltas (account_id, status, type, reason_label, currency, delta, amount)
    SELECT account_id, status, type, reason_label, coalesce(currency, ''), count(*)::int, coalesce(sum(refund_amount), 0)
      FROM new_rows GROUP BY account_id, status, type, reason_label, coalesce(currency, '');
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO refund_count_deltas (account_id, status, type, reason_label, currency, delta, amount)
    SELECT account_id, status, type, reason_label, coalesce(currency, ''), -count(*)::int, -coalesce(sum(refund_amount), 0)
      FROM old_rows GROUP BY account_id, status, type, reason_label, coalesce(currency, '');
  ELSE
    INSERT INTO refund_count_deltas (account_id, status, type, reason_label, currency, delta, amount)
    SELECT account_id, status, type, reason_label, currency, sum(d)::int, sum(a) FROM (
      SELECT account_id, status, type, reason_label, coalesce(currency, '') AS currency, -1 AS d, -coalesce(refund_amount, 0) AS a FROM old_rows
      UNION ALL
      SELECT account_id, status, type, reason_label, coalesce(currency, ''), 1, coalesce(refund_amount, 0) FROM new_rows
    ) changes GROUP BY account_id, status, type, reason_label, currency HAVING sum(d) <> 0 OR sum(a) <> 0;
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION refund_count_deltas_all_shops() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('refunds.folding_count_log', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO refund_all_shops_count_deltas (status, type, reason_label, currency, delta, amount)
  SELECT status, type, reason_label, currency, sum(delta), sum(amount) FROM new_rows
   GROUP BY status, type, reason_label, currency HAVING sum(delta) <> 0 OR sum(amount) <> 0;
  RETURN NULL;
END
$$;

-- Rebuild both logs from the rows; the lock keeps writers out until they match the table again.
-- (Truncating the per-shop log truncates the one over shops; the insert refills it by trigger.)
LOCK TABLE "refunds" IN SHARE MODE;
TRUNCATE "refund_count_deltas";
INSERT INTO "refund_count_deltas" (account_id, status, type, reason_label, currency, delta, amount)
SELECT account_id, status, type, reason_label, coalesce(currency, ''), count(*)::int, coalesce(sum(refund_amount), 0)
  FROM "refunds" GROUP BY account_id, status, type, reason_label, coalesce(currency, '');
