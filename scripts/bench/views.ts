import { searchRefunds } from '@/features/refunds/queries';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { db } from '@/server/db';
import { presetRange } from '@/lib/store-time';

export interface BenchView {
  name: string;
  /** The grid's query string, exactly as the URL carries it. */
  query: string;
  /** Figures without a target are reported for information (see docs/performance.md). */
  informational?: string;
}

/**
 * The grid views the issue names, built from the seeded data: a real order id, last month in the
 * store's zone, an account that exists, and a deep page in the middle of the table reached the way
 * the grid reaches it (Next from the page before, i.e. with a keyset cursor): page 10,001 at 1M rows.
 */
export async function benchViews(accountIds: number[], timeZone: string, rows: number): Promise<BenchView[]> {
  const [middle] = await db.$queryRaw<{ order_id: string }[]>`
    SELECT marketplace_order_id AS order_id FROM refunds WHERE id >= (SELECT (min(id) + max(id)) / 2 FROM refunds) ORDER BY id LIMIT 1`;
  // The commonest currency, from the day log summed over shops (cheaper than reading the refunds).
  const [top] = await db.$queryRaw<{ currency: string }[]>`
    SELECT currency FROM refund_all_shops_day_deltas WHERE currency <> '' GROUP BY currency ORDER BY sum(refunds) DESC LIMIT 1`;
  if (!top) throw new Error('the day log is empty: the seed did not fill the rollups');
  const lastMonth = presetRange('lastMonth', timeZone, new Date());
  const yearAgo = `${Number(lastMonth.from.slice(0, 4)) - 1}${lastMonth.from.slice(4)}`;
  const before = Math.max(1, Math.floor(rows / 50 / 2));
  const previous = await searchRefunds(loadRefundSearch(`?page=${before}`), timeZone);
  if (!previous.nextCursor || previous.page !== before) throw new Error(`page ${before} has no next page`);
  return [
    { name: 'default view', query: '' },
    { name: 'status + created range', query: `?status=Refund&createdFrom=${lastMonth.from}&createdTo=${lastMonth.to}` },
    // A year: counted from the rows this was ~230 ms at 1M; the day rollup answers it (docs/performance.md).
    { name: 'status + created range (a year)', query: `?status=Refund&createdFrom=${yearAgo}&createdTo=${lastMonth.to}` },
    // A type over a year: its ~500,000 rows were counted (441 ms at 1M) until the day logs keyed on
    // the type (2026-11-30, migration day_log_type_label).
    { name: 'type + created range (a year)', query: `?type=ReturnAndRefund&createdFrom=${yearAgo}&createdTo=${lastMonth.to}` },
    // What changed last month (finance's question): no order or log follows the updated time, so
    // its page walks the created order's entries and its counts and totals read the updated
    // order's (2026-11-30: ~178 ms a page at 1M before, reading rows; migration updated_range_indexes).
    { name: 'updated range (last month)', query: `?updatedFrom=${lastMonth.from}&updatedTo=${lastMonth.to}` },
    // One shop over a year (a shop's manager, an agency's client): its counts sum the per-shop day
    // log, whose index led with the day and read every shop's keys of the year (~1.7M at 10M) until
    // 2026-11-30 (migration day_log_by_account).
    { name: 'account + created range (a year)', query: `?account=${accountIds[2]}&createdFrom=${yearAgo}&createdTo=${lastMonth.to}` },
    { name: 'order id exact', query: `?orderId=${middle!.order_id}` },
    { name: 'keyword', query: '?q=damaged' },
    // A finance view: one currency over all time (its counts were the rows', every page, until 2026-11-30).
    { name: 'currency (all time)', query: `?currency=${top.currency}` },
    { name: 'account + status by updated', query: `?account=${accountIds[2]}&status=Rejected&sort=updatedAt` },
    // A flag picks a few rows out of all (0.5% of the seed's statuses are unknown to the mapping):
    // read from its partial index since 2026-11-30, from the whole table before (~360 ms at 1M).
    { name: 'flag: unmapped status', query: '?flag=unmapped' },
    { name: 'deep page (Next, keyset)', query: `?page=${before + 1}&cursor=${previous.nextCursor}` },
    {
      name: 'deep page by number (offset)',
      query: `?page=${before + 1}`,
      informational: 'only reachable by editing the URL: the grid pages with First/Previous/Next/Last, which use keyset cursors or read from the nearer end',
    },
  ];
}
