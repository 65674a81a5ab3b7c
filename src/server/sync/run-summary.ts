import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/server/db';
import { sqlRows } from '@/server/sql';
import { NO_COUNTS, type SyncCounters } from './progress';
import { ACCOUNT_FIELDS, RUN_FIELDS } from './runs';

/**
 * A run as people read it: its totals over every account, and the accounts worth naming (failed
 * first, then those still going), at most LISTED_RUN_ACCOUNTS of them; every account on the run's
 * own page. A run over an agency's 500 shops listed each one on the Sync runs page (745 KB for one
 * run) and in the Sync Refunds panel, which polls it every second.
 */

const sql = Prisma.sql;

/** Accounts named one by one under a run; the rest are counted (and all listed on the run's page). */
const LISTED_RUN_ACCOUNTS = 6;

const RUN_ACCOUNT_FIELDS = { ...ACCOUNT_FIELDS, watermarkBefore: true, watermarkAfter: true } as const;
export type RunAccount = Prisma.SyncRunAccountGetPayload<{ select: typeof RUN_ACCOUNT_FIELDS }>;

/** A run's accounts by how they stand, and their counters summed. */
export interface RunTotals extends SyncCounters {
  accounts: number;
  succeeded: number;
  failed: number;
  partial: number;
  syncing: number;
  queued: number;
}

const NO_ACCOUNTS: RunTotals = { ...NO_COUNTS, accounts: 0, succeeded: 0, failed: 0, partial: 0, syncing: 0, queued: 0 };

/** The order accounts are named in: what needs attention first, then by account. */
const ATTENTION_ORDER = sql`CASE outcome WHEN 'Failed' THEN 0 WHEN 'PartiallyFailed' THEN 1 WHEN 'Running' THEN 2 ELSE 3 END, account_id`;

async function totalsOf(runIds: number[]): Promise<Map<number, RunTotals>> {
  const rows = await sqlRows<RunTotals & { runId: number }>(sql`
    SELECT run_id AS "runId", count(*)::int AS accounts,
           count(*) FILTER (WHERE outcome = 'Succeeded')::int AS succeeded,
           count(*) FILTER (WHERE outcome = 'Failed')::int AS failed,
           count(*) FILTER (WHERE outcome = 'PartiallyFailed')::int AS partial,
           count(*) FILTER (WHERE outcome = 'Running' AND started_at IS NOT NULL)::int AS syncing,
           count(*) FILTER (WHERE outcome = 'Running' AND started_at IS NULL)::int AS queued,
           sum(pages)::int AS pages, sum(fetched)::int AS fetched, sum(created)::int AS created, sum(updated)::int AS updated,
           sum(unchanged)::int AS unchanged, sum(unmapped)::int AS unmapped, sum(skipped)::int AS skipped
      FROM sync_run_accounts WHERE run_id = ANY(${runIds}::int[]) GROUP BY run_id`);
  return new Map(rows.map(({ runId, ...totals }) => [runId, totals]));
}

/** The first `perRun` accounts of each run (all of them when null), in attention order. */
async function listedOf(runIds: number[], perRun: number | null): Promise<Map<number, RunAccount[]>> {
  const picked = await sqlRows<{ id: number; runId: number }>(sql`
    SELECT id, run_id AS "runId" FROM (
      SELECT id, run_id, row_number() OVER (PARTITION BY run_id ORDER BY ${ATTENTION_ORDER}) AS n
        FROM sync_run_accounts WHERE run_id = ANY(${runIds}::int[])) ranked
     WHERE ${perRun === null ? sql`true` : sql`n <= ${perRun}`}
     ORDER BY run_id, n`);
  const rows = new Map(
    (await db.syncRunAccount.findMany({ where: { id: { in: picked.map((p) => p.id) } }, select: { ...RUN_ACCOUNT_FIELDS, id: true } })).map(
      ({ id, ...row }) => [id, row],
    ),
  );
  const byRun = new Map<number, RunAccount[]>();
  for (const { id, runId } of picked) byRun.set(runId, [...(byRun.get(runId) ?? []), rows.get(id)!]);
  return byRun;
}

async function summaries(where: Prisma.SyncRunWhereInput, take: number) {
  const runs = await db.syncRun.findMany({ where, orderBy: { id: 'desc' }, take, select: RUN_FIELDS });
  const ids = runs.map((run) => run.id);
  const [totals, listed] = await Promise.all([totalsOf(ids), listedOf(ids, LISTED_RUN_ACCOUNTS)]);
  return runs.map((run) => ({ ...run, totals: totals.get(run.id) ?? NO_ACCOUNTS, accounts: listed.get(run.id) ?? [] }));
}

export type RunSummary = Awaited<ReturnType<typeof summaries>>[number];

/** The newest runs, each with its totals and the accounts worth naming (the Sync runs page). */
export function recentRunSummaries(limit: number): Promise<RunSummary[]> {
  return summaries({}, limit);
}

/** One run, as the Sync Refunds panel shows it while it runs. */
export async function runSummary(runId: number): Promise<RunSummary | null> {
  return (await summaries({ id: runId }, 1))[0] ?? null;
}

/** One run with every account, in attention order (its own page). */
export async function runWithAccounts(runId: number) {
  const run = await db.syncRun.findUnique({ where: { id: runId }, select: RUN_FIELDS });
  if (!run) return null;
  const [totals, listed] = await Promise.all([totalsOf([runId]), listedOf([runId], null)]);
  return { ...run, totals: totals.get(runId) ?? NO_ACCOUNTS, accounts: listed.get(runId) ?? [] };
}
