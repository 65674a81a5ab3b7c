-- AlterTable
ALTER TABLE "analytics_rollup_state" ADD COLUMN     "performance_month_compacted_through" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "shop_performance_month_deltas" (
    "id" BIGSERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "orders" BIGINT NOT NULL,
    "days" INTEGER NOT NULL,

    CONSTRAINT "shop_performance_month_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "shop_performance_month_deltas_month_account_id_idx" ON "shop_performance_month_deltas"("month", "account_id");

-- TikTok's reported days by month: -1 for each old row with orders, +1 for each new one, grouped
-- per statement (the finance sync upserts a shop's days: its INSERT and UPDATE statements fire
-- their own triggers). Rows whose orders are NULL are days TikTok has not reported.
CREATE FUNCTION shop_performance_month_delta_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$
  INSERT INTO shop_performance_month_deltas (account_id, month, orders, days)
  SELECT account_id, date_trunc('month', date::timestamp)::date, sum(sign * orders), sum(sign)
    FROM (%s) c
   WHERE orders IS NOT NULL
   GROUP BY 1, 2
  HAVING sum(sign * orders) <> 0 OR sum(sign) <> 0
$q$, src) $f$;

DO $gen$
DECLARE
  op record;
BEGIN
  FOR op IN SELECT * FROM (VALUES
    ('shop_performance_inserted', 'SELECT 1 AS sign, account_id, date, orders FROM new_rows'),
    ('shop_performance_deleted', 'SELECT -1 AS sign, account_id, date, orders FROM old_rows'),
    ('shop_performance_updated', 'SELECT -1 AS sign, account_id, date, orders FROM old_rows UNION ALL SELECT 1, account_id, date, orders FROM new_rows')) AS t(name, src)
  LOOP
    EXECUTE format($body$
CREATE FUNCTION %I() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  %s;
  RETURN NULL;
END
$fn$;$body$, op.name, shop_performance_month_delta_sql(op.src));
  END LOOP;
END
$gen$;

CREATE FUNCTION shop_performance_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE shop_performance_month_deltas;
  RETURN NULL;
END
$$;

CREATE TRIGGER shop_performance_month_insert AFTER INSERT ON shop_daily_performance REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION shop_performance_inserted();
CREATE TRIGGER shop_performance_month_update AFTER UPDATE ON shop_daily_performance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION shop_performance_updated();
CREATE TRIGGER shop_performance_month_delete AFTER DELETE ON shop_daily_performance REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION shop_performance_deleted();
CREATE TRIGGER shop_performance_month_truncate AFTER TRUNCATE ON shop_daily_performance
  FOR EACH STATEMENT EXECUTE FUNCTION shop_performance_truncated();

-- What TikTok has reported so far, folded; writers of the days wait until it is in.
LOCK TABLE shop_daily_performance IN SHARE MODE;
INSERT INTO shop_performance_month_deltas (account_id, month, orders, days)
SELECT account_id, date_trunc('month', date::timestamp)::date, sum(orders), count(*)
  FROM shop_daily_performance WHERE orders IS NOT NULL GROUP BY 1, 2;
UPDATE analytics_rollup_state SET performance_month_compacted_through = (SELECT coalesce(max(id), 0) FROM shop_performance_month_deltas);
