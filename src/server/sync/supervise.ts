import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { sqlRows } from '@/server/sql';
import { closeRunAccount, endRun } from './run-finish';

const sql = Prisma.sql;

/**
 * The supervisor's part for sync runs: an account whose job ended without closing its share of
 * the run (pg-boss failed it for good after its worker died on the last retry, or a run from
 * before jobs existed) is closed as failed, and its run with it when it was the last. Without
 * this a run could stay Running for ever, and cover its accounts against every later request.
 */
export async function closeOrphanedAccounts(): Promise<number> {
  const orphans = await sqlRows<{ id: number; run_id: number }>(sql`
    SELECT a.id, a.run_id FROM sync_run_accounts a JOIN sync_runs r ON r.id = a.run_id
     WHERE r.outcome = 'Running' AND a.finished_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = 'sync-shop' AND j.id = a.job_id AND j.state < 'completed')`);
  for (const orphan of orphans) {
    await closeRunAccount({
      runId: orphan.run_id,
      runAccountId: orphan.id,
      failure: { errorCode: 'ABANDONED', error: 'the worker stopped before finishing this account, and its retries ran out' },
    });
  }
  return orphans.length;
}

/**
 * A run whose accounts have all closed but which is still Running: its last closer died between
 * closing its account and ending the run (run-finish.ts). Ended here, folds and alerts included.
 */
export async function closeFinishedRuns(): Promise<number> {
  const runs = await sqlRows<{ id: number }>(sql`
    SELECT r.id FROM sync_runs r
     WHERE r.outcome = 'Running' AND EXISTS (SELECT 1 FROM sync_run_accounts a WHERE a.run_id = r.id)
       AND NOT EXISTS (SELECT 1 FROM sync_run_accounts a WHERE a.run_id = r.id AND a.finished_at IS NULL)`);
  let ended = 0;
  for (const run of runs) if (await endRun(run.id)) ended += 1;
  return ended;
}
