import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import type { SyncOutcome } from '@/generated/prisma/enums';
import { logError, logInfo } from '@/server/log';
import { QUEUES } from '@/server/jobs/queues';
import { completeJob, failJob, sendJob } from '@/server/jobs/send';
import { compactAnalyticsRollups } from '@/server/rollups';
import { sqlRows, sqlTransaction, type SqlTx } from '@/server/sql';
import { compactCountDeltas } from './count-deltas';
import { runOutcome } from './engine';

/**
 * Closing an account's share of a run, and the run after its last account. The account closes in
 * the transaction that settles its last job, so that a request to sync that account again can
 * never see it closed while its job is still active. The run closes after that commit, in a
 * statement of its own that only succeeds while the run is Running and has no open account: the
 * run ends exactly once, whichever processes close its accounts. Every closer checks after its
 * own commit, so the last account to commit is seen closed by its own closer's check at the
 * latest; a process that dies between the two leaves the run to the supervisor
 * (closeFinishedRuns).
 *
 * Until 2026-11-30 each close took the run's row lock and held it to its commit: the closes of a
 * run's 500 shops queued one behind another, commit after commit (8.4 s of lock waits in a quiet
 * cycle of 4.3 s over 500 shops, measured with pg_stat_statements).
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

async function closeInTx(tx: SqlTx, close: CloseAccount): Promise<void> {
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
}

/**
 * Whether any account of the run is still open: asked by every closer, so it reads the open
 * accounts' own index (sync_run_accounts_open_idx), not the run's finished accounts before them.
 */
export function runHasOpenAccount(runId: number): Prisma.Sql {
  return sql`SELECT EXISTS (SELECT 1 FROM sync_run_accounts WHERE run_id = ${runId} AND finished_at IS NULL) AS open`;
}

/**
 * Ends a run whose accounts have all closed (see the top of this file); returns whether this call
 * ended it. An account's `finished_at` is never cleared, so no account can reopen between the
 * check and the update; `outcome = 'Running'` lets one caller alone end the run.
 */
async function closeRunIfDone(runId: number): Promise<boolean> {
  const [open] = await sqlRows<{ open: boolean }>(runHasOpenAccount(runId));
  if (open?.open !== false) return false;
  const rows = await sqlRows<{ outcome: SyncOutcome }>(sql`SELECT outcome FROM sync_run_accounts WHERE run_id = ${runId}`);
  const ended = await sqlRows<{ id: number }>(sql`
    UPDATE sync_runs SET outcome = ${runOutcome(rows.map((row) => row.outcome))}::"SyncOutcome", finished_at = now(), heartbeat_at = now()
     WHERE id = ${runId} AND outcome = 'Running'
    RETURNING id`);
  return ended.length > 0;
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
  await sqlTransaction((tx) => closeInTx(tx, close));
  // The account and its job are settled: a failure to end the run now must not fail the job (the
  // supervisor ends the run, closeFinishedRuns).
  try {
    return await endRun(close.runId);
  } catch (error) {
    logError('sync.run_end_failed', { runId: close.runId, error });
    return false;
  }
}

/** Ends the run if its accounts have all closed, then folds and alerts; returns whether this call ended it. */
export async function endRun(runId: number): Promise<boolean> {
  const ended = await closeRunIfDone(runId);
  if (ended) await afterRun(runId);
  return ended;
}
