import 'server-only';
import { db } from '@/server/db';

/**
 * Folds the refund count delta log (written by triggers on every change) into one row per
 * (account, status, type), so summing it stays a few hundred rows. Safe to run at any time:
 * writers only append, and the fold moves exactly the rows it read.
 */
export async function compactCountDeltas(): Promise<{ before: number; after: number }> {
  return db.$transaction(async (tx) => {
    const [stats] = await tx.$queryRaw<{ n: bigint; max: bigint | null }[]>`SELECT count(*) AS n, max(id) AS max FROM refund_count_deltas`;
    if (!stats?.max || stats.n < 2n) return { before: Number(stats?.n ?? 0), after: Number(stats?.n ?? 0) };
    await tx.$executeRaw`
      WITH folded AS (DELETE FROM refund_count_deltas WHERE id <= ${stats.max} RETURNING account_id, status, type, delta)
      INSERT INTO refund_count_deltas (account_id, status, type, delta)
      SELECT account_id, status, type, sum(delta)::int FROM folded GROUP BY account_id, status, type HAVING sum(delta) <> 0`;
    const [after] = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM refund_count_deltas`;
    return { before: Number(stats.n), after: Number(after!.n) };
  });
}
