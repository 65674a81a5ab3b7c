-- The accounts of runs still open. Every account that closes asks whether its run has any account
-- left open (src/server/sync/run-finish.ts); through the (run_id, account_id) key that read the
-- run's finished accounts before reaching an open one, so a run over 500 shops read ~125,000 rows
-- to end (quadratic in its shops). A request to sync asks which accounts an open run covers: it
-- read the open run's accounts, closed ones too (40 runs over 500 shops, the last half closed:
-- 500 rows read for 250), and reads the open ones alone here. This index holds only the open rows:
-- a few hundred at most, none between runs. Closing an account leaves it (finished_at is set once).

-- CreateIndex
CREATE INDEX "sync_run_accounts_open_idx" ON "sync_run_accounts"("run_id", "account_id") WHERE (finished_at IS NULL);
