import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/server/db';

/**
 * Folds the refund count delta logs (written by triggers on every change) into one row per key:
 * refund_count_deltas per (account, status, type, reason label, currency), and its sum over shops,
 * refund_all_shops_count_deltas, per (status, type, reason label, currency), each with its count
 * and amount. Summing either then stays a few
 * thousand rows at most. Safe to run at any time: writers only append, and a fold moves exactly the
 * rows it read. The per-shop log's trigger appends its changes to the all-shops log; a fold changes
 * no sum, so it says so for its own transaction (the all_shops_count_log migration).
 */
const LOGS = [
  { table: 'refund_count_deltas', keys: 'account_id, status, type, reason_label, currency', folding: 'refunds.folding_count_log' },
  { table: 'refund_all_shops_count_deltas', keys: 'status, type, reason_label, currency', folding: null },
] as const;

export async function compactCountDeltas(): Promise<{ before: number; after: number }> {
  let before = 0;
  let after = 0;
  for (const log of LOGS) {
    const table = Prisma.raw(log.table);
    const keys = Prisma.raw(log.keys);
    const counts = await db.$transaction(async (tx) => {
      const [stats] = await tx.$queryRaw<{ n: bigint; max: bigint | null }[]>`SELECT count(*) AS n, max(id) AS max FROM ${table}`;
      if (!stats?.max || stats.n < 2n) return { before: Number(stats?.n ?? 0), after: Number(stats?.n ?? 0) };
      if (log.folding) await tx.$queryRaw`SELECT set_config(${log.folding}, 'on', true)`;
      await tx.$executeRaw`
        WITH folded AS (DELETE FROM ${table} WHERE id <= ${stats.max} RETURNING ${keys}, delta, amount)
        INSERT INTO ${table} (${keys}, delta, amount)
        SELECT ${keys}, sum(delta)::int, sum(amount) FROM folded GROUP BY ${keys} HAVING sum(delta) <> 0 OR sum(amount) <> 0`;
      const [folded] = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM ${table}`;
      return { before: Number(stats.n), after: Number(folded!.n) };
    });
    before += counts.before;
    after += counts.after;
  }
  return { before, after };
}
