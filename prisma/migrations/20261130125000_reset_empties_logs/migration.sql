-- TRUNCATE refunds (what `npm run db:seed -- --reset` runs) fires no row or statement trigger, so
-- the logs kept from the refunds must be emptied by its TRUNCATE trigger. It emptied the day and
-- SKU logs with DELETE, which the sums over shops (kept beside the day log) never heard of, and
-- left the count logs alone: after a reset and a new seed the grid's status counts were the old
-- ones plus the new (tests/integration/reset-logs.test.ts). Every log is now emptied with
-- TRUNCATE, whose own triggers empty the sums over shops (of the count log and of the day log).
-- Answers and decisions go with refunds (TRUNCATE ... CASCADE), and their logs by their own
-- branch, unchanged.
CREATE OR REPLACE FUNCTION analytics_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'refunds' THEN
    TRUNCATE refund_day_deltas, refund_sku_deltas, refund_count_deltas;
  ELSIF TG_TABLE_NAME = 'refund_answers' THEN
    DELETE FROM refund_answer_deltas;
  ELSIF TG_TABLE_NAME = 'refund_decisions' THEN
    DELETE FROM refund_decision_deltas;
  END IF;
  RETURN NULL;
END
$$;
