-- AlterTable
ALTER TABLE "analytics_rollup_state" ADD COLUMN     "all_shops_answer_compacted_through" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "all_shops_answer_month_compacted_through" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "shop_day_compacted_through" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "shop_month_compacted_through" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "refund_shop_day_deltas" (
    "id" BIGSERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "currency" TEXT NOT NULL DEFAULT '',
    "status" "RefundStatus" NOT NULL,
    "refunds" INTEGER NOT NULL,
    "amount" DECIMAL(18,4) NOT NULL,

    CONSTRAINT "refund_shop_day_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund_shop_month_deltas" (
    "id" BIGSERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "currency" TEXT NOT NULL DEFAULT '',
    "status" "RefundStatus" NOT NULL,
    "refunds" INTEGER NOT NULL,
    "amount" DECIMAL(18,4) NOT NULL,

    CONSTRAINT "refund_shop_month_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund_all_shops_answer_deltas" (
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "currency" TEXT NOT NULL DEFAULT '',
    "source" "RefundAnswerSource" NOT NULL,
    "band" SMALLINT NOT NULL,
    "answers" INTEGER NOT NULL,
    "seconds" BIGINT NOT NULL,

    CONSTRAINT "refund_all_shops_answer_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund_all_shops_answer_month_deltas" (
    "id" BIGSERIAL NOT NULL,
    "month" DATE NOT NULL,
    "currency" TEXT NOT NULL DEFAULT '',
    "source" "RefundAnswerSource" NOT NULL,
    "band" SMALLINT NOT NULL,
    "answers" INTEGER NOT NULL,
    "seconds" BIGINT NOT NULL,

    CONSTRAINT "refund_all_shops_answer_month_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "refund_shop_day_deltas_day_account_id_currency_status_idx" ON "refund_shop_day_deltas"("day", "account_id", "currency", "status");

-- CreateIndex
CREATE INDEX "refund_shop_month_deltas_month_account_id_currency_status_idx" ON "refund_shop_month_deltas"("month", "account_id", "currency", "status");

-- CreateIndex
CREATE INDEX "refund_all_shops_answer_deltas_day_currency_source_band_idx" ON "refund_all_shops_answer_deltas"("day", "currency", "source", "band");

-- CreateIndex
CREATE INDEX "refund_all_shops_answer_month_deltas_month_currency_source__idx" ON "refund_all_shops_answer_month_deltas"("month", "currency", "source", "band");

-- The refunds' grouping of 20261130140204_updated_day_log, with the per-shop logs without the
-- reason (shop_rows: by day and by month). The other parts are unchanged.
CREATE OR REPLACE FUNCTION analytics_refund_delta_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$
  WITH c AS MATERIALIZED (%s),
  day_rows AS (
    INSERT INTO refund_day_deltas (account_id, day, currency, status, reason, refunds, amount)
    SELECT account_id, (marketplace_created_at AT TIME ZONE $1)::date, coalesce(currency, ''), status, coalesce(reason, ''),
           sum(sign), coalesce(sum(sign * refund_amount), 0)
      FROM c
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(sign) <> 0 OR coalesce(sum(sign * refund_amount), 0) <> 0
    RETURNING 1),
  all_shops AS MATERIALIZED (
    SELECT (marketplace_created_at AT TIME ZONE $1)::date AS day, coalesce(currency, '') AS currency, status, coalesce(reason, '') AS reason,
           type, coalesce(reason_label, '') AS reason_label, sum(sign) AS refunds, coalesce(sum(sign * refund_amount), 0) AS amount
      FROM c
     GROUP BY 1, 2, 3, 4, 5, 6),
  all_shops_day_rows AS (
    INSERT INTO refund_all_shops_day_deltas (day, currency, status, reason, type, reason_label, refunds, amount)
    SELECT day, currency, status, reason, type, reason_label, refunds, amount FROM all_shops WHERE refunds <> 0 OR amount <> 0
    RETURNING 1),
  all_shops_month_rows AS (
    INSERT INTO refund_all_shops_month_deltas (month, currency, status, reason, type, reason_label, refunds, amount)
    SELECT date_trunc('month', day)::date, currency, status, reason, type, reason_label, sum(refunds), sum(amount)
      FROM all_shops
     GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(refunds) <> 0 OR sum(amount) <> 0
    RETURNING 1),
  shop_rows AS MATERIALIZED (
    SELECT account_id, (marketplace_created_at AT TIME ZONE $1)::date AS day, coalesce(currency, '') AS currency, status,
           sum(sign) AS refunds, coalesce(sum(sign * refund_amount), 0) AS amount
      FROM c
     GROUP BY 1, 2, 3, 4),
  shop_day_rows AS (
    INSERT INTO refund_shop_day_deltas (account_id, day, currency, status, refunds, amount)
    SELECT account_id, day, currency, status, refunds, amount FROM shop_rows WHERE refunds <> 0 OR amount <> 0
    RETURNING 1),
  shop_month_rows AS (
    INSERT INTO refund_shop_month_deltas (account_id, month, currency, status, refunds, amount)
    SELECT account_id, date_trunc('month', day)::date, currency, status, sum(refunds), sum(amount)
      FROM shop_rows
     GROUP BY 1, 2, 3, 4
    HAVING sum(refunds) <> 0 OR sum(amount) <> 0
    RETURNING 1),
  updated_rows AS (
    INSERT INTO refund_all_shops_updated_deltas (day, currency, status, refunds, amount)
    SELECT (marketplace_updated_at AT TIME ZONE $1)::date, coalesce(currency, ''), status, sum(sign), coalesce(sum(sign * refund_amount), 0)
      FROM c
     GROUP BY 1, 2, 3
    HAVING sum(sign) <> 0 OR coalesce(sum(sign * refund_amount), 0) <> 0
    RETURNING 1)
  INSERT INTO refund_sku_deltas (account_id, day, currency, status, sku_id, seller_sku, product_name, sku_name, units, refunds, amount)
  SELECT account_id, day, currency, status, sku_id, seller_sku, product_name, sku_name, sum(sign * units), sum(sign), sum(sign * amount)
    FROM (
      SELECT c.sign, c.id, c.account_id, (c.marketplace_created_at AT TIME ZONE $1)::date AS day, c.status,
             coalesce(li->>'currency', c.currency, '') AS currency, coalesce(li->>'skuId', '') AS sku_id,
             max(coalesce(li->>'sellerSku', '')) AS seller_sku, max(coalesce(li->>'productName', '')) AS product_name,
             max(coalesce(li->>'skuName', '')) AS sku_name, count(*) AS units,
             sum(CASE WHEN li->>'amount' ~ '^-?[0-9]{1,14}(\.[0-9]{1,4})?$' THEN (li->>'amount')::numeric ELSE 0 END) AS amount
        FROM c CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(c.line_items) = 'array' THEN c.line_items ELSE '[]'::jsonb END) AS li
       WHERE jsonb_typeof(li) = 'object'
       GROUP BY c.sign, c.id, c.account_id, 4, c.status, 6, 7
    ) per_refund
   GROUP BY account_id, day, currency, status, sku_id, seller_sku, product_name, sku_name
  HAVING sum(sign * units) <> 0 OR sum(sign) <> 0 OR sum(sign * amount) <> 0
$q$, src) $f$;

-- The refunds triggers' static bodies, generated again from the functions above: the DO block of
-- 20261129230500_analytics_triggers_static (whose comments explain them), as in
-- 20261130140204_updated_day_log. Only each body's first statement (the grouping) differs from it.
DO $gen$
DECLARE
  cols text := analytics_refund_columns();
  ocols text := (SELECT string_agg('o.' || trim(c), ', ') FROM unnest(string_to_array(analytics_refund_columns(), ',')) AS c);
  ncols text := (SELECT string_agg('n.' || trim(c), ', ') FROM unnest(string_to_array(analytics_refund_columns(), ',')) AS c);
  inserted text := replace(analytics_refund_delta_sql(format('SELECT 1 AS sign, %s FROM new_rows', cols)), '$1', 'zone');
  deleted text := replace(analytics_refund_delta_sql(format('SELECT -1 AS sign, %s FROM old_rows', cols)), '$1', 'zone');
  updated text := replace(analytics_refund_delta_sql(format(
    'SELECT -1 AS sign, %1$s FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id WHERE n.id IS NULL OR %3$s'
    ' UNION ALL SELECT 1 AS sign, %2$s FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id WHERE o.id IS NULL OR %3$s',
    ocols, ncols, analytics_refund_changed_sql('o', 'n'))), '$1', 'zone');
BEGIN
  IF (inserted || deleted || updated) ~ '\$[0-9]' THEN
    RAISE EXCEPTION 'analytics delta SQL takes parameters other than the zone';
  END IF;

  EXECUTE format($body$
CREATE OR REPLACE FUNCTION analytics_refunds_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
BEGIN
  IF zone IS NOT NULL THEN
    %s;
  END IF;
  RETURN NULL;
END
$fn$;$body$, inserted);

  EXECUTE format($body$
CREATE OR REPLACE FUNCTION analytics_refunds_deleted() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
BEGIN
  IF zone IS NOT NULL THEN
    %s;
  END IF;
  RETURN NULL;
END
$fn$;$body$, deleted);

  -- The answer detection and the moves of answers and decisions as in analytics_refunds_apply
  -- (its comments explain them), each limited to the rows where what it reads changed.
  EXECUTE format($body$
CREATE OR REPLACE FUNCTION analytics_refunds_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
  waiting text[] := ARRAY['RETURN_OR_REFUND_REQUEST_PENDING', 'REPLACEMENT_REQUEST_PENDING', 'CANCELLATION_REQUEST_PENDING'];
  withdrawn text[] := ARRAY['RETURN_OR_REFUND_REQUEST_CANCEL', 'REPLACEMENT_REQUEST_CANCEL', 'CANCELLATION_REQUEST_CANCEL',
                            'CANCELLATION_REQUEST_CANCELLED', 'RETURN_OR_REFUND_CANCEL', 'RETURN_OR_REFUND__REQUEST_CANCELLED'];
  approved text[] := ARRAY['RETURN_OR_REFUND_REQUEST_SUCCESS', 'REQUEST_SUCCESS', 'RETURN_OR_REFUND_REQUEST_COMPLETE', 'AWAITING_BUYER_SHIP',
                           'BUYER_SHIPPED_ITEM', 'CANCELLATION_REQUEST_SUCCESS', 'CANCELLATION_REQUEST_COMPLETE', 'REPLACEMENT_REQUEST_COMPLETE',
                           'REPLACEMENT_REQUEST_REFUND_SUCCESS'];
BEGIN
  IF zone IS NULL OR NOT EXISTS (SELECT 1 FROM old_rows o FULL JOIN new_rows n ON n.id = o.id WHERE o.id IS NULL OR n.id IS NULL OR %2$s) THEN
    RETURN NULL;
  END IF;
  %1$s;

  INSERT INTO refund_answers (refund_id, account_id, requested_at, currency, answered_at, source, deadline, answer_status)
  SELECT n.id, n.account_id, n.marketplace_created_at, coalesce(n.currency, ''), least(n.marketplace_updated_at, d.sent_at),
         (CASE WHEN d.sent_at IS NOT NULL THEN 'Panel'
               WHEN o.respond_by IS NOT NULL AND n.marketplace_updated_at >= o.respond_by
                    AND upper(trim(n.marketplace_status)) = ANY (approved) THEN 'Auto'
               ELSE 'Seller' END)::"RefundAnswerSource",
         o.respond_by, n.marketplace_status
    FROM old_rows o
    JOIN new_rows n ON n.id = o.id
    LEFT JOIN LATERAL (
      SELECT min(coalesce(x.sent_at, x.finished_at)) AS sent_at FROM refund_decisions x
       WHERE x.refund_id = n.id AND x.tiktok_call IS NOT NULL AND x.state IN ('Sent', 'Applied')) d ON true
   WHERE o.marketplace_status IS DISTINCT FROM n.marketplace_status
     AND upper(trim(o.marketplace_status)) = ANY (waiting)
     AND NOT upper(trim(n.marketplace_status)) = ANY (waiting)
     AND (d.sent_at IS NOT NULL OR NOT upper(trim(n.marketplace_status)) = ANY (withdrawn))
  ON CONFLICT (refund_id) DO NOTHING;

  UPDATE refund_answers a
     SET account_id = n.account_id, requested_at = n.marketplace_created_at, currency = coalesce(n.currency, '')
    FROM old_rows o JOIN new_rows n ON n.id = o.id
   WHERE a.refund_id = n.id
     AND (o.account_id, o.marketplace_created_at, o.currency) IS DISTINCT FROM (n.account_id, n.marketplace_created_at, n.currency);

  INSERT INTO refund_decision_deltas (account_id, day, currency, actor_label, kind, decisions, refunds)
  SELECT account_id, day, currency, actor_label, kind, sum(sign * n), sum(sign)
    FROM (
      SELECT s.sign, s.account_id, (s.created AT TIME ZONE zone)::date AS day, coalesce(s.currency, '') AS currency, d.actor_label, d.kind, count(*) AS n
        FROM (SELECT -1 AS sign, o.id, o.account_id, o.marketplace_created_at AS created, o.currency
                FROM old_rows o JOIN new_rows n ON n.id = o.id
               WHERE (o.account_id, o.marketplace_created_at, o.currency) IS DISTINCT FROM (n.account_id, n.marketplace_created_at, n.currency)
              UNION ALL
              SELECT 1, n.id, n.account_id, n.marketplace_created_at, n.currency
                FROM old_rows o JOIN new_rows n ON n.id = o.id
               WHERE (o.account_id, o.marketplace_created_at, o.currency) IS DISTINCT FROM (n.account_id, n.marketplace_created_at, n.currency)) s
        JOIN refund_decisions d ON d.refund_id = s.id AND d.state = 'Applied'
       GROUP BY s.sign, s.id, s.account_id, 3, 4, d.actor_label, d.kind
    ) moved
   GROUP BY account_id, day, currency, actor_label, kind
  HAVING sum(sign * n) <> 0 OR sum(sign) <> 0;
  RETURN NULL;
END
$fn$;$body$, updated, analytics_refund_changed_sql('o', 'n'));

END
$gen$;

-- The answers' grouping: the per-shop answer log as before (20261129205740_analytics_rollups), and
-- its sums over shops by day and by month, from the same grouped rows in the same statement.
CREATE OR REPLACE FUNCTION analytics_answer_delta_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$
  WITH g AS MATERIALIZED (
    SELECT account_id, (requested_at AT TIME ZONE $1)::date AS day, currency, source,
           CASE WHEN seconds < 3600 THEN 0 WHEN seconds < 14400 THEN 1 WHEN seconds < 43200 THEN 2
                WHEN seconds < 86400 THEN 3 WHEN seconds < 172800 THEN 4 ELSE 5 END AS band,
           sum(sign) AS answers, sum(sign * seconds) AS seconds
      FROM (SELECT c.*, greatest(0, floor(extract(epoch FROM c.answered_at - c.requested_at)))::bigint AS seconds FROM (%s) c) x
     GROUP BY 1, 2, 3, 4, 5),
  shop_rows AS (
    INSERT INTO refund_answer_deltas (account_id, day, currency, source, band, answers, seconds)
    SELECT account_id, day, currency, source, band, answers, seconds FROM g WHERE answers <> 0 OR seconds <> 0
    RETURNING 1),
  day_rows AS (
    INSERT INTO refund_all_shops_answer_deltas (day, currency, source, band, answers, seconds)
    SELECT day, currency, source, band, sum(answers), sum(seconds) FROM g
     GROUP BY 1, 2, 3, 4 HAVING sum(answers) <> 0 OR sum(seconds) <> 0
    RETURNING 1)
  INSERT INTO refund_all_shops_answer_month_deltas (month, currency, source, band, answers, seconds)
  SELECT date_trunc('month', day)::date, currency, source, band, sum(answers), sum(seconds) FROM g
   GROUP BY 1, 2, 3, 4 HAVING sum(answers) <> 0 OR sum(seconds) <> 0
$q$, src) $f$;

-- The answers triggers' static bodies from it (20261129230500_analytics_triggers_static), one per
-- operation, each with the rows it reads.
DO $gen$
DECLARE
  op record;
BEGIN
  FOR op IN SELECT * FROM (VALUES
    ('analytics_answers_inserted', 'SELECT 1 AS sign, * FROM new_rows'),
    ('analytics_answers_deleted', 'SELECT -1 AS sign, * FROM old_rows'),
    ('analytics_answers_updated', 'SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1 AS sign, * FROM new_rows')) AS t(name, src)
  LOOP
    EXECUTE format($body$
CREATE OR REPLACE FUNCTION %I() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
BEGIN
  IF zone IS NOT NULL THEN
    %s;
  END IF;
  RETURN NULL;
END
$fn$;$body$, op.name, replace(analytics_answer_delta_sql(op.src), '$1', 'zone'));
  END LOOP;
END
$gen$;

-- The day log's truncate trigger empties what is kept beside it (a rebuild truncates the day log;
-- so does TRUNCATE refunds, through analytics_truncate): the per-shop logs with the rest.
CREATE OR REPLACE FUNCTION refund_day_deltas_all_shops_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE refund_all_shops_day_deltas, refund_all_shops_month_deltas, refund_all_shops_updated_deltas, refund_shop_day_deltas, refund_shop_month_deltas;
  RETURN NULL;
END
$$;

-- TRUNCATE refund_answers (by TRUNCATE refunds ... CASCADE) empties the answer logs over shops too.
CREATE OR REPLACE FUNCTION analytics_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'refunds' THEN
    TRUNCATE refund_day_deltas, refund_sku_deltas, refund_count_deltas;
  ELSIF TG_TABLE_NAME = 'refund_answers' THEN
    DELETE FROM refund_answer_deltas;
    DELETE FROM refund_all_shops_answer_deltas;
    DELETE FROM refund_all_shops_answer_month_deltas;
  ELSIF TG_TABLE_NAME = 'refund_decisions' THEN
    DELETE FROM refund_decision_deltas;
  END IF;
  RETURN NULL;
END
$$;

-- A rebuild empties the answer logs over shops with the answer log, and marks the new logs folded.
CREATE OR REPLACE FUNCTION analytics_rollups_rebuild(zone text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- An unknown zone fails here, before anything is changed.
  PERFORM now() AT TIME ZONE zone;
  LOCK TABLE refunds, refund_answers, refund_decisions IN SHARE MODE;
  INSERT INTO analytics_rollup_state (id, time_zone, built_at) VALUES (1, zone, now())
    ON CONFLICT (id) DO UPDATE SET time_zone = EXCLUDED.time_zone, built_at = EXCLUDED.built_at;
  TRUNCATE refund_day_deltas, refund_sku_deltas, refund_answer_deltas, refund_decision_deltas,
           refund_all_shops_answer_deltas, refund_all_shops_answer_month_deltas;
  EXECUTE analytics_refund_delta_sql(format('SELECT 1 AS sign, %s FROM refunds', analytics_refund_columns())) USING zone;
  EXECUTE analytics_answer_delta_sql('SELECT 1 AS sign, * FROM refund_answers') USING zone;
  EXECUTE analytics_decision_delta_sql('SELECT 1 AS sign, refund_id, actor_label, kind, state FROM refund_decisions') USING zone;
  UPDATE analytics_rollup_state SET
    day_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_day_deltas),
    sku_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_sku_deltas),
    answer_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_answer_deltas),
    decision_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_decision_deltas),
    all_shops_day_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_all_shops_day_deltas),
    all_shops_month_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_all_shops_month_deltas),
    all_shops_updated_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_all_shops_updated_deltas),
    shop_day_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_shop_day_deltas),
    shop_month_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_shop_month_deltas),
    all_shops_answer_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_all_shops_answer_deltas),
    all_shops_answer_month_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_all_shops_answer_month_deltas)
   WHERE id = 1;
END
$$;

-- What the logs hold today, summed into the new ones (they are exact and in the logs' zone; one
-- grouping of each, ~0.5 s per million refunds). Writers wait until it is in; the triggers above
-- already append to the new logs, so nothing written after these locks is missed.
LOCK TABLE refunds, refund_answers, refund_day_deltas, refund_answer_deltas IN SHARE MODE;
INSERT INTO refund_shop_day_deltas (account_id, day, currency, status, refunds, amount)
SELECT account_id, day, currency, status, sum(refunds), sum(amount) FROM refund_day_deltas
 GROUP BY 1, 2, 3, 4 HAVING sum(refunds) <> 0 OR sum(amount) <> 0;
INSERT INTO refund_shop_month_deltas (account_id, month, currency, status, refunds, amount)
SELECT account_id, date_trunc('month', day)::date, currency, status, sum(refunds), sum(amount) FROM refund_day_deltas
 GROUP BY 1, 2, 3, 4 HAVING sum(refunds) <> 0 OR sum(amount) <> 0;
INSERT INTO refund_all_shops_answer_deltas (day, currency, source, band, answers, seconds)
SELECT day, currency, source, band, sum(answers), sum(seconds) FROM refund_answer_deltas
 GROUP BY 1, 2, 3, 4 HAVING sum(answers) <> 0 OR sum(seconds) <> 0;
INSERT INTO refund_all_shops_answer_month_deltas (month, currency, source, band, answers, seconds)
SELECT date_trunc('month', day)::date, currency, source, band, sum(answers), sum(seconds) FROM refund_answer_deltas
 GROUP BY 1, 2, 3, 4 HAVING sum(answers) <> 0 OR sum(seconds) <> 0;
UPDATE analytics_rollup_state SET
  shop_day_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_shop_day_deltas),
  shop_month_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_shop_month_deltas),
  all_shops_answer_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_all_shops_answer_deltas),
  all_shops_answer_month_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_all_shops_answer_month_deltas);
