-- AlterTable
ALTER TABLE "sync_run_accounts" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "job_id" UUID,
ADD COLUMN     "worker" TEXT;

-- CreateTable
CREATE TABLE "sync_job_attempts" (
    "id" SERIAL NOT NULL,
    "run_account_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "job_id" UUID NOT NULL,
    "slice" INTEGER NOT NULL,
    "worker" TEXT NOT NULL,
    "resumed_from" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" TEXT,
    "pages" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "sync_job_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tiktok_budget_windows" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "used" INTEGER NOT NULL,

    CONSTRAINT "tiktok_budget_windows_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateTable
CREATE TABLE "tiktok_budget_blocks" (
    "key" TEXT NOT NULL,
    "blocked_until" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tiktok_budget_blocks_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "metric_counters" (
    "name" TEXT NOT NULL,
    "labels" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_counters_pkey" PRIMARY KEY ("name","labels")
);

-- CreateIndex
CREATE INDEX "sync_job_attempts_run_account_id_idx" ON "sync_job_attempts"("run_account_id");

-- CreateIndex
CREATE INDEX "sync_job_attempts_account_id_started_at_idx" ON "sync_job_attempts"("account_id", "started_at" DESC);

-- CreateIndex
CREATE INDEX "tiktok_budget_windows_window_start_idx" ON "tiktok_budget_windows"("window_start");

-- AddForeignKey
ALTER TABLE "sync_job_attempts" ADD CONSTRAINT "sync_job_attempts_run_account_id_fkey" FOREIGN KEY ("run_account_id") REFERENCES "sync_run_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The per-shop TikTok request budget shared by every process (src/server/jobs/budget.ts): at most
-- p_limit requests per key (app + shop) in any one second of the database's clock. Returns 0 when
-- the caller may send now (its request is counted), otherwise the seconds to wait before asking
-- again: to the next second, or to the end of a Retry-After TikTok gave for the shop. The last
-- 20 ms of a second are not handed out: a request sent then could reach TikTok in the next second,
-- where it would be one too many.
CREATE FUNCTION tiktok_budget_take(p_key text, p_limit integer) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
  t timestamptz := clock_timestamp();
  w timestamptz := date_trunc('second', t);
  blocked timestamptz;
  granted integer;
BEGIN
  SELECT blocked_until INTO blocked FROM tiktok_budget_blocks WHERE key = p_key;
  IF blocked IS NOT NULL AND blocked > t THEN
    RETURN extract(epoch FROM blocked - t);
  END IF;
  IF t >= w + interval '980 milliseconds' THEN
    RETURN extract(epoch FROM w + interval '1 second' - t);
  END IF;
  INSERT INTO tiktok_budget_windows AS b (key, window_start, used) VALUES (p_key, w, 1)
  ON CONFLICT (key, window_start) DO UPDATE SET used = b.used + 1 WHERE b.used < p_limit
  RETURNING used INTO granted;
  IF granted IS NULL THEN
    RETURN extract(epoch FROM w + interval '1 second' - t);
  END IF;
  RETURN 0;
END
$$;
