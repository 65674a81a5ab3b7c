-- CreateTable
CREATE TABLE "refund_count_deltas" (
    "id" BIGSERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "status" "RefundStatus" NOT NULL,
    "type" "RefundType" NOT NULL,
    "delta" INTEGER NOT NULL,

    CONSTRAINT "refund_count_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "grid_preferences" (
    "user_id" TEXT NOT NULL,
    "grid" TEXT NOT NULL,
    "columns" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "grid_preferences_pkey" PRIMARY KEY ("user_id","grid")
);

-- CreateTable
CREATE TABLE "saved_views" (
    "id" SERIAL NOT NULL,
    "owner_id" TEXT NOT NULL,
    "owner_name" TEXT NOT NULL,
    "grid" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "columns" JSONB,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "saved_views_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "refund_count_deltas_account_id_status_type_idx" ON "refund_count_deltas"("account_id", "status", "type");

-- CreateIndex
CREATE INDEX "saved_views_grid_shared_idx" ON "saved_views"("grid", "shared");

-- CreateIndex
CREATE UNIQUE INDEX "saved_views_owner_id_grid_name_key" ON "saved_views"("owner_id", "grid", "name");

-- Refund count deltas: statement-level triggers append one row per (account, status, type) that a
-- statement changed. Insert-only, so no two writers ever wait on the same counter row.
CREATE FUNCTION refund_count_deltas_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO refund_count_deltas (account_id, status, type, delta)
    SELECT account_id, status, type, count(*)::int FROM new_rows GROUP BY account_id, status, type;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO refund_count_deltas (account_id, status, type, delta)
    SELECT account_id, status, type, -count(*)::int FROM old_rows GROUP BY account_id, status, type;
  ELSE
    INSERT INTO refund_count_deltas (account_id, status, type, delta)
    SELECT account_id, status, type, sum(d)::int FROM (
      SELECT account_id, status, type, -1 AS d FROM old_rows
      UNION ALL
      SELECT account_id, status, type, 1 AS d FROM new_rows
    ) changes GROUP BY account_id, status, type HAVING sum(d) <> 0;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER refunds_count_insert AFTER INSERT ON refunds REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refund_count_deltas_apply();
CREATE TRIGGER refunds_count_update AFTER UPDATE ON refunds REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refund_count_deltas_apply();
CREATE TRIGGER refunds_count_delete AFTER DELETE ON refunds REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refund_count_deltas_apply();

-- Rows that existed before this migration.
INSERT INTO refund_count_deltas (account_id, status, type, delta)
SELECT account_id, status, type, count(*)::int FROM refunds GROUP BY account_id, status, type;
