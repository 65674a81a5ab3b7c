import { describe, expect, it } from 'vitest';
import { amountCharts, rateChart, refundsChart, shopColumns } from '@/features/analytics/chart-data';
import { SHOP_COLORS } from '@/features/analytics/constants';
import { periodsOf } from '@/features/analytics/periods';
import type { AnalyticsData } from '@/features/analytics/queries';

/**
 * The shop charts at many shops: past the palette, the top shops by requests and one column
 * summing the rest, exact in each currency, its rate the rest's refunds over its orders; at a
 * few shops, every shop in its own colour.
 */

const from = '2026-11-01';
const to = '2026-11-02';

/** `shops` shops; shop i has i requests on each of the two days, half in USD and the rest in GBP, and 10·i orders a day. */
function dataOf(shops: number): AnalyticsData {
  const accounts = Array.from({ length: shops }, (_, i) => ({ id: i + 1, name: `Shop ${i + 1}` }));
  const series: AnalyticsData['series'] = [];
  const rate: AnalyticsData['rate'] = [];
  for (const { id } of accounts)
    for (const period of [from, to]) {
      const usd = Math.ceil(id / 2);
      series.push({ period, accountId: id, currency: 'USD', refunds: usd, amount: `${usd}.0100` });
      if (id - usd) series.push({ period, accountId: id, currency: 'GBP', refunds: id - usd, amount: `${id - usd}.5000` });
      rate.push({ period, accountId: id, orders: 10 * id, refunds: id, days: 1 });
    }
  return {
    filters: { accounts: null, currencies: null, statuses: null, from, to, granularity: 'day' },
    periods: periodsOf(from, to, 'day'),
    accounts,
    currencies: ['GBP', 'USD'],
    currencyOptions: ['GBP', 'USD'],
    series,
    reasons: [],
    skus: [],
    rate,
    answers: [],
    answerBands: [],
    decisions: [],
  };
}

describe('the shop columns of the analytics charts', () => {
  it('list every shop in its own colour while they fit the palette', () => {
    const columns = shopColumns(dataOf(SHOP_COLORS.length));
    expect(columns.map((c) => c.name)).toEqual(Array.from({ length: SHOP_COLORS.length }, (_, i) => `Shop ${i + 1}`));
    expect(columns.map((c) => c.color)).toEqual(SHOP_COLORS);
    expect(columns.every((c) => c.ids.length === 1 && c.link?.accounts?.[0] === c.ids[0])).toBe(true);
  });

  it('past the palette, show the top shops by requests and sum the rest exactly, per currency', () => {
    const data = dataOf(30);
    const columns = shopColumns(data);
    expect(columns).toHaveLength(SHOP_COLORS.length);
    // Shops 30 down to 22 have the most requests; 1-21 are the rest.
    expect(columns.slice(0, -1).map((c) => c.ids[0])).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22]);
    const rest = columns.at(-1)!;
    expect(rest).toMatchObject({ key: 'other', name: '21 other shops', ids: Array.from({ length: 21 }, (_, i) => i + 1) });
    expect(rest.link).toEqual({ accounts: rest.ids });
    expect(new Set(columns.map((c) => c.color)).size).toBe(columns.length);

    const refunds = refundsChart(data);
    expect(refunds.series.map((s) => s.key)).toEqual(columns.map((c) => c.key));
    // 1 + 2 + … + 21 requests on each day.
    expect(refunds.rows.map((row) => row.values.other)).toEqual([231, 231]);
    expect(refunds.rows[0]!.values.a30).toBe(30);
    // Nothing is lost: each day's stack is every shop's requests.
    for (const row of refunds.rows) expect(Object.values(row.values).reduce((a, b) => a + b, 0)).toBe((30 * 31) / 2);

    const [gbp, usd] = amountCharts(data);
    // USD of shops 1-21: ceil(i/2) requests and that plus 0.01 each: 121 and $121.21. GBP: floor(i/2) and that plus 0.50 for
    // shops 2-21: 110 and £120.00. Never added together.
    expect(usd!.currency).toBe('USD');
    expect(usd!.rows[0]!.texts!.other).toBe('$121.21 · 121 refunds');
    expect(gbp!.currency).toBe('GBP');
    expect(gbp!.rows[0]!.texts!.other).toBe('£120.00 · 110 refunds');
    // Shop 1 has no GBP: the GBP chart still has the rest's column (shops 2-21 have some).
    expect(gbp!.series.map((s) => s.key)).toEqual(columns.map((c) => c.key));

    const rate = rateChart(data);
    // The rest's rate is its refunds over its orders (231 / 2,310 = 10%), not a mean of 21 rates.
    expect(rate.rows[0]!.texts!.other).toBe('10.00% · 231 refunds / 2,310 orders');
  });

  it('link the rest to the grid only when one URL can name its shops', () => {
    const columns = shopColumns(dataOf(150));
    const rest = columns.at(-1)!;
    expect(rest.ids).toHaveLength(141);
    expect(rest.link).toBeNull();
    expect(refundsChart(dataOf(150)).series.at(-1)).toEqual({ key: 'other', name: '141 other shops', color: rest.color, link: null });
  });
});
