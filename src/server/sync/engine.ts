import 'server-only';
import type { SyncOutcome, SyncTrigger } from '@/generated/prisma/enums';
import { clientForAccount, defaultTransport } from '@/server/tiktok/account-client';
import { env } from '@/server/config';
import { db } from '@/server/db';
import { syncAccountFinance } from '@/server/finance/sync';
import { logError } from '@/server/log';
import type { TikTokShopClient } from '@/server/tiktok/client';
import { TikTokApiError } from '@/server/tiktok/errors';
import type { Transport } from '@/server/tiktok/http';
import type { MarketplaceRefund } from '@/server/tiktok/types';
import { runAlerts } from '@/server/alerts/digest';
import { resumeStaleDecisions } from '@/server/decisions/resume';
import { compactAnalyticsRollups } from '@/server/rollups';
import { compactCountDeltas } from './count-deltas';
import { FeedPager, type FeedRequest } from './keyset';
import { addNote, newProgress, progressFields, type Progress } from './progress';
import { toRefundRow } from './to-refund-row';
import { upsertRefunds } from './upsert';

/**
 * Sync Refunds. An account is synced by one run at a time across every process: starting a sync
 * while a run covering every account asked is going joins it, and otherwise starts a run for the
 * accounts no running run covers (the check and the insert happen under a Postgres advisory lock). The worker keeps a heartbeat;
 * a run whose worker died (heartbeat older than STALE_MS) is closed as failed by the next start.
 *
 * Per account, returns and cancellations updated in [watermark - overlap, run start) are paged by
 * keyset on update_time (./keyset.ts) and upserted in batches (group commit, WRITE_BATCH). The
 * watermark moves to the run's start only when every request of both feeds succeeded, so a crash
 * or an error loses nothing: the next run starts from the last committed watermark. Records that
 * cannot be stored (no usable id) are counted and shown on the run, and do not hold it back.
 */

/** Arbitrary constant identifying "the sync" among advisory locks. */
const SYNC_LOCK = 7_412_003;
const HEARTBEAT_MS = 5_000;
const STALE_MS = 60_000;
const PAGE_SIZE = 50;
/**
 * Most records written per transaction: 10 pages. A transaction per 50-record page cost ~260 µs
 * per record at 1M rows, one per 500 ~180 µs (statement, lock and commit overheads paid once);
 * the watermark only moves after the whole window, so a crash mid-batch loses nothing.
 */
export const WRITE_BATCH = 500;

export interface StartSyncOptions {
  trigger: SyncTrigger;
  requestedBy?: string | null;
  /** Only these accounts (the grid's account filter); all active accounts when absent. */
  accountIds?: number[];
}

/** A run and the accounts it covers (names for people, ids for code). */
interface RunCoverage {
  runId: number;
  accounts: { id: number; name: string }[];
}

export interface StartedSync {
  /** The run to follow: the one joined, or the one started. */
  runId: number;
  /** True when a run already going covers every account asked: the caller joined it instead of starting another. */
  joined: boolean;
  /** The accounts `runId` covers. */
  accounts: { id: number; name: string }[];
  /** When a run was started: the runs already going that cover the other accounts asked (synced there, not twice). */
  alongside: RunCoverage[];
}

/**
 * Creates a run (or joins the running one). Does not run it: see executeSync. The rule, kept
 * simple so a job queue can carry it over: join a fresh run only when it covers every account
 * asked; otherwise start a run for the accounts no fresh run covers (an account is never in two
 * running runs), and say which runs cover the rest.
 */
export async function startSync(options: StartSyncOptions): Promise<StartedSync> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SYNC_LOCK})`;
    const running = await tx.syncRun.findMany({
      where: { outcome: 'Running' },
      orderBy: { id: 'desc' },
      select: { id: true, heartbeatAt: true, accounts: { select: { account: { select: { id: true, name: true } } }, orderBy: { accountId: 'asc' } } },
    });
    const fresh: RunCoverage[] = [];
    for (const run of running) {
      if (Date.now() - run.heartbeatAt.getTime() < STALE_MS) {
        fresh.push({ runId: run.id, accounts: run.accounts.map((a) => a.account) });
        continue;
      }
      await tx.syncRun.update({
        where: { id: run.id },
        data: { outcome: 'Failed', finishedAt: new Date(), error: 'the worker stopped (process ended) before finishing' },
      });
      await tx.syncRunAccount.updateMany({
        where: { runId: run.id, outcome: 'Running' },
        data: { outcome: 'Failed', finishedAt: new Date(), errorCode: 'ABANDONED', error: 'the worker stopped before finishing this account' },
      });
    }
    const asked = await tx.shopAccount.findMany({
      where: { active: true, ...(options.accountIds?.length ? { id: { in: options.accountIds } } : {}) },
      select: { id: true, name: true, syncWatermark: true },
      orderBy: { id: 'asc' },
    });
    const covers = (run: RunCoverage, id: number) => run.accounts.some((a) => a.id === id);
    const joined = fresh.find((run) => asked.every((account) => covers(run, account.id)));
    if (joined) return { runId: joined.runId, joined: true, accounts: joined.accounts, alongside: [] };
    const rest = asked.filter((account) => !fresh.some((run) => covers(run, account.id)));
    const alongside = fresh.filter((run) => asked.some((account) => covers(run, account.id)));
    if (rest.length === 0 && alongside.length) {
      // Every account asked is being synced, by more than one run: follow the newest, name the others.
      const [newest, ...others] = alongside as [RunCoverage, ...RunCoverage[]];
      return { runId: newest.runId, joined: true, accounts: newest.accounts, alongside: others };
    }
    const run = await tx.syncRun.create({
      data: {
        trigger: options.trigger,
        requestedBy: options.requestedBy ?? null,
        accounts: { create: rest.map((a) => ({ accountId: a.id, watermarkBefore: a.syncWatermark })) },
      },
    });
    return { runId: run.id, joined: false, accounts: rest.map(({ id, name }) => ({ id, name })), alongside };
  });
}

export interface ExecuteOptions {
  transport?: Transport;
  /** Accounts synced at once (each has its own TikTok rate limit). */
  concurrency?: number;
  now?: () => Date;
}

/** Failed only when every account failed, Succeeded only when every one succeeded (or there were none). */
export function runOutcome(accounts: SyncOutcome[]): 'Succeeded' | 'PartiallyFailed' | 'Failed' {
  if (accounts.every((outcome) => outcome === 'Succeeded')) return 'Succeeded';
  if (accounts.every((outcome) => outcome === 'Failed')) return 'Failed';
  return 'PartiallyFailed';
}

/** Runs a started sync to the end; never throws (failures are recorded on the run). */
export async function executeSync(runId: number, options: ExecuteOptions = {}): Promise<void> {
  const heartbeat = setInterval(() => {
    void db.syncRun.update({ where: { id: runId }, data: { heartbeatAt: new Date() } }).catch(() => undefined);
  }, HEARTBEAT_MS);
  try {
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId }, include: { accounts: { select: { id: true, accountId: true } } } });
    const until = run.startedAt;
    const queue = [...run.accounts];
    const workers = Array.from({ length: Math.max(1, options.concurrency ?? 4) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await syncAccount(next.id, next.accountId, until, options);
    });
    await Promise.all(workers);
    const results = await db.syncRunAccount.findMany({ where: { runId }, select: { outcome: true } });
    await db.syncRun.update({
      where: { id: runId },
      data: { outcome: runOutcome(results.map((r) => r.outcome)), finishedAt: new Date(), heartbeatAt: new Date() },
    });
    await compactCountDeltas().catch((error: unknown) => logError('sync.compact_failed', { error }));
    await compactAnalyticsRollups().catch((error: unknown) => logError('sync.compact_rollups_failed', { error }));
    // New deadlines and disagreements alert without waiting for the next minute's check.
    await runAlerts().catch((error: unknown) => logError('alerts.run_failed', { error }));
  } catch (error) {
    logError('sync.run_failed', { runId, error });
    await db.syncRun
      .update({ where: { id: runId }, data: { outcome: 'Failed', finishedAt: new Date(), error: 'the sync stopped on an internal error; see the server log' } })
      .catch(() => undefined);
  } finally {
    clearInterval(heartbeat);
  }
}

async function syncAccount(rowId: number, accountId: number, until: Date, options: ExecuteOptions): Promise<void> {
  const account = await db.shopAccount.findUniqueOrThrow({ where: { id: accountId }, select: { syncWatermark: true } });
  const from = account.syncWatermark
    ? new Date(account.syncWatermark.getTime() - env.SYNC_OVERLAP_MINUTES * 60_000)
    : new Date(until.getTime() - env.SYNC_BACKFILL_DAYS * 86_400_000);
  await db.syncRunAccount.update({ where: { id: rowId }, data: { startedAt: new Date(), watermarkBefore: account.syncWatermark } });
  const progress = newProgress();
  const write = () => db.syncRunAccount.update({ where: { id: rowId }, data: progressFields(progress) });
  // Progress is for people watching: a write every 250 ms is live enough and keeps it off the hot path.
  let lastWrite = 0;
  const save = async () => {
    if (Date.now() - lastWrite < 250) return;
    lastWrite = Date.now();
    await write();
  };
  try {
    const client = await clientForAccount(accountId, options.transport ?? defaultTransport());
    // Returns and cancellations are separate APIs with separate rate limits: page them side by side.
    await Promise.all([
      syncFeed(client, 'Return', accountId, from, until, progress, save),
      syncFeed(client, 'Cancellation', accountId, from, until, progress, save),
    ]);
    await write();
    // Decisions whose process stopped between TikTok and our record are finished here (same key, never twice).
    await resumeStaleDecisions(accountId, client, options.now?.() ?? new Date());
    // Records without a usable id can never be stored: they are counted and shown on the run, but
    // they do not hold the watermark back (only a failed request does), or one bad record would
    // make every later run read the same window again.
    await db.$transaction([
      db.syncRunAccount.update({ where: { id: rowId }, data: { outcome: 'Succeeded', finishedAt: new Date(), watermarkAfter: until } }),
      db.shopAccount.update({
        where: { id: accountId },
        data: { syncWatermark: until, lastSyncAt: new Date(), lastSuccessfulSyncAt: new Date(), lastSyncOutcome: 'Succeeded', lastSyncError: null },
      }),
    ]);
  } catch (error) {
    await write().catch(() => undefined);
    if (error instanceof TikTokApiError) {
      await finish(rowId, accountId, { errorCode: String(error.code ?? error.kind), error: error.describe() });
    } else {
      logError('sync.account_failed', { accountId, error });
      await finish(rowId, accountId, { errorCode: 'INTERNAL', error: 'internal error; see the server log' });
    }
  }
  // Statements, payments and reconciliation (src/server/finance); a failure there is added to this row.
  await syncAccountFinance(rowId, accountId, until, options.transport ?? defaultTransport());
}

async function finish(rowId: number, accountId: number, detail: { errorCode: string; error: string }) {
  await db.$transaction([
    db.syncRunAccount.update({ where: { id: rowId }, data: { outcome: 'Failed', finishedAt: new Date(), ...detail } }),
    db.shopAccount.update({ where: { id: accountId }, data: { lastSyncAt: new Date(), lastSyncOutcome: 'Failed', lastSyncError: detail.error } }),
  ]);
}

/** Pages one feed through the window by keyset on update_time (./keyset.ts) and writes what is new. */
async function syncFeed(
  client: TikTokShopClient,
  kind: 'Return' | 'Cancellation',
  accountId: number,
  from: Date,
  until: Date,
  progress: Progress,
  save: () => Promise<unknown>,
) {
  const pager = new FeedPager(from, until);
  const search = async (request: FeedRequest) => {
    const filter = {
      updatedFrom: new Date(request.from * 1000),
      updatedBefore: new Date(request.before * 1000),
      pageSize: PAGE_SIZE,
      sortField: 'update_time' as const,
    };
    const page = await (kind === 'Return' ? client.searchReturns(filter, request.pageToken) : client.searchCancellations(filter, request.pageToken));
    return { request, page };
  };
  const note = (text: string) => addNote(progress, kind, text);
  // Group commit: a page is written as soon as no write of this feed is running; pages that
  // arrive meanwhile are written together next (up to WRITE_BATCH). A small incremental sync
  // writes while it still pages; a backfill, where TikTok answers faster than we write, settles
  // on full batches.
  let pending: MarketplaceRefund[] = [];
  let writing: Promise<void> | undefined;
  let busy = false;
  const write = async (batch: MarketplaceRefund[]) => {
    busy = true;
    try {
      const counts = await upsertRefunds(accountId, batch, { source: 'Sync' });
      progress.created += counts.created;
      progress.updated += counts.updated;
      progress.unchanged += counts.unchanged;
      await save();
    } finally {
      busy = false;
    }
  };
  const flush = () => {
    const batch = pending;
    pending = [];
    writing = write(batch);
    // A failed write surfaces where it is awaited (next flush or the end of the feed), not as unhandled.
    writing.catch(() => undefined);
  };
  // The next request is sent before this page is written, so TikTok's latency and our write
  // overlap (the page's last update_time, or its token, is all the next request needs).
  let next: ReturnType<typeof search> | undefined = search(pager.first());
  while (next) {
    const { request, page } = await next;
    const step = pager.accept(request, page);
    next = step.next ? search(step.next) : undefined;
    // If a write fails below, the prefetch's own failure must not surface as unhandled.
    next?.catch(() => undefined);
    if (request.first && request.mode === 'keyset') progress.reported[kind] = page.totalCount;
    progress.pages += 1;
    progress.fetched += step.firstSeen;
    progress.skipped += step.skipped.length;
    for (const skipped of step.skipped) note(`skipped, cannot be stored (${skipped.error})`);
    for (const item of step.fresh) {
      for (const text of item.notes) note(text);
      if (toRefundRow(accountId, item).unmappedStatus) progress.unmapped.add(`${item.kind}:${item.id}`);
    }
    pending.push(...step.fresh);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- write() sets busy while it runs; TypeScript does not see assignments in closures and narrows busy to false
    if (!busy || pending.length >= WRITE_BATCH || !next) {
      await writing;
      if (pending.length) flush();
    }
  }
  await writing;
}
