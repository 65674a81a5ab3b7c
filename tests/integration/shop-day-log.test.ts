import { beforeAll, describe, expect, it } from 'vitest';
import { searchRefunds } from '@/features/refunds/queries';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { db } from '@/server/db';
import { createAccount } from '@tools/factories/accounts';
import { rowsReadBy, sqlSentBy } from '../support/plans';

/**
 * The grid's status counts for picked shops under a created range sum the per-shop day log
 * (refund_day_deltas). Its index led with the day, so one shop's year read the keys of every
 * shop in that year: ~1.7M log rows at 10M refunds over 500 shops. Led by the shop, it reads the
 * shop's own keys. The log is filled directly here (40 shops, a key a day for 400 days), as the
 * triggers would fill it from that many refunds.
 */
describe("one shop's counts over a year", () => {
  let shop: number;
  beforeAll(async () => {
    const accounts: { id: number }[] = [];
    for (let i = 0; i < 40; i++) accounts.push(await createAccount(db, { name: `shop ${i}`, active: false }));
    shop = accounts[7]!.id;
    // Committed synchronously, then vacuumed and analysed: the planner sees the real table.
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL synchronous_commit = on');
      await tx.$executeRaw`
        INSERT INTO refund_day_deltas (account_id, day, currency, status, reason, refunds, amount)
        SELECT a, date '2026-11-29' - d, 'USD', (ARRAY['Requested','Pending','Accepted','Refund','Rejected'])[1 + d % 5]::"RefundStatus", '', 2, 10
          FROM unnest(${accounts.map((account) => account.id)}::int[]) a, generate_series(0, 399) d`;
    });
    await db.$executeRawUnsafe('VACUUM ANALYZE refund_day_deltas');
  });

  it("reads that shop's keys of the range, not every shop's", async () => {
    let page!: Awaited<ReturnType<typeof searchRefunds>>;
    const sent = await sqlSentBy(
      async () => (page = await searchRefunds(loadRefundSearch(`?account=${shop}&createdFrom=2025-12-01&createdTo=2026-11-29`), 'UTC')),
    );
    // 364 days of two refunds each, spread over the five statuses by day.
    expect(Object.values(page.counts).reduce((sum, n) => sum + n, 0)).toBe(728);
    expect(page.totals).toEqual([{ currency: 'USD', count: 728, amount: '3640.0000' }]);
    const counts = sent.filter((statement) => statement.text.includes('FROM refund_day_deltas'));
    expect(counts).toHaveLength(1);
    // The shop's 364 keys of the range (led by the day: the 40 shops' 14,560).
    expect(await rowsReadBy(counts[0]!.query, 'refund_day_deltas')).toBeLessThanOrEqual(400);
  });
});
