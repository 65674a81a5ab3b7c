import 'server-only';
import type PgBoss from 'pg-boss';

/**
 * The app's job queues on pg-boss, with what each one guarantees. A queue's policy is pg-boss's:
 * `singleton` lets one job per singleton key be active at a time (our key is the shop, so a shop is
 * never synced by two jobs at once, whichever process runs them); `short` keeps one job per key
 * waiting (a second send for the same key is dropped: deduplication); `stately` keeps at most one
 * waiting and one active.
 */

export const QUEUES = {
  /** One slice of one shop's sync window (both feeds, then finance): src/server/sync/shop-job.ts. */
  syncShop: 'sync-shop',
  /** Re-read one refund from TikTok after a webhook: src/server/sync/refresh-job.ts. */
  refundRefresh: 'refund-refresh',
  /** Deadline and disagreement alerts: every minute (cron) and after each run. */
  alerts: 'alerts',
  /** Every minute: starts a scheduled sync when SYNC_INTERVAL_MINUTES have passed since the last. */
  syncSchedule: 'sync-schedule',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Retries: a job whose handler throws (the database went away, TikTok kept answering 429 past the
 * transport's own retries) is retried by pg-boss after retryDelay seconds, doubling with jitter
 * (retryBackoff). A job whose worker died is failed by the supervisor as soon as its shop lock is
 * gone (src/server/jobs/reaper.ts), and retried the same way; `expireInSeconds` is only the
 * backstop for a worker that hangs without dying.
 */
export const QUEUE_OPTIONS: Record<QueueName, Omit<PgBoss.Queue, 'name'>> = {
  [QUEUES.syncShop]: { policy: 'singleton', retryLimit: 4, retryDelay: 2, retryBackoff: true, expireInSeconds: 1800 },
  [QUEUES.refundRefresh]: { policy: 'short', retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  [QUEUES.alerts]: { policy: 'stately', retryLimit: 1, retryDelay: 10, expireInSeconds: 300 },
  [QUEUES.syncSchedule]: { policy: 'stately', retryLimit: 0, expireInSeconds: 120 },
};

/**
 * The order a worker takes work in when it has a free slot: a webhook's refresh first (someone may
 * be looking at the row), then shops' syncs (each queue ordered by priority, then age), then the
 * minute jobs.
 */
export const QUEUE_ORDER: readonly QueueName[] = [QUEUES.refundRefresh, QUEUES.syncShop, QUEUES.alerts, QUEUES.syncSchedule];

/** Priorities within sync-shop: a shop's next incremental sync goes before any backfill slice. */
export const PRIORITY = { incremental: 10, backfill: 0 } as const;

/** The singleton key of a shop's sync jobs. */
export const shopKey = (accountId: number) => `shop:${accountId}`;
