import { beforeAll, describe, expect, it } from 'vitest';
import { searchRefunds } from '@/features/refunds/queries';
import { refundTotals } from '@/features/refunds/totals';
import { loadRefundSearch } from '@/features/refunds/search-params';
import type { Prisma } from '@/generated/prisma/client';
import { db } from '@/server/db';
import { createAccount } from '@tools/factories/accounts';
import { rowsReadBy, scansOf, sqlSentBy } from '../support/plans';

/**
 * A page under an updated range, in the grid's created order: the rows created after the range
 * are passed over on the created order's index, and only the page's own rows are read from the
 * table. (They were read and thrown away: ~170 ms a page for a month of updates at 1M refunds.)
 * The plain page statement does it: the index carries the updated time and the status as key
 * columns, which PostgreSQL compares inside the index (Index Cond), not on the fetched row.
 */
describe('a page under an updated range', () => {
  beforeAll(async () => {
    const account = await createAccount(db);
    // 20,000 refunds a minute apart, newest first by number; the newest 2,000 updated in June, the
    // next 2,000 in March, the rest in January: a March range passes over 2,000 newer refunds
    // before its first. (With fewer rows, or a range holding most of them, PostgreSQL rightly
    // reads the whole small table.)
    // Committed synchronously: the test cluster commits asynchronously, and until the commit
    // is flushed VACUUM cannot mark the pages all-visible (rows not yet known committed), which
    // leaves index-only scans unattractive to the planner.
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL synchronous_commit = on');
      await tx.$executeRawUnsafe(`
      INSERT INTO refunds (account_id, kind, marketplace_refund_id, marketplace_order_id, type, status, marketplace_status, marketplace_created_at, marketplace_updated_at, raw, last_synced_at, updated_at)
      SELECT ${account.id}, 'Return', 'upd-' || g, 'order-' || g, 'Refund', (ARRAY['Requested','Pending','Accepted','Refund','Rejected'])[1 + g % 5]::"RefundStatus",
             'RETURN_OR_REFUND_REQUEST_PENDING', timestamptz '2026-07-01 00:00Z' - g * interval '1 minute',
             CASE WHEN g <= 2000 THEN timestamptz '2026-06-15 12:00Z' WHEN g <= 4000 THEN timestamptz '2026-03-15 12:00Z' ELSE timestamptz '2026-01-15 12:00Z' END, '{}', now(), now()
        FROM generate_series(1, 20000) g`);
    });
    await db.$executeRawUnsafe('VACUUM ANALYZE refunds');
  });

  /** What the grid sent for one search, and a way to pick one of its statements by its text. */
  async function searchSent(query: string) {
    let page!: Awaited<ReturnType<typeof searchRefunds>>;
    const sent = await sqlSentBy(async () => (page = await searchRefunds(loadRefundSearch(query), 'UTC')));
    const statement = (marker: string) => sent.find((s) => s.text.includes(marker) && s.text.includes('marketplace_updated_at >='))!.query;
    return { page, statement };
  }

  /**
   * The rows a page statement read from the table: its own 50. The index compares the updated
   * time (and the status) on its entries, so the 2,000 newer refunds are passed over there;
   * tested on the rows, they were read: 2,050.
   */
  const pageRead = (statement: (marker: string) => Prisma.Sql) => rowsReadBy(statement('LIMIT'), 'refunds', { heapOnly: true });

  it('reads only its own rows from the table, on the first page and the next (keyset)', async () => {
    const first = await searchSent('?updatedFrom=2026-03-01&updatedTo=2026-03-31');
    expect(first.page.total).toBe(2000);
    expect(first.page.rows.map((row) => row.refundId)).toEqual(Array.from({ length: 50 }, (_, i) => `upd-${2001 + i}`));
    expect(await pageRead(first.statement)).toBeLessThanOrEqual(50);

    const next = await searchSent(`?updatedFrom=2026-03-01&updatedTo=2026-03-31&page=2&cursor=${first.page.nextCursor}`);
    expect(next.page.rows.map((row) => row.refundId)).toEqual(Array.from({ length: 50 }, (_, i) => `upd-${2051 + i}`));
    expect(await pageRead(next.statement)).toBeLessThanOrEqual(50);
  });

  // Whole store days over every shop are counted from the updated log (counts-rollup.test.ts);
  // bounds with a time of day (or shops, a type...) count the range's index entries.
  it('counts its statuses and sums its money from index entries alone when no log answers', async () => {
    const query = '?updatedFrom=2026-03-01T00:00&updatedTo=2026-03-31T23:59&status=Refund,Rejected';
    const { page, statement } = await searchSent(query);
    expect(page.counts).toEqual({ Requested: 400, Pending: 400, Accepted: 400, Refund: 400, Rejected: 400 });
    let totals!: Awaited<ReturnType<typeof refundTotals>>;
    const reload = await sqlSentBy(async () => (totals = await refundTotals(loadRefundSearch(query), 'UTC')));
    expect(totals).toEqual([{ currency: null, count: 800, amount: null }]);
    // The page carries its money totals, summed in the statement that counted it.
    expect(page.totals).toEqual(totals);
    // Both from an index alone (the totals' currency and amount read every refund of the range
    // from the table before).
    expect(await scansOf(statement('GROUPING SETS'))).toEqual(['Index Only Scan']);
    expect(await scansOf(reload.find((s) => s.text.includes('sum(refund_amount)'))!.query)).toEqual(['Index Only Scan']);
  });

  it('with a status filter too', async () => {
    const { page, statement } = await searchSent('?updatedFrom=2026-03-01&updatedTo=2026-03-31&status=Refund');
    // Status Refund is the 4th of the list: g % 5 = 3.
    expect(page.rows.map((row) => row.refundId)).toEqual(Array.from({ length: 50 }, (_, i) => `upd-${2003 + 5 * i}`));
    expect(await pageRead(statement)).toBeLessThanOrEqual(50);
  });
});
