import 'server-only';
import { db } from '@/server/db';
import { executeSync, startSync, type ExecuteOptions, type StartSyncOptions } from './engine';

/**
 * Starts a sync (or joins the running one) and, when it is ours, works it in the background of this
 * process. Returns at once: callers show progress by reading the run (`syncRunProgress`).
 */
export async function launchSync(options: StartSyncOptions, execute: ExecuteOptions = {}) {
  const started = await startSync(options);
  if (!started.joined) void executeSync(started.runId, execute);
  return started;
}

/** What the progress panel shows of a run; the sync runs page adds the watermarks. */
const RUN_FIELDS = { id: true, trigger: true, requestedBy: true, startedAt: true, finishedAt: true, outcome: true, error: true } as const;
const ACCOUNT_FIELDS = {
  accountId: true,
  outcome: true,
  pages: true,
  fetched: true,
  created: true,
  updated: true,
  unchanged: true,
  unmapped: true,
  skipped: true,
  reportedTotal: true,
  notes: true,
  errorCode: true,
  error: true,
  account: { select: { name: true } },
  finance: { select: { outcome: true, newStatements: true, transactions: true, payments: true, performanceDays: true, exceptions: true } },
} as const;

/** The finance side of an account's run in one line ("finance: 3 new statements · 42 lines · 2 payments · 5 exceptions open"). */
export function financeSummary(
  finance: {
    outcome: string;
    newStatements: number;
    transactions: number;
    payments: number;
    performanceDays: number;
    exceptions: number | null;
  } | null,
): string | null {
  if (!finance) return null;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    `finance ${finance.outcome === 'Succeeded' ? '' : `${finance.outcome}: `}${plural(finance.newStatements, 'new statement')}`,
    plural(finance.transactions, 'line'),
    plural(finance.payments, 'payment'),
    finance.exceptions === null ? null : `${finance.exceptions} reconciliation exception${finance.exceptions === 1 ? '' : 's'} open`,
  ]
    .filter(Boolean)
    .join(' · ');
}

export async function syncRunProgress(runId: number) {
  return db.syncRun.findUnique({ where: { id: runId }, select: { ...RUN_FIELDS, accounts: { select: ACCOUNT_FIELDS, orderBy: { accountId: 'asc' } } } });
}

export type SyncRunProgress = NonNullable<Awaited<ReturnType<typeof syncRunProgress>>>;

export async function recentSyncRuns(limit = 30) {
  return db.syncRun.findMany({
    orderBy: { id: 'desc' },
    take: limit,
    select: { ...RUN_FIELDS, accounts: { select: { ...ACCOUNT_FIELDS, watermarkBefore: true, watermarkAfter: true }, orderBy: { accountId: 'asc' } } },
  });
}

/** Syncs on a timer inside the app (SYNC_INTERVAL_MINUTES); a tick during a running sync joins it. */
export function scheduleSync(minutes: number, log: (line: string) => void): NodeJS.Timeout {
  const timer = setInterval(() => {
    launchSync({ trigger: 'Schedule', requestedBy: 'scheduler' }).then(
      (started) => log(started.joined ? `scheduled sync joined run ${started.runId}` : `scheduled sync started run ${started.runId}`),
      (error: unknown) => log(`scheduled sync could not start: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, minutes * 60_000);
  timer.unref();
  return timer;
}
