-- The analytics triggers of 20261129205740_analytics_rollups, made cheaper per statement. They
-- built their SQL as text and ran it with EXECUTE, so PostgreSQL parsed and planned the grouping
-- again on every statement that wrote refunds, refund_answers or refund_decisions; the sync writes
-- 500 refunds per statement. And every UPDATE of refunds grouped all its rows twice (old and new)
-- and looked for answers and moved decisions, even when it changed nothing the rollups read (a
-- re-synced record whose other fields moved, a decision's claim, a review flag).
--
-- Here each trigger runs static SQL, which PL/pgSQL prepares once per session and keeps. The
-- bodies are generated below from the same analytics_*_delta_sql functions that
-- analytics_rollups_rebuild runs, so the triggers and a rebuild still group alike; a change to
-- one of those functions must re-run the generation (copy the DO blocks into the new migration).
-- On refunds, an UPDATE first looks for rows whose rollup columns changed (or ids that appear on
-- one side only) and stops there when there are none; otherwise only those rows are grouped.
-- Unchanged rows added -1 and +1 to the same key, so leaving them out changes no total.
-- Measured on 500-row statements (2-core VM, load ~8; medians of 15, rolled back): an UPDATE that
-- rewrote the rollup columns with equal values 78 -> 53 ms (59 ms with no triggers at all); a raw-only
-- UPDATE 71 -> 67 ms; an INSERT stays ~52 ms, of which ~20 ms are the ~400 day and ~600 SKU log rows
-- that 500 new refunds spread over 60 days, statuses and reasons produce (each one index insert).

-- The rollup columns, old and new sides distinct: what decides whether an UPDATE has anything to
-- count (marketplace_status for answers, the rest for the deltas; answers and decisions move with
-- account_id, marketplace_created_at, currency).
CREATE FUNCTION analytics_refund_changed_sql(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format('(%1$s.account_id, %1$s.marketplace_created_at, %1$s.currency, %1$s.status, %1$s.reason, %1$s.refund_amount, %1$s.line_items, %1$s.marketplace_status)'
                ' IS DISTINCT FROM (%2$s.account_id, %2$s.marketplace_created_at, %2$s.currency, %2$s.status, %2$s.reason, %2$s.refund_amount, %2$s.line_items, %2$s.marketplace_status)', a, b)
$f$;

DO $gen$
DECLARE
  cols text := analytics_refund_columns();
  ocols text := (SELECT string_agg('o.' || trim(c), ', ') FROM unnest(string_to_array(analytics_refund_columns(), ',')) AS c);
  ncols text := (SELECT string_agg('n.' || trim(c), ', ') FROM unnest(string_to_array(analytics_refund_columns(), ',')) AS c);
  -- The generated statements take the zone as $1 (EXECUTE ... USING); here it is the variable.
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
CREATE FUNCTION analytics_refunds_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
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
CREATE FUNCTION analytics_refunds_deleted() RETURNS trigger LANGUAGE plpgsql AS $fn$
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
CREATE FUNCTION analytics_refunds_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
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

  -- refund_answers and refund_decisions: the same statements as before, static.
  EXECUTE format($body$
CREATE FUNCTION analytics_answers_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
BEGIN
  IF zone IS NOT NULL THEN
    %s;
  END IF;
  RETURN NULL;
END
$fn$;$body$, replace(analytics_answer_delta_sql('SELECT 1 AS sign, * FROM new_rows'), '$1', 'zone'));
  EXECUTE format($body$
CREATE FUNCTION analytics_answers_deleted() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
BEGIN
  IF zone IS NOT NULL THEN
    %s;
  END IF;
  RETURN NULL;
END
$fn$;$body$, replace(analytics_answer_delta_sql('SELECT -1 AS sign, * FROM old_rows'), '$1', 'zone'));
  EXECUTE format($body$
CREATE FUNCTION analytics_answers_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
BEGIN
  IF zone IS NOT NULL THEN
    %s;
  END IF;
  RETURN NULL;
END
$fn$;$body$, replace(analytics_answer_delta_sql('SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1 AS sign, * FROM new_rows'), '$1', 'zone'));

  EXECUTE format($body$
CREATE FUNCTION analytics_decisions_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
BEGIN
  IF zone IS NOT NULL THEN
    %s;
  END IF;
  RETURN NULL;
END
$fn$;$body$, replace(analytics_decision_delta_sql('SELECT 1 AS sign, refund_id, actor_label, kind, state FROM new_rows'), '$1', 'zone'));
  EXECUTE format($body$
CREATE FUNCTION analytics_decisions_deleted() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
BEGIN
  IF zone IS NOT NULL THEN
    %s;
  END IF;
  RETURN NULL;
END
$fn$;$body$, replace(analytics_decision_delta_sql('SELECT -1 AS sign, refund_id, actor_label, kind, state FROM old_rows'), '$1', 'zone'));
  EXECUTE format($body$
CREATE FUNCTION analytics_decisions_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
BEGIN
  IF zone IS NOT NULL THEN
    %s;
  END IF;
  RETURN NULL;
END
$fn$;$body$, replace(analytics_decision_delta_sql(
    'SELECT -1 AS sign, refund_id, actor_label, kind, state FROM old_rows UNION ALL SELECT 1 AS sign, refund_id, actor_label, kind, state FROM new_rows'), '$1', 'zone'));
END
$gen$;

DROP TRIGGER refunds_analytics_insert ON refunds;
DROP TRIGGER refunds_analytics_update ON refunds;
DROP TRIGGER refunds_analytics_delete ON refunds;
DROP TRIGGER refund_answers_analytics_insert ON refund_answers;
DROP TRIGGER refund_answers_analytics_update ON refund_answers;
DROP TRIGGER refund_answers_analytics_delete ON refund_answers;
DROP TRIGGER refund_decisions_analytics_insert ON refund_decisions;
DROP TRIGGER refund_decisions_analytics_update ON refund_decisions;
DROP TRIGGER refund_decisions_analytics_delete ON refund_decisions;
DROP FUNCTION analytics_refunds_apply();
DROP FUNCTION analytics_answers_apply();
DROP FUNCTION analytics_decisions_apply();

CREATE TRIGGER refunds_analytics_insert AFTER INSERT ON refunds REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_refunds_inserted();
CREATE TRIGGER refunds_analytics_update AFTER UPDATE ON refunds REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_refunds_updated();
CREATE TRIGGER refunds_analytics_delete AFTER DELETE ON refunds REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_refunds_deleted();
CREATE TRIGGER refund_answers_analytics_insert AFTER INSERT ON refund_answers REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_answers_inserted();
CREATE TRIGGER refund_answers_analytics_update AFTER UPDATE ON refund_answers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_answers_updated();
CREATE TRIGGER refund_answers_analytics_delete AFTER DELETE ON refund_answers REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_answers_deleted();
CREATE TRIGGER refund_decisions_analytics_insert AFTER INSERT ON refund_decisions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_decisions_inserted();
CREATE TRIGGER refund_decisions_analytics_update AFTER UPDATE ON refund_decisions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_decisions_updated();
CREATE TRIGGER refund_decisions_analytics_delete AFTER DELETE ON refund_decisions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_decisions_deleted();
