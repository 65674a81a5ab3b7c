import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import type { SyncOutcome } from '@/generated/prisma/enums';
import { logError, logInfo } from '@/server/log';
import { QUEUES } from '@/server/jobs/queues';
import { completeJob, failJob, sendJob } from '@/server/jobs/send';
import { compactAnalyticsRollups } from '@/server/rollups';
import { sqlTransaction, type SqlTx } from '@/server/sql';
import { compactCountDeltas } from './count-deltas';
import { runOutcome } from './engine';

/**
 * Closing an account's share of a run, and the run with its last account. Both happen in the
 * transaction that settles the account's last job, ending under a lock on the run's row: the run ends
 * exactly once, when its last account closes, whichever processes close them, and a request to
 * sync that account again can never see it closed while its job is still active.
 */

const sql = Prisma.sql;

export interface CloseAccount {
  runId: number;
  runAccountId: number;
  /** Why the account failed, when it did here (a refunds or finance failure is already on the row). */
  failure?: { errorCode: string; error: string };
  /** The job to settle inside the same transaction: completed, or failed (pg-boss's record of the last attempt). */
  job?: { id: string; fail?: boolean };
  /** The attempt (sync_job_attempts) that ends here, and how. */
  attempt?: { id: number; outcome: string; pages: number };
}

async function closeInTx(tx: SqlTx, close: CloseAccount): Promise<boolean> {
  const failure = close.failure;
  if (failure) {
    await tx.execute(sql`
      UPDATE sync_run_accounts SET outcome = 'Failed', error_code = ${failure.errorCode}, error = ${failure.error} WHERE id = ${close.runAccountId}`);
    await tx.execute(sql`
      UPDATE shop_accounts s SET last_sync_at = now(), last_sync_outcome = 'Failed', last_sync_error = ${failure.error}
        FROM sync_run_accounts a WHERE a.id = ${close.runAccountId} AND s.id = a.account_id`);
  }
  // An account whose refunds step never recorded an outcome did not finish: it failed.
  await tx.execute(sql`
    UPDATE sync_run_accounts SET finished_at = now(),
      outcome = CASE WHEN outcome = 'Running' THEN 'Failed'::"SyncOutcome" ELSE outcome END,
      error = CASE WHEN outcome = 'Running' THEN coalesce(error, 'the sync of this account stopped before it finished') ELSE error END
     WHERE id = ${close.runAccountId} AND finished_at IS NULL`);
  if (close.attempt) {
    await tx.execute(sql`
      UPDATE sync_job_attempts SET finished_at = now(), outcome = ${close.attempt.outcome}, pages = ${close.attempt.pages} WHERE id = ${close.attempt.id}`);
  }
  if (close.job) {
    if (close.job.fail) await failJob(QUEUES.syncShop, close.job.id, { message: failure?.error ?? 'failed' }, tx);
    else await completeJob(QUEUES.syncShop, close.job.id, tx);
  }
  // The run's row is locked last, after this account's own rows, so that closing 500 shops does
  // not queue every close behind the whole of the one before (the lock is held to the commit).
  // Still exactly once: of two closes racing for the last accounts, the one that gets the lock
  // second reads the accounts after the first has committed (each statement takes a new snapshot
  // under READ COMMITTED), so it sees both finished and ends the run; the first saw the other open.
  await tx.rows(sql`SELECT id FROM sync_runs WHERE id = ${close.runId} FOR UPDATE`);
  const rows = await tx.rows<{ outcome: SyncOutcome; finished: boolean }>(sql`
    SELECT outcome, finished_at IS NOT NULL AS finished FROM sync_run_accounts WHERE run_id = ${close.runId}`);
  if (rows.some((row) => !row.finished)) return false;
  const outcome = runOutcome(rows.map((row) => row.outcome));
  const changed = await tx.execute(sql`
    UPDATE sync_runs SET outcome = ${outcome}::"SyncOutcome", finished_at = now(), heartbeat_at = now() WHERE id = ${close.runId} AND outcome = 'Running'`);
  return changed > 0;
}

/** What follows a run's end: the count log and the analytics rollups are folded, and alerts run for what the run brought. */
async function afterRun(runId: number): Promise<void> {
  const started = performance.now();
  await compactCountDeltas().catch((error: unknown) => logError('sync.compact_failed', { error }));
  const counted = performance.now();
  await compactAnalyticsRollups().catch((error: unknown) => logError('sync.compact_rollups_failed', { error }));
  const folded = performance.now();
  // New deadlines and disagreements alert without waiting for the next minute's check.
  await sendJob(QUEUES.alerts, {}).catch((error: unknown) => logError('alerts.enqueue_failed', { error }));
  logInfo('sync.run_closed', {
    runId,
    countsMs: Math.round(counted - started),
    rollupsMs: Math.round(folded - counted),
    totalMs: Math.round(performance.now() - started),
  });
}

/** Closes an account's share of a run (and the run, when it was the last); returns whether the run ended. */
export async function closeRunAccount(close: CloseAccount): Promise<boolean> {
  const ended = await sqlTransaction((tx) => closeInTx(tx, close));
  if (ended) await afterRun(close.runId);
  return ended;
}
