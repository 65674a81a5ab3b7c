import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchRefunds } from '@/features/refunds/queries';
import { refundTotals } from '@/features/refunds/totals';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/server/db';
import { observeSql } from '@/server/sql';
import { createAccount } from '@tools/factories/accounts';
import { rowsReadBy, scansOf } from '../support/plans';

/**
 * A page under an updated range, in the grid's created order: the rows created after the range
 * are passed over on the created order's index, and only the page's own rows are read from the
 * table. (They were read and thrown away: ~170 ms a page for a month of updates at 1M refunds.)
 * The plain page statement does it: the index carries the updated time and the status as key
 * columns, which PostgreSQL compares inside the index (Index Cond), not on the fetched row.
 */
describe('a page under an updated range', () => {
  const statements: { text: string; values: unknown[] }[] = [];
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
    observeSql((text, values) => statements.push({ text, values }));
  });
  afterAll(() => observeSql(null));

  /** The grid's statement just sent that contains `marker`, with its bind values (its $n are in order: Prisma.sql numbers them so). */
  function sent(marker: string): Prisma.Sql {
    const statement = statements.find((s) => s.text.includes(marker) && s.text.includes('marketplace_updated_at >='))!;
    return new Prisma.Sql(statement.text.split(/\$\d+/), statement.values);
  }

  /**
   * The page statement the grid just sent, and the rows it read from the table: its own 50. The
   * index compares the updated time (and the status) on its entries, so the 2,000 newer refunds
   * are passed over there; tested on the rows, they were read: 2,050.
   */
  async function pageRead(): Promise<number> {
    return rowsReadBy(sent('LIMIT'), 'refunds', { heapOnly: true });
  }

  it('reads only its own rows from the table, on the first page and the next (keyset)', async () => {
    statements.length = 0;
    const first = await searchRefunds(loadRefundSearch('?updatedFrom=2026-03-01&updatedTo=2026-03-31'), 'UTC');
    expect(first.total).toBe(2000);
    expect(first.rows.map((row) => row.refundId)).toEqual(Array.from({ length: 50 }, (_, i) => `upd-${2001 + i}`));
    expect(await pageRead()).toBeLessThanOrEqual(50);

    statements.length = 0;
    const next = await searchRefunds(loadRefundSearch(`?updatedFrom=2026-03-01&updatedTo=2026-03-31&page=2&cursor=${first.nextCursor}`), 'UTC');
    expect(next.rows.map((row) => row.refundId)).toEqual(Array.from({ length: 50 }, (_, i) => `upd-${2051 + i}`));
    expect(await pageRead()).toBeLessThanOrEqual(50);
  });

  it('counts its statuses and sums its money from index entries alone', async () => {
    const search = loadRefundSearch('?updatedFrom=2026-03-01&updatedTo=2026-03-31&status=Refund,Rejected');
    statements.length = 0;
    const page = await searchRefunds(search, 'UTC');
    expect(page.counts).toEqual({ Requested: 400, Pending: 400, Accepted: 400, Refund: 400, Rejected: 400 });
    const totals = await refundTotals(search, 'UTC');
    expect(totals).toEqual([{ currency: null, count: 800, amount: null }]);
    // From an index alone (the totals' currency and amount read every refund of the range from
    // the table before).
    // The page carries its money totals, summed in the statement that counted it.
    expect(page.totals).toEqual(totals);
    expect(await scansOf(sent('GROUPING SETS'))).toEqual(['Index Only Scan']);
    expect(await scansOf(sent('sum(refund_amount)'))).toEqual(['Index Only Scan']);
  });

  it('with a status filter too', async () => {
    statements.length = 0;
    const page = await searchRefunds(loadRefundSearch('?updatedFrom=2026-03-01&updatedTo=2026-03-31&status=Refund'), 'UTC');
    // Status Refund is the 4th of the list: g % 5 = 3.
    expect(page.rows.map((row) => row.refundId)).toEqual(Array.from({ length: 50 }, (_, i) => `upd-${2003 + 5 * i}`));
    expect(await pageRead()).toBeLessThanOrEqual(50);
  });
});
