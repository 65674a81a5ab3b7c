import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { db } from './db';
import { logInfo } from './log';

/**
 * Upkeep of the analytics rollups (the logs of the analytics_rollups migration, written by
 * triggers on every change of refunds, refund_answers and refund_decisions; the day log summed
 * over shops, by day and by month, the updated log, by day of TikTok's last update, and the
 * per-shop logs without the reason, by day and by month, written by the same refunds triggers; the
 * answer log summed over shops, by day and by month, written by the answers triggers; TikTok's
 * reported days by month, written by triggers on shop_daily_performance, in TikTok's days, which no
 * rebuild touches): folding them after a sync, and rebuilding them when STORE_TIMEZONE changes.
 * The analytics page and the grid's counts read them (src/features/analytics/queries.ts,
 * src/features/refunds/counting-log.ts); nothing here is needed for them to be right, only for
 * them to stay small and in the store's zone.
 */

const sql = Prisma.sql;

/** A log: its table, the columns that key it, its measures, and its fold watermark in analytics_rollup_state. */
interface RollupLog {
  table: string;
  keys: string[];
  measures: string[];
  watermark: string;
}

/** Fixed identifiers of ours, never request input. */
const LOGS: RollupLog[] = [
  {
    table: 'refund_day_deltas',
    keys: ['account_id', 'day', 'currency', 'status', 'reason'],
    measures: ['refunds', 'amount'],
    watermark: 'day_compacted_through',
  },
  {
    table: 'refund_sku_deltas',
    keys: ['account_id', 'day', 'currency', 'status', 'sku_id', 'seller_sku', 'product_name', 'sku_name'],
    measures: ['units', 'refunds', 'amount'],
    watermark: 'sku_compacted_through',
  },
  {
    table: 'refund_answer_deltas',
    keys: ['account_id', 'day', 'currency', 'source', 'band'],
    measures: ['answers', 'seconds'],
    watermark: 'answer_compacted_through',
  },
  {
    table: 'refund_decision_deltas',
    keys: ['account_id', 'day', 'currency', 'actor_label', 'kind'],
    measures: ['decisions', 'refunds'],
    watermark: 'decision_compacted_through',
  },
  {
    table: 'refund_all_shops_day_deltas',
    keys: ['day', 'currency', 'status', 'reason', 'type', 'reason_label'],
    measures: ['refunds', 'amount'],
    watermark: 'all_shops_day_compacted_through',
  },
  {
    table: 'refund_all_shops_month_deltas',
    keys: ['month', 'currency', 'status', 'reason', 'type', 'reason_label'],
    measures: ['refunds', 'amount'],
    watermark: 'all_shops_month_compacted_through',
  },
  {
    table: 'refund_all_shops_updated_deltas',
    keys: ['day', 'currency', 'status'],
    measures: ['refunds', 'amount'],
    watermark: 'all_shops_updated_compacted_through',
  },
  {
    table: 'refund_shop_day_deltas',
    keys: ['day', 'account_id', 'currency', 'status'],
    measures: ['refunds', 'amount'],
    watermark: 'shop_day_compacted_through',
  },
  {
    table: 'refund_shop_month_deltas',
    keys: ['month', 'account_id', 'currency', 'status'],
    measures: ['refunds', 'amount'],
    watermark: 'shop_month_compacted_through',
  },
  {
    table: 'refund_all_shops_answer_deltas',
    keys: ['day', 'currency', 'source', 'band'],
    measures: ['answers', 'seconds'],
    watermark: 'all_shops_answer_compacted_through',
  },
  {
    table: 'refund_all_shops_answer_month_deltas',
    keys: ['month', 'currency', 'source', 'band'],
    measures: ['answers', 'seconds'],
    watermark: 'all_shops_answer_month_compacted_through',
  },
  {
    table: 'shop_performance_month_deltas',
    keys: ['month', 'account_id'],
    measures: ['orders', 'days'],
    watermark: 'performance_month_compacted_through',
  },
];

export interface CompactedLog {
  table: string;
  /** Rows the fold read (the keys written since the last fold, with their older rows). */
  folded: number;
  /** Rows it wrote back: one per key whose measures do not all sum to zero. */
  written: number;
}

/**
 * Folds the rows appended since the last fold into one row per key. Only keys that got new rows
 * are touched (found through the log's key index), so a fold after a sync costs what the sync
 * changed, not the log's size (~300,000 day rows at 1M refunds). Safe at any time: writers only
 * append, sums are unchanged by a fold, and concurrent folds queue on the state row. A delta
 * committed late with an id below the watermark is simply left unfolded (still summed by readers).
 */
export async function compactAnalyticsRollups(): Promise<CompactedLog[]> {
  const results: CompactedLog[] = [];
  for (const log of LOGS) {
    results.push(
      await db.$transaction(
        async (tx) => {
          const raw = Prisma.raw;
          const [state] = await tx.$queryRaw<{ through: bigint }[]>`
          SELECT ${raw(log.watermark)} AS through FROM analytics_rollup_state WHERE id = 1 FOR UPDATE`;
          const [last] = await tx.$queryRaw<{ max: bigint | null }[]>`SELECT max(id) AS max FROM ${raw(log.table)}`;
          if (!state || last?.max === null || last?.max === undefined || last.max <= state.through) return { table: log.table, folded: 0, written: 0 };
          const keys = raw(log.keys.join(', '));
          const match = raw(log.keys.map((key) => `d.${key} = t.${key}`).join(' AND '));
          const sums = raw(log.measures.map((m) => `sum(${m})`).join(', '));
          const nonZero = raw(log.measures.map((m) => `sum(${m}) <> 0`).join(' OR '));
          // The new watermark covers the rows this fold writes (their ids come after last.max), so
          // the next fold does not fold them again: before, a fold after a 100,000-refund backfill
          // rewrote ~300,000 keys and the next fold, after 1,000 changes, read all of them again
          // (2.3 s of a 3.6 s incremental sync at 1M refunds). A row another writer appended
          // meanwhile stops it short of them (min(id) - 1 over the rows this statement's snapshot
          // sees after last.max; a data-modifying CTE's own rows are not in that snapshot).
          const [counts] = await tx.$queryRaw<{ folded: bigint; written: bigint; through: bigint }[]>`
          WITH touched AS (SELECT DISTINCT ${keys} FROM ${raw(log.table)} WHERE id > ${state.through} AND id <= ${last.max}),
          folded AS (DELETE FROM ${raw(log.table)} d USING touched t WHERE ${match} AND d.id <= ${last.max} RETURNING d.*),
          written AS (
            INSERT INTO ${raw(log.table)} (${keys}, ${raw(log.measures.join(', '))})
            SELECT ${keys}, ${sums} FROM folded GROUP BY ${keys} HAVING ${nonZero} RETURNING id)
          SELECT (SELECT count(*) FROM folded) AS folded, (SELECT count(*) FROM written) AS written,
                 coalesce((SELECT min(id) - 1 FROM ${raw(log.table)} WHERE id > ${last.max}), (SELECT max(id) FROM written), ${last.max}) AS through`;
          await tx.$executeRaw`UPDATE analytics_rollup_state SET ${raw(log.watermark)} = ${counts!.through} WHERE id = 1`;
          return { table: log.table, folded: Number(counts!.folded), written: Number(counts!.written) };
        },
        // A fold after a 100,000-refund backfill touches ~100,000 keys: 5-6 s on a busy 2-core
        // machine, past Prisma's default 5 s, which failed the fold and left the next one the same
        // backlog and more (seen in the bench). Writers never wait on it (they only append).
        { timeout: 5 * 60_000, maxWait: 60_000 },
      ),
    );
  }
  return results;
}

/** The zone the rollups' days are in (null before the first build, which the migration does). */
export async function rollupZone(): Promise<string | null> {
  const [state] = await db.$queryRaw<{ time_zone: string }[]>`SELECT time_zone FROM analytics_rollup_state WHERE id = 1`;
  return state?.time_zone ?? null;
}

/** Arbitrary constant identifying the rollup rebuild among advisory locks. */
const REBUILD_LOCK = 7_412_012;

/**
 * Makes the rollups' days the store's days: rebuilds every log in `zone` when it differs from the
 * zone they were built in (a change of STORE_TIMEZONE; the migration builds them in UTC). Run by
 * the server at start and by the benchmark; several processes starting at once rebuild once (an
 * advisory lock, then the zone is read again). Writers wait for a rebuild: ~20 s at 1M refunds.
 */
export async function ensureRollupZone(zone: string): Promise<{ rebuilt: boolean; from: string | null }> {
  const current = await rollupZone();
  if (current === zone) return { rebuilt: false, from: current };
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${REBUILD_LOCK})`;
      const [state] = await tx.$queryRaw<{ time_zone: string }[]>`SELECT time_zone FROM analytics_rollup_state WHERE id = 1`;
      if (state?.time_zone === zone) return { rebuilt: false, from: zone };
      const started = Date.now();
      await tx.$executeRaw(sql`SELECT analytics_rollups_rebuild(${zone})`);
      logInfo('analytics.rollups_rebuilt', { from: state?.time_zone ?? null, to: zone, ms: Date.now() - started });
      return { rebuilt: true, from: state?.time_zone ?? null };
    },
    // A rebuild reads every refund once; Prisma's default 5 s would end it at ~250,000 rows.
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}
