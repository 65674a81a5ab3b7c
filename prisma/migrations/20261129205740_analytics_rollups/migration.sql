-- CreateEnum
CREATE TYPE "RefundAnswerSource" AS ENUM ('Panel', 'Seller', 'Auto');

-- CreateTable
CREATE TABLE "analytics_rollup_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "time_zone" TEXT NOT NULL,
    "built_at" TIMESTAMPTZ(3) NOT NULL,
    "day_compacted_through" BIGINT NOT NULL DEFAULT 0,
    "sku_compacted_through" BIGINT NOT NULL DEFAULT 0,
    "answer_compacted_through" BIGINT NOT NULL DEFAULT 0,
    "decision_compacted_through" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_rollup_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund_day_deltas" (
    "id" BIGSERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "currency" TEXT NOT NULL DEFAULT '',
    "status" "RefundStatus" NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "refunds" INTEGER NOT NULL,
    "amount" DECIMAL(18,4) NOT NULL,

    CONSTRAINT "refund_day_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund_sku_deltas" (
    "id" BIGSERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "currency" TEXT NOT NULL DEFAULT '',
    "status" "RefundStatus" NOT NULL,
    "sku_id" TEXT NOT NULL DEFAULT '',
    "seller_sku" TEXT NOT NULL DEFAULT '',
    "product_name" TEXT NOT NULL DEFAULT '',
    "sku_name" TEXT NOT NULL DEFAULT '',
    "units" INTEGER NOT NULL,
    "refunds" INTEGER NOT NULL,
    "amount" DECIMAL(18,4) NOT NULL,

    CONSTRAINT "refund_sku_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund_answers" (
    "refund_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT '',
    "answered_at" TIMESTAMPTZ(3) NOT NULL,
    "source" "RefundAnswerSource" NOT NULL,
    "deadline" TIMESTAMPTZ(3),
    "answer_status" TEXT NOT NULL,

    CONSTRAINT "refund_answers_pkey" PRIMARY KEY ("refund_id")
);

-- CreateTable
CREATE TABLE "refund_answer_deltas" (
    "id" BIGSERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "currency" TEXT NOT NULL DEFAULT '',
    "source" "RefundAnswerSource" NOT NULL,
    "band" SMALLINT NOT NULL,
    "answers" INTEGER NOT NULL,
    "seconds" BIGINT NOT NULL,

    CONSTRAINT "refund_answer_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund_decision_deltas" (
    "id" BIGSERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "currency" TEXT NOT NULL DEFAULT '',
    "actor_label" TEXT NOT NULL,
    "kind" "RefundDecisionKind" NOT NULL,
    "decisions" INTEGER NOT NULL,
    "refunds" INTEGER NOT NULL,

    CONSTRAINT "refund_decision_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "refund_day_deltas_day_account_id_currency_status_reason_idx" ON "refund_day_deltas"("day", "account_id", "currency", "status", "reason");

-- CreateIndex
CREATE INDEX "refund_sku_deltas_day_account_id_currency_status_sku_id_idx" ON "refund_sku_deltas"("day", "account_id", "currency", "status", "sku_id");

-- CreateIndex
CREATE INDEX "refund_answer_deltas_day_account_id_currency_source_band_idx" ON "refund_answer_deltas"("day", "account_id", "currency", "source", "band");

-- CreateIndex
CREATE INDEX "refund_decision_deltas_day_account_id_currency_actor_label__idx" ON "refund_decision_deltas"("day", "account_id", "currency", "actor_label", "kind");

-- AddForeignKey
ALTER TABLE "refund_answers" ADD CONSTRAINT "refund_answers_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Analytics rollups, kept by statement-level triggers (the pattern of refund_count_deltas): every
-- statement that writes refunds, refund_answers or refund_decisions appends the deltas it caused,
-- grouped by key, so the sync, webhooks, decisions, scripts and tests' factories all keep them
-- exact without knowing they exist. Writers only append; compactAnalyticsRollups folds the logs.
--
-- Days are the store's days in analytics_rollup_state.time_zone, read by the triggers. A change
-- of STORE_TIMEZONE is handled by analytics_rollups_rebuild(zone), which the server runs at start
-- when the zone differs (src/server/rollups.ts): every log is recomputed from the tables under a
-- SHARE lock, so writers wait for it and nothing is counted in the old zone afterwards. Until
-- then the analytics page refuses to show days in the wrong zone.
-- ---------------------------------------------------------------------------------------------

-- The deltas a set of refunds rows causes. `src` yields (sign, id, account_id,
-- marketplace_created_at, currency, status, reason, refund_amount, line_items): the transition
-- tables in the trigger, the whole table in a rebuild, so both run the same grouping. $1 is the
-- zone. Per SKU, a refund's units are grouped first so that `refunds` counts it once.
CREATE FUNCTION analytics_refund_delta_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$
  WITH c AS MATERIALIZED (%s),
  day_rows AS (
    INSERT INTO refund_day_deltas (account_id, day, currency, status, reason, refunds, amount)
    SELECT account_id, (marketplace_created_at AT TIME ZONE $1)::date, coalesce(currency, ''), status, coalesce(reason, ''),
           sum(sign), coalesce(sum(sign * refund_amount), 0)
      FROM c
     GROUP BY 1, 2, 3, 4, 5
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

-- First answers: `src` yields refund_answers rows with a sign. Bands of hours: <1, <4, <12, <24, <48, 48+.
CREATE FUNCTION analytics_answer_delta_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$
  INSERT INTO refund_answer_deltas (account_id, day, currency, source, band, answers, seconds)
  SELECT account_id, (requested_at AT TIME ZONE $1)::date, currency, source,
         CASE WHEN seconds < 3600 THEN 0 WHEN seconds < 14400 THEN 1 WHEN seconds < 43200 THEN 2
              WHEN seconds < 86400 THEN 3 WHEN seconds < 172800 THEN 4 ELSE 5 END,
         sum(sign), sum(sign * seconds)
    FROM (SELECT c.*, greatest(0, floor(extract(epoch FROM c.answered_at - c.requested_at)))::bigint AS seconds FROM (%s) c) x
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(sign) <> 0 OR sum(sign * seconds) <> 0
$q$, src) $f$;

-- Applied decisions: `src` yields refund_decisions rows with a sign. `decisions` counts them;
-- `refunds` counts refunds with at least one applied decision of that operator and kind, from the
-- count left in the table after the statement (`after`) and before it (`after - delta`). Keyed by
-- the refund's day and currency, so the refund must still exist (see the delete trigger below).
CREATE FUNCTION analytics_decision_delta_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$
  WITH c AS MATERIALIZED (%s),
  g AS (SELECT refund_id, actor_label, kind, sum(sign)::int AS delta FROM c WHERE state = 'Applied' GROUP BY 1, 2, 3 HAVING sum(sign) <> 0),
  n AS (SELECT g.*, (SELECT count(*) FROM refund_decisions d
                      WHERE d.refund_id = g.refund_id AND d.actor_label = g.actor_label AND d.kind = g.kind AND d.state = 'Applied')::int AS after
          FROM g)
  INSERT INTO refund_decision_deltas (account_id, day, currency, actor_label, kind, decisions, refunds)
  SELECT r.account_id, (r.marketplace_created_at AT TIME ZONE $1)::date, coalesce(r.currency, ''), n.actor_label, n.kind,
         sum(n.delta), sum((n.after > 0)::int - (n.after - n.delta > 0)::int)
    FROM n JOIN refunds r ON r.id = n.refund_id
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(n.delta) <> 0 OR sum((n.after > 0)::int - (n.after - n.delta > 0)::int) <> 0
$q$, src) $f$;

-- The columns of refunds the rollups read (not raw: the transition tables hold whole rows, and
-- copying TikTok's JSON through the grouping would cost more than the grouping).
CREATE FUNCTION analytics_refund_columns() RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT 'id, account_id, marketplace_created_at, currency, status, reason, refund_amount, line_items'
$f$;

CREATE FUNCTION analytics_refunds_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
  cols text := analytics_refund_columns();
  -- TikTok statuses (upper case; the aliases of src/server/sync/status-mapping.ts included).
  -- Waiting for the seller's first decision on the request:
  waiting text[] := ARRAY['RETURN_OR_REFUND_REQUEST_PENDING', 'REPLACEMENT_REQUEST_PENDING', 'CANCELLATION_REQUEST_PENDING'];
  -- Closed by the buyer (or the system) with no decision: not an answer.
  withdrawn text[] := ARRAY['RETURN_OR_REFUND_REQUEST_CANCEL', 'REPLACEMENT_REQUEST_CANCEL', 'CANCELLATION_REQUEST_CANCEL',
                            'CANCELLATION_REQUEST_CANCELLED', 'RETURN_OR_REFUND_CANCEL', 'RETURN_OR_REFUND__REQUEST_CANCELLED'];
  -- Where an approval leads (refund, return, cancellation, replacement), or a later step of one.
  approved text[] := ARRAY['RETURN_OR_REFUND_REQUEST_SUCCESS', 'REQUEST_SUCCESS', 'RETURN_OR_REFUND_REQUEST_COMPLETE', 'AWAITING_BUYER_SHIP',
                           'BUYER_SHIPPED_ITEM', 'CANCELLATION_REQUEST_SUCCESS', 'CANCELLATION_REQUEST_COMPLETE', 'REPLACEMENT_REQUEST_COMPLETE',
                           'REPLACEMENT_REQUEST_REFUND_SUCCESS'];
BEGIN
  IF zone IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE analytics_refund_delta_sql(CASE TG_OP
    WHEN 'INSERT' THEN format('SELECT 1 AS sign, %s FROM new_rows', cols)
    WHEN 'DELETE' THEN format('SELECT -1 AS sign, %s FROM old_rows', cols)
    ELSE format('SELECT -1 AS sign, %1$s FROM old_rows UNION ALL SELECT 1 AS sign, %1$s FROM new_rows', cols) END) USING zone;
  IF TG_OP <> 'UPDATE' THEN
    RETURN NULL;
  END IF;

  -- The first answer to a request, seen as TikTok's status leaving the waiting state (the sync,
  -- a webhook or a decision's re-read wrote it). Who answered, from what the rows show:
  --   Panel  a decision from this panel reached TikTok (refund_decisions Sent or Applied with a
  --          TikTok call); answered when TikTok took it, or when the status moved if earlier;
  --   Auto   no such decision, TikTok gave a deadline while it waited (respond_by, from
  --          seller_next_action_response), and the status moved to an approval at or after it:
  --          TikTok approved because nobody answered in time (API doc 5.5);
  --   Seller anything else that left the waiting state (approved or rejected in Seller Center
  --          or another app, or approved before the deadline), answered when TikTok says
  --          (update_time). With no deadline known an approval counts as the seller's.
  -- A move to a closed status is no answer unless a decision from here caused it: the buyer
  -- withdrew. (TikTok does not say which status a seller's rejection of a cancellation leads to,
  -- API doc 5.3, so such a rejection made in Seller Center is not counted.) The answer time is
  -- the update time of the first status we saw after the waiting one: a sync that missed
  -- intermediate steps makes it later, never earlier. Requests first seen already answered (a
  -- backfill) have no answer row: when they were answered is not in TikTok's record.
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
   WHERE upper(trim(o.marketplace_status)) = ANY (waiting)
     AND NOT upper(trim(n.marketplace_status)) = ANY (waiting)
     AND (d.sent_at IS NOT NULL OR NOT upper(trim(n.marketplace_status)) = ANY (withdrawn))
  ON CONFLICT (refund_id) DO NOTHING;

  -- A refund whose shop, creation time or currency changed takes its answer and its decisions
  -- along (TikTok's create_time does not change in practice; this keeps the logs exact if it does).
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
$$;

CREATE FUNCTION analytics_answers_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
BEGIN
  IF zone IS NOT NULL THEN
    EXECUTE analytics_answer_delta_sql(CASE TG_OP
      WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
      WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_rows'
      ELSE 'SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1 AS sign, * FROM new_rows' END) USING zone;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION analytics_decisions_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
  cols text := 'refund_id, actor_label, kind, state';
BEGIN
  IF zone IS NOT NULL THEN
    EXECUTE analytics_decision_delta_sql(CASE TG_OP
      WHEN 'INSERT' THEN format('SELECT 1 AS sign, %s FROM new_rows', cols)
      WHEN 'DELETE' THEN format('SELECT -1 AS sign, %s FROM old_rows', cols)
      ELSE format('SELECT -1 AS sign, %1$s FROM old_rows UNION ALL SELECT 1 AS sign, %1$s FROM new_rows', cols) END) USING zone;
  END IF;
  RETURN NULL;
END
$$;

-- Deleting a refund cascades to its decisions only after the refund row is gone, too late to key
-- their deltas by the refund's day: its applied decisions are deleted first, while it is still
-- there. (An applied decision is never the refund's open claim, so refunds.decision_claim_id,
-- which would be set to null on the row being deleted, is untouched.)
CREATE FUNCTION analytics_refund_delete_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM refund_decisions WHERE refund_id = OLD.id AND state = 'Applied';
  RETURN OLD;
END
$$;

-- TRUNCATE fires no delete triggers: the logs it makes obsolete are emptied with it.
CREATE FUNCTION analytics_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'refunds' THEN
    DELETE FROM refund_day_deltas;
    DELETE FROM refund_sku_deltas;
  ELSIF TG_TABLE_NAME = 'refund_answers' THEN
    DELETE FROM refund_answer_deltas;
  ELSIF TG_TABLE_NAME = 'refund_decisions' THEN
    DELETE FROM refund_decision_deltas;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER refunds_analytics_insert AFTER INSERT ON refunds REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_refunds_apply();
CREATE TRIGGER refunds_analytics_update AFTER UPDATE ON refunds REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_refunds_apply();
CREATE TRIGGER refunds_analytics_delete AFTER DELETE ON refunds REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_refunds_apply();
CREATE TRIGGER refunds_analytics_delete_decisions BEFORE DELETE ON refunds
  FOR EACH ROW EXECUTE FUNCTION analytics_refund_delete_decisions();
CREATE TRIGGER refunds_analytics_truncate AFTER TRUNCATE ON refunds
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_truncate();

CREATE TRIGGER refund_answers_analytics_insert AFTER INSERT ON refund_answers REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_answers_apply();
CREATE TRIGGER refund_answers_analytics_update AFTER UPDATE ON refund_answers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_answers_apply();
CREATE TRIGGER refund_answers_analytics_delete AFTER DELETE ON refund_answers REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_answers_apply();
CREATE TRIGGER refund_answers_analytics_truncate AFTER TRUNCATE ON refund_answers
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_truncate();

CREATE TRIGGER refund_decisions_analytics_insert AFTER INSERT ON refund_decisions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_decisions_apply();
CREATE TRIGGER refund_decisions_analytics_update AFTER UPDATE ON refund_decisions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_decisions_apply();
CREATE TRIGGER refund_decisions_analytics_delete AFTER DELETE ON refund_decisions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_decisions_apply();
CREATE TRIGGER refund_decisions_analytics_truncate AFTER TRUNCATE ON refund_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_truncate();

-- Every log recomputed from the tables in `zone` (first build, or STORE_TIMEZONE changed). The
-- SHARE locks let readers on and make writers wait, so no delta is lost or counted twice; the
-- logs come out folded, hence the watermarks at their ends.
CREATE FUNCTION analytics_rollups_rebuild(zone text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- An unknown zone fails here, before anything is changed.
  PERFORM now() AT TIME ZONE zone;
  LOCK TABLE refunds, refund_answers, refund_decisions IN SHARE MODE;
  INSERT INTO analytics_rollup_state (id, time_zone, built_at) VALUES (1, zone, now())
    ON CONFLICT (id) DO UPDATE SET time_zone = EXCLUDED.time_zone, built_at = EXCLUDED.built_at;
  TRUNCATE refund_day_deltas, refund_sku_deltas, refund_answer_deltas, refund_decision_deltas;
  EXECUTE analytics_refund_delta_sql(format('SELECT 1 AS sign, %s FROM refunds', analytics_refund_columns())) USING zone;
  EXECUTE analytics_answer_delta_sql('SELECT 1 AS sign, * FROM refund_answers') USING zone;
  EXECUTE analytics_decision_delta_sql('SELECT 1 AS sign, refund_id, actor_label, kind, state FROM refund_decisions') USING zone;
  UPDATE analytics_rollup_state SET
    day_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_day_deltas),
    sku_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_sku_deltas),
    answer_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_answer_deltas),
    decision_compacted_through = (SELECT coalesce(max(id), 0) FROM refund_decision_deltas)
   WHERE id = 1;
END
$$;

-- Rows that existed before this migration, in UTC (STORE_TIMEZONE's default); a server with
-- another zone rebuilds them at start.
SELECT analytics_rollups_rebuild('UTC');
