import 'server-only';
import type { SyncOutcome } from '@/generated/prisma/enums';
import type { TikTokShopClient } from '@/server/tiktok/client';
import type { MarketplaceRefund } from '@/server/tiktok/types';
import type { FeedPager, FeedPosition, FeedRequest } from './keyset';
import { addNote, type Progress } from './progress';
import { toRefundRow } from './to-refund-row';
import { upsertRefunds } from './upsert';

/**
 * Sync Refunds, the paging and writing of one feed. A sync run is a set of jobs on pg-boss, one
 * chain per account (./runs.ts starts them, ./shop-job.ts runs them); each job pages an account's
 * returns and cancellations side by side with this module, by keyset on update_time (./keyset.ts),
 * through [watermark - overlap, run start), and upserts them in batches (group commit,
 * WRITE_BATCH). A job reads at most SYNC_JOB_PAGES pages per feed; what is left of the window goes
 * to a follow-up job, from exactly where this one stopped.
 */

const PAGE_SIZE = 50;
/**
 * Most records written per transaction: 10 pages. A transaction per 50-record page cost ~260 µs
 * per record at 1M rows, one per 500 ~180 µs (statement, lock and commit overheads paid once);
 * the watermark only moves past what is written, so a crash mid-batch loses nothing.
 */
export const WRITE_BATCH = 500;

/** Failed only when every account failed, Succeeded only when every one succeeded (or there were none). */
export function runOutcome(accounts: SyncOutcome[]): 'Succeeded' | 'PartiallyFailed' | 'Failed' {
  if (accounts.every((outcome) => outcome === 'Succeeded')) return 'Succeeded';
  if (accounts.every((outcome) => outcome === 'Failed')) return 'Failed';
  return 'PartiallyFailed';
}

export type Feed = 'Return' | 'Cancellation';

/** How a feed's share of a slice ended: the window paged to its end, or where the next slice resumes. */
export type FeedResult = { done: true } | { done: false; position: FeedPosition };

export interface FeedOptions {
  client: TikTokShopClient;
  kind: Feed;
  accountId: number;
  pager: FeedPager;
  /** Pages this slice may read before it stops at the next keyset boundary. */
  pageBudget: number;
  /** TikTok's total_count of the window is recorded from the first request of the first slice only. */
  firstSlice: boolean;
  progress: Progress;
  save: () => Promise<unknown>;
}

/** Pages one feed through the window by keyset on update_time (./keyset.ts) and writes what is new. */
export async function syncFeed(options: FeedOptions): Promise<FeedResult> {
  const { client, kind, accountId, pager, progress, save } = options;
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
  let pages = 0;
  let stopAt: FeedPosition | null = null;
  // The next request is sent before this page is written, so TikTok's latency and our write
  // overlap (the page's last update_time, or its token, is all the next request needs).
  let next: ReturnType<typeof search> | undefined = search(pager.first());
  while (next) {
    const { request, page } = await next;
    const step = pager.accept(request, page);
    pages += 1;
    // A slice ends only before a keyset request: its cursor is all a follow-up needs.
    if (step.next && pages >= options.pageBudget && step.next.mode === 'keyset') {
      stopAt = pager.position(step.next);
      next = undefined;
    } else {
      next = step.next ? search(step.next) : undefined;
      // If a write fails below, the prefetch's own failure must not surface as unhandled.
      next?.catch(() => undefined);
    }
    if (options.firstSlice && request.first && request.mode === 'keyset') progress.reported[kind] = page.totalCount;
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
  return stopAt ? { done: false, position: stopAt } : { done: true };
}
