import 'server-only';
import type { SyncTrigger } from '@/generated/prisma/enums';
import { clientForAccount, defaultTransport } from '@/server/tiktok/account-client';
import { env } from '@/server/config';
import { db } from '@/server/db';
import { syncAccountFinance } from '@/server/finance/sync';
import { logError } from '@/server/log';
import type { TikTokShopClient } from '@/server/tiktok/client';
import { TikTokApiError } from '@/server/tiktok/errors';
import type { Transport } from '@/server/tiktok/http';
import type { MarketplacePage, MarketplaceRefund } from '@/server/tiktok/types';
import { compactCountDeltas } from './count-deltas';
import { upsertRefunds } from './upsert';

/**
 * Sync Refunds. One run at a time across every process: starting one while another runs joins it
 * (the check and the insert happen under a Postgres advisory lock). The worker keeps a heartbeat;
 * a run whose worker died (heartbeat older than STALE_MS) is closed as failed by the next start.
 *
 * Per account, returns and cancellations updated in [watermark - overlap, run start) are paged in
 * update_time order and upserted page by page (each page its own transaction). The watermark moves
 * to the run's start only when every page of both feeds succeeded and no record was rejected, so a
 * crash or an error loses nothing: the next run starts from the last committed watermark.
 */

/** Arbitrary constant identifying "the sync" among advisory locks. */
const SYNC_LOCK = 7_412_003;
const HEARTBEAT_MS = 5_000;
const STALE_MS = 60_000;
/** Rescans of a window whose distinct records fell short of TikTok's total (records moved while paging). */
const MAX_PASSES = 3;
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

export interface StartedSync {
  runId: number;
  /** True when a run was already going: the caller joined it instead of starting another. */
  joined: boolean;
}

/** Creates a run (or returns the running one). Does not run it: see executeSync. */
export async function startSync(options: StartSyncOptions): Promise<StartedSync> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SYNC_LOCK})`;
    const running = await tx.syncRun.findFirst({ where: { outcome: 'Running' }, orderBy: { id: 'desc' } });
    if (running) {
      if (Date.now() - running.heartbeatAt.getTime() < STALE_MS) return { runId: running.id, joined: true };
      await tx.syncRun.update({
        where: { id: running.id },
        data: { outcome: 'Failed', finishedAt: new Date(), error: 'the worker stopped (process ended) before finishing' },
      });
      await tx.syncRunAccount.updateMany({
        where: { runId: running.id, outcome: 'Running' },
        data: { outcome: 'Failed', finishedAt: new Date(), errorCode: 'ABANDONED', error: 'the worker stopped before finishing this account' },
      });
    }
    const accounts = await tx.shopAccount.findMany({
      where: { active: true, ...(options.accountIds?.length ? { id: { in: options.accountIds } } : {}) },
      select: { id: true, syncWatermark: true },
      orderBy: { id: 'asc' },
    });
    const run = await tx.syncRun.create({
      data: {
        trigger: options.trigger,
        requestedBy: options.requestedBy ?? null,
        accounts: { create: accounts.map((a) => ({ accountId: a.id, watermarkBefore: a.syncWatermark })) },
      },
    });
    return { runId: run.id, joined: false };
  });
}

export interface ExecuteOptions {
  transport?: Transport;
  /** Accounts synced at once (each has its own TikTok rate limit). */
  concurrency?: number;
  now?: () => Date;
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
    const failed = results.filter((r) => r.outcome !== 'Succeeded').length;
    const outcome = failed === 0 ? 'Succeeded' : failed === results.length ? 'Failed' : 'PartiallyFailed';
    await db.syncRun.update({ where: { id: runId }, data: { outcome, finishedAt: new Date(), heartbeatAt: new Date() } });
    await compactCountDeltas().catch((error: unknown) => logError('sync.compact_failed', { error }));
  } catch (error) {
    logError('sync.run_failed', { runId, error });
    await db.syncRun
      .update({ where: { id: runId }, data: { outcome: 'Failed', finishedAt: new Date(), error: 'the sync stopped on an internal error; see the server log' } })
      .catch(() => undefined);
  } finally {
    clearInterval(heartbeat);
  }
}

interface Progress {
  pages: number;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  unmapped: number;
  rejected: string[];
  /** A window whose records kept shifting through every pass: do not trust it enough to move on. */
  incomplete: string[];
}

async function syncAccount(rowId: number, accountId: number, until: Date, options: ExecuteOptions): Promise<void> {
  const account = await db.shopAccount.findUniqueOrThrow({ where: { id: accountId }, select: { syncWatermark: true } });
  const from = account.syncWatermark
    ? new Date(account.syncWatermark.getTime() - env.SYNC_OVERLAP_MINUTES * 60_000)
    : new Date(until.getTime() - env.SYNC_BACKFILL_DAYS * 86_400_000);
  await db.syncRunAccount.update({ where: { id: rowId }, data: { startedAt: new Date(), watermarkBefore: account.syncWatermark } });
  const progress: Progress = { pages: 0, fetched: 0, created: 0, updated: 0, unchanged: 0, unmapped: 0, rejected: [], incomplete: [] };
  const write = () =>
    db.syncRunAccount.update({
      where: { id: rowId },
      data: {
        pages: progress.pages,
        fetched: progress.fetched,
        created: progress.created,
        updated: progress.updated,
        unchanged: progress.unchanged,
        unmapped: progress.unmapped,
      },
    });
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
    if (progress.rejected.length) {
      const message = `${progress.rejected.length} record(s) TikTok sent were unusable and were skipped; the watermark stays so the next run retries them: ${progress.rejected.slice(0, 3).join('; ')}`;
      await finish(rowId, accountId, 'PartiallyFailed', { errorCode: 'INVALID_RECORDS', error: message });
      return;
    }
    if (progress.incomplete.length) {
      const message = `records kept moving while paging (${progress.incomplete.join(', ')}); the watermark stays so the next run reads the window again`;
      await finish(rowId, accountId, 'PartiallyFailed', { errorCode: 'WINDOW_INCOMPLETE', error: message });
      return;
    }
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
      await finish(rowId, accountId, 'Failed', { errorCode: String(error.code ?? error.kind), error: error.describe() });
    } else {
      logError('sync.account_failed', { accountId, error });
      await finish(rowId, accountId, 'Failed', { errorCode: 'INTERNAL', error: 'internal error; see the server log' });
    }
  }
  // Statements, payments and reconciliation (src/server/finance); a failure there is added to this row.
  await syncAccountFinance(rowId, accountId, until, options.transport ?? defaultTransport());
}

async function finish(rowId: number, accountId: number, outcome: 'Failed' | 'PartiallyFailed', detail: { errorCode: string; error: string }) {
  await db.$transaction([
    db.syncRunAccount.update({ where: { id: rowId }, data: { outcome, finishedAt: new Date(), ...detail } }),
    db.shopAccount.update({ where: { id: accountId }, data: { lastSyncAt: new Date(), lastSyncOutcome: outcome, lastSyncError: detail.error } }),
  ]);
}

/**
 * Pages one feed through the window. When fewer distinct records arrived than TikTok's total said
 * (records updated during paging leave the window and shift the rest by one), the window is paged
 * again: upserts are idempotent, so a rescan only costs time.
 */
async function syncFeed(
  client: TikTokShopClient,
  kind: 'Return' | 'Cancellation',
  accountId: number,
  from: Date,
  until: Date,
  progress: Progress,
  save: () => Promise<unknown>,
) {
  const search = (token?: string): Promise<MarketplacePage> =>
    kind === 'Return'
      ? client.searchReturns({ updatedFrom: from, updatedBefore: until, pageSize: PAGE_SIZE, sortField: 'update_time' }, token)
      : client.searchCancellations({ updatedFrom: from, updatedBefore: until, pageSize: PAGE_SIZE, sortField: 'update_time' }, token);
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const seen = new Set<string>();
    let total: number | null = null;
    let token: string | undefined;
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
        progress.unmapped += counts.unmapped;
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
    // The next page is requested before this one is written, so TikTok's latency and our write
    // overlap (the next page token is all the request needs).
    let next: Promise<MarketplacePage> | undefined = search();
    do {
      const page: MarketplacePage = await next!;
      token = page.nextPageToken ?? undefined;
      next = token ? search(token) : undefined;
      // If a write fails below, the prefetch's own failure must not surface as unhandled.
      next?.catch(() => undefined);
      total ??= page.totalCount;
      pending.push(...page.items);
      for (const item of page.items) seen.add(item.id);
      progress.pages += 1;
      progress.fetched += page.items.length;
      for (const rejected of page.rejected) progress.rejected.push(`${rejected.id ?? 'unknown id'}: ${rejected.error}`);
      for (const rejected of page.rejected) if (rejected.id) seen.add(rejected.id);
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- write() sets busy while it runs; TypeScript does not see assignments in closures and narrows busy to false
      if (!busy || pending.length >= WRITE_BATCH || !token) {
        await writing;
        if (pending.length) flush();
      }
    } while (token);
    await writing;
    if (total === null || seen.size >= total) return;
  }
  progress.incomplete.push(`${kind.toLowerCase()}s: ${MAX_PASSES} passes`);
}
