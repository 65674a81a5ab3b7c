import { describe, expect, it } from 'vitest';
import { searchRefunds } from '@/features/refunds/queries';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { db } from '@/server/db';
import { createAccount } from '@tools/factories/accounts';
import { rowsReadBy, sqlSentBy } from '../support/plans';

describe("the grid's flags", () => {
  it('count and page their few refunds from those refunds alone, not from the whole table', async () => {
    const account = await createAccount(db);
    await db.$executeRawUnsafe(`
      INSERT INTO refunds (account_id, kind, marketplace_refund_id, marketplace_order_id, type, status, marketplace_status, marketplace_created_at, marketplace_updated_at, raw, last_synced_at, updated_at)
      SELECT ${account.id}, 'Return', 'flag-' || g, 'order-' || g, 'Refund', (ARRAY['Requested','Pending','Accepted','Refund','Rejected'])[1 + g % 5]::"RefundStatus",
             'RETURN_OR_REFUND_REQUEST_PENDING', now() - g * interval '1 hour', now(), '{}', now(), now()
        FROM generate_series(1, 3000) g`);
    await db.$executeRawUnsafe(`UPDATE refunds SET needs_review = true WHERE marketplace_refund_id IN ('flag-10', 'flag-1500', 'flag-2999')`);
    await db.$executeRawUnsafe(`UPDATE refunds SET unmapped_status = true WHERE marketplace_refund_id IN ('flag-7', 'flag-2001')`);
    await db.$executeRawUnsafe(`UPDATE refunds SET status_source = 'AdminCompleted' WHERE marketplace_refund_id IN ('flag-42', 'flag-43')`);
    await db.$executeRawUnsafe('ANALYZE refunds');

    for (const [flag, ids] of [
      ['needsReview', ['flag-10', 'flag-1500', 'flag-2999']],
      ['unmapped', ['flag-7', 'flag-2001']],
      ['manual', ['flag-42', 'flag-43']],
    ] as const) {
      let page!: Awaited<ReturnType<typeof searchRefunds>>;
      const sent = await sqlSentBy(async () => (page = await searchRefunds(loadRefundSearch(`?flag=${flag}`), 'UTC')));
      expect(page.total).toBe(ids.length);
      // Newest first: a lower number is a later creation time.
      expect(page.rows.map((row) => row.refundId)).toEqual([...ids].sort((a, b) => Number(a.slice(5)) - Number(b.slice(5))));
      // The grid's own statements, its status counts with their money totals and its first page,
      // each read the flagged refunds alone.
      expect(sent).toHaveLength(2);
      for (const statement of sent) expect(await rowsReadBy(statement.query), statement.text).toBe(ids.length);
    }
  });
});
