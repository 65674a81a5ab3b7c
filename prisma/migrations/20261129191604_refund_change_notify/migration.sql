-- Live grids: every statement that inserts or updates refunds tells listeners which rows changed
-- (PostgreSQL NOTIFY, delivered at commit to every app process LISTENing on this database). At most
-- 200 ids per notification keep the payload far under NOTIFY's 8000-byte limit; `count` says how
-- many rows the statement touched in all (a backfill batch of 500 is one notification).
CREATE FUNCTION refunds_notify_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched bigint;
  ids int[];
BEGIN
  SELECT count(*), (array_agg(id ORDER BY id))[1:200] INTO touched, ids FROM changed;
  IF touched > 0 THEN
    PERFORM pg_notify('refund_changes', json_build_object('count', touched, 'ids', ids)::text);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER refunds_notify_insert AFTER INSERT ON refunds REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION refunds_notify_changes();
CREATE TRIGGER refunds_notify_update AFTER UPDATE ON refunds REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION refunds_notify_changes();
