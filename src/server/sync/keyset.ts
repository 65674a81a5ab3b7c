import type { MarketplacePage, MarketplaceRefund } from '@/server/tiktok/types';

/**
 * How the sync pages one feed (returns or cancellations) through its window: by KEYSET on
 * update_time, not by TikTok's offsets. Every request asks for update_time in [cursor, window end)
 * sorted ascending, where the cursor is the greatest update_time seen so far; the records sharing
 * the boundary second come again and are dropped as already seen. A record updated while we page
 * leaves the window (its update_time passes the window's end) and comes back in the next run
 * through the overlap, so nothing shifts under us as it does with offsets (TikTok's page tokens
 * are offsets into a query whose result changes while we read it).
 *
 * Completeness comes from paging to the end, never from `total_count`: TikTok's own example
 * answers a one-record list with total_count 100. Termination never depends on the server being
 * right: paging stops when next_page_token is empty, or when a request brought no record not
 * already seen in this run, so a server that repeats a page or a token cannot keep us looping.
 *
 * Two cases where the cursor cannot move are paged with page tokens instead:
 *  - a whole page shares one update_time t (more records in one second than a page holds): the
 *    single second [t, t+1) is paged with next_page_token to its end, then the keyset resumes at
 *    t+1. Its first page starts with records already seen, by construction. (Offsets can still
 *    shift inside that one second if one of its records is updated meanwhile; that needs more than
 *    a page of updates in one second and the next run's overlap reads the second again.)
 *  - no record on the page carries an update_time: the same query goes on with its page token.
 *
 * A window can be paged by several jobs one after another (a long backfill is sliced, see
 * ../sync/shop-job.ts): a slice stops only before a keyset request, whose whole state is its
 * cursor plus the ids already seen at the cursor's second (`position`), and the next slice's pager
 * starts from exactly that (`resumeAt`).
 */

export interface FeedRequest {
  /** update_time_ge and update_time_lt, Unix seconds. */
  from: number;
  before: number;
  pageToken?: string;
  mode: 'keyset' | 'second' | 'token';
  /** The first request of a one-second query, which repeats records by construction. */
  first: boolean;
}

export interface FeedStep {
  /** Records not seen before in this run, or seen with an older update_time (a newer copy). */
  fresh: MarketplaceRefund[];
  /** How many of `fresh` are ids seen for the first time (the run's "received" figure). */
  firstSeen: number;
  /** Records without a usable id not seen before (compared by their JSON). */
  skipped: MarketplacePage['skipped'];
  next: FeedRequest | null;
}

const toSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** Where a slice stopped: the next keyset request's start, and the ids already seen in that second. */
export interface FeedPosition {
  /** Unix seconds. */
  from: number;
  seen: string[];
}

export class FeedPager {
  /** id → the latest update_time seen (undefined: the record had none). */
  private readonly seen = new Map<string, number | undefined>();
  private readonly seenSkipped = new Set<string>();
  private cursor: number;

  constructor(
    from: Date,
    private readonly before: Date,
  ) {
    this.cursor = toSeconds(from);
  }

  /** A pager that continues a window where an earlier slice stopped. */
  static resumeAt(position: FeedPosition, before: Date): FeedPager {
    const pager = new FeedPager(new Date(position.from * 1000), before);
    for (const id of position.seen) pager.seen.set(id, position.from);
    return pager;
  }

  /** Where paging stands before sending `next` (a keyset request): what a follow-up slice needs to resume. */
  position(next: FeedRequest): FeedPosition {
    const seen = [...this.seen].filter(([, time]) => time === next.from).map(([id]) => id);
    return { from: next.from, seen };
  }

  first(): FeedRequest {
    return { from: this.cursor, before: toSeconds(this.before), mode: 'keyset', first: true };
  }

  /** Distinct records received so far. */
  get received(): number {
    return this.seen.size;
  }

  /** Takes the answer to `request`: what is new on it, and the request to send next (null: the feed is done). */
  accept(request: FeedRequest, page: Pick<MarketplacePage, 'items' | 'skipped' | 'nextPageToken'>): FeedStep {
    const fresh: MarketplaceRefund[] = [];
    let firstSeen = 0;
    const times: number[] = [];
    for (const item of page.items) {
      const time = item.reportedUpdatedAt ? toSeconds(item.reportedUpdatedAt) : undefined;
      if (time !== undefined) times.push(time);
      const known = this.seen.has(item.id);
      const before = this.seen.get(item.id);
      if (known && (time === undefined || (before !== undefined && time <= before))) continue;
      if (!known) firstSeen += 1;
      this.seen.set(item.id, time);
      fresh.push(item);
    }
    const skipped = page.skipped.filter((entry) => {
      const key = JSON.stringify(entry.raw ?? null);
      if (this.seenSkipped.has(key)) return false;
      this.seenSkipped.add(key);
      return true;
    });
    const brought = fresh.length + skipped.length > 0;
    return { fresh, firstSeen, skipped, next: this.nextRequest(request, page.nextPageToken, times, brought) };
  }

  private nextRequest(request: FeedRequest, token: string | null, times: number[], brought: boolean): FeedRequest | null {
    const before = toSeconds(this.before);
    switch (request.mode) {
      case 'keyset': {
        if (!token || !brought) return null;
        if (times.length === 0) return { ...request, pageToken: token, mode: 'token', first: false };
        const max = Math.max(...times);
        if (Math.min(...times) === max && max >= this.cursor) {
          return { from: max, before: Math.min(max + 1, before), mode: 'second', first: true };
        }
        this.cursor = Math.max(this.cursor, max);
        return { from: this.cursor, before, mode: 'keyset', first: false };
      }
      case 'second': {
        if (token && (brought || request.first)) return { ...request, pageToken: token, first: false };
        // The second is done: the keyset resumes after it.
        this.cursor = Math.max(this.cursor, request.from + 1);
        return this.cursor < before ? { from: this.cursor, before, mode: 'keyset', first: false } : null;
      }
      case 'token':
        return token && brought ? { ...request, pageToken: token } : null;
    }
  }
}
