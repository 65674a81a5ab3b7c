import 'server-only';
import { db } from '@/server/db';

/**
 * Folds the refund count delta log (written by triggers on every change) into one row per
 * (account, status, type, reason label), so summing it stays a few thousand rows at most. Safe to run at any time:
 * writers only append, and the fold moves exactly the rows it read.
 */
export async function compactCountDeltas(): Promise<{ before: number; after: number }> {
  return db.$transaction(async (tx) => {
    const [stats] = await tx.$queryRaw<{ n: bigint; max: bigint | null }[]>`SELECT count(*) AS n, max(id) AS max FROM refund_count_deltas`;
    if (!stats?.max || stats.n < 2n) return { before: Number(stats?.n ?? 0), after: Number(stats?.n ?? 0) };
    await tx.$executeRaw`
      WITH folded AS (DELETE FROM refund_count_deltas WHERE id <= ${stats.max} RETURNING account_id, status, type, reason_label, delta)
      INSERT INTO refund_count_deltas (account_id, status, type, reason_label, delta)
      SELECT account_id, status, type, reason_label, sum(delta)::int FROM folded GROUP BY account_id, status, type, reason_label HAVING sum(delta) <> 0`;
    const [after] = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM refund_count_deltas`;
    return { before: Number(stats.n), after: Number(after!.n) };
  });
}
