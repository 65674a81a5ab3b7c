import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import type { SyncTrigger } from '@/generated/prisma/enums';
import { db } from '@/server/db';
import { PRIORITY, QUEUES, shopKey } from '@/server/jobs/queues';
import { sendJob } from '@/server/jobs/send';
import { sqlTransaction } from '@/server/sql';
import type { ShopJobData } from './shop-job-data';

/**
 * Starting a sync: Sync Refunds, `npm run sync`, the schedule. A run is the set of its jobs, one
 * chain per account on pg-boss (./shop-job.ts), and starting one only enqueues them: whichever
 * worker is free works them, in this process or any other on the same database.
 *
 * Joining: a request joins a running run only when that run still covers every account asked (its
 * row for the account has not finished). Otherwise a run starts for the accounts no running run
 * covers, and the answer names the runs already covering the others, so an account is never synced
 * twice at once and a request never silently settles for a run that leaves some of its accounts
 * out. The check and the start happen under one advisory lock, so concurrent requests (two
 * clicks, two processes, a cron) agree.
 */

/** Arbitrary constant identifying "starting a sync" among advisory locks. */
const SYNC_LOCK = 7_412_003;

const sql = Prisma.sql;

export interface SyncRequest {
  trigger: SyncTrigger;
  requestedBy?: string | null;
  /** Only these accounts (the grid's account filter); all active accounts when absent or empty. */
  accountIds?: number[];
}

export interface StartedSync {
  runId: number;
  /** True when a running run already covered every account asked: the caller follows that run. */
  joined: boolean;
  /** The accounts the run `runId` covers. */
  accountIds: number[];
  /** Accounts asked for that other running runs cover (synced there, not twice): each run and its accounts. */
  alongside: { runId: number; accountIds: number[] }[];
}

/** Starts a sync (or joins the running one that covers it); returns at once. */
export async function requestSync(request: SyncRequest): Promise<StartedSync> {
  return sqlTransaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SYNC_LOCK})`);
    const wanted = request.accountIds ?? [];
    const asked = await tx.rows<{ id: number; sync_watermark: Date | null }>(sql`
      SELECT id, sync_watermark FROM shop_accounts
       WHERE active AND (cardinality(${wanted}::int[]) = 0 OR id = ANY(${wanted}::int[])) ORDER BY id`);
    const askedIds = asked.map((a) => a.id);
    const covering = await tx.rows<{ account_id: number; run_id: number }>(sql`
      SELECT a.account_id, a.run_id FROM sync_run_accounts a JOIN sync_runs r ON r.id = a.run_id
       WHERE r.outcome = 'Running' AND a.finished_at IS NULL AND a.account_id = ANY(${askedIds}::int[])
       ORDER BY a.run_id DESC`);
    const byRun = new Map<number, number[]>();
    for (const row of covering) byRun.set(row.run_id, [...(byRun.get(row.run_id) ?? []), row.account_id]);
    const covered = new Set(covering.map((row) => row.account_id));
    const uncovered = asked.filter((a) => !covered.has(a.id));

    if (askedIds.length > 0 && uncovered.length === 0) {
      // Everything asked is being synced already: follow the run that covers the most of it.
      const [runId] = [...byRun].sort((a, b) => b[1].length - a[1].length || b[0] - a[0])[0]!;
      const all = await tx.rows<{ account_id: number }>(sql`SELECT account_id FROM sync_run_accounts WHERE run_id = ${runId} ORDER BY account_id`);
      const alongside = [...byRun].filter(([id]) => id !== runId).map(([id, accountIds]) => ({ runId: id, accountIds: accountIds.sort((a, b) => a - b) }));
      return { runId, joined: true, accountIds: all.map((a) => a.account_id), alongside };
    }

    const empty = uncovered.length === 0;
    const [run] = await tx.rows<{ id: number; started_at: Date }>(sql`
      INSERT INTO sync_runs (trigger, requested_by, outcome, finished_at)
      VALUES (${request.trigger}::"SyncTrigger", ${request.requestedBy ?? null}, ${empty ? 'Succeeded' : 'Running'}::"SyncOutcome", ${empty ? new Date() : null})
      RETURNING id, started_at`);
    for (const account of uncovered) {
      const [row] = await tx.rows<{ id: number }>(sql`
        INSERT INTO sync_run_accounts (run_id, account_id, watermark_before) VALUES (${run!.id}, ${account.id}, ${account.sync_watermark})
        RETURNING id`);
      const data: ShopJobData = { runId: run!.id, runAccountId: row!.id, accountId: account.id, until: run!.started_at.toISOString(), slice: 1 };
      // A shop's first sync is a backfill; every later one is an incremental that goes before backfills.
      const priority = account.sync_watermark ? PRIORITY.incremental : PRIORITY.backfill;
      const jobId = await sendJob(QUEUES.syncShop, data, { singletonKey: shopKey(account.id), priority }, tx);
      await tx.execute(sql`UPDATE sync_run_accounts SET job_id = ${jobId}::uuid WHERE id = ${row!.id}`);
    }
    return {
      runId: run!.id,
      joined: false,
      accountIds: uncovered.map((a) => a.id),
      alongside: [...byRun].map(([runId, accountIds]) => ({ runId, accountIds: accountIds.sort((a, b) => a - b) })),
    };
  });
}

/** What the progress panel shows of a run; the sync runs page adds the watermarks. */
export const RUN_FIELDS = { id: true, trigger: true, requestedBy: true, startedAt: true, finishedAt: true, outcome: true, error: true } as const;
export const ACCOUNT_FIELDS = {
  accountId: true,
  outcome: true,
  startedAt: true,
  finishedAt: true,
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
  attempts: true,
  worker: true,
  account: { select: { name: true } },
  finance: { select: { outcome: true, newStatements: true, transactions: true, payments: true, performanceDays: true, exceptions: true } },
} as const;

export async function syncRunProgress(runId: number) {
  return db.syncRun.findUnique({ where: { id: runId }, select: { ...RUN_FIELDS, accounts: { select: ACCOUNT_FIELDS, orderBy: { accountId: 'asc' } } } });
}

export type SyncRunProgress = NonNullable<Awaited<ReturnType<typeof syncRunProgress>>>;

/** The newest run still going (the grid's Sync Refunds button follows it after a reload). */
export async function runningSyncId(): Promise<number | null> {
  const run = await db.syncRun.findFirst({ where: { outcome: 'Running' }, select: { id: true }, orderBy: { id: 'desc' } });
  return run?.id ?? null;
}
