import { describe, expect, it } from 'vitest';
import { gridHref } from '@/features/analytics/links';
import { autoGranularity, periodsOf, periodStart } from '@/features/analytics/periods';
import { loadAnalyticsFilters } from '@/features/analytics/search-params';
import { loadRefundSearch } from '@/features/refunds/search-params';

const now = new Date('2026-12-01T02:00:00Z');

describe('the analytics URL contract', () => {
  it('defaults to the last 30 days in the store zone, by day', () => {
    // 02:00 UTC on 1 December is still 30 November in New York.
    expect(loadAnalyticsFilters('', 'America/New_York', now)).toEqual({
      accounts: null,
      currencies: null,
      statuses: null,
      from: '2026-11-01',
      to: '2026-11-30',
      granularity: 'day',
    });
  });

  it('reads shops, range, currencies, statuses and granularity, and drops what it does not understand', () => {
    expect(
      loadAnalyticsFilters('?account=2,x,3&createdFrom=2026-01-01&createdTo=2026-06-30&currency=usd,DOLLAR&status=Refund,Paid&granularity=week', 'UTC', now),
    ).toEqual({ accounts: [2, 3], currencies: ['USD'], statuses: ['Refund'], from: '2026-01-01', to: '2026-06-30', granularity: 'week' });
    expect(loadAnalyticsFilters('?createdFrom=2026-02-30&granularity=hour&status=', 'UTC', now)).toMatchObject({
      from: '2026-11-02',
      to: '2026-12-01',
      granularity: 'day',
      statuses: null,
    });
  });

  it('swaps a reversed range, fills one missing end, and picks a granularity from the length', () => {
    expect(loadAnalyticsFilters('?createdFrom=2026-05-10&createdTo=2026-05-01', 'UTC', now)).toMatchObject({ from: '2026-05-01', to: '2026-05-10' });
    expect(loadAnalyticsFilters('?createdTo=2026-05-30', 'UTC', now)).toMatchObject({ from: '2026-05-01', to: '2026-05-30' });
    expect(loadAnalyticsFilters('?createdFrom=2026-01-01&createdTo=2026-12-31', 'UTC', now).granularity).toBe('month');
    expect(autoGranularity('2026-01-01', '2026-03-03')).toBe('day');
    expect(autoGranularity('2026-01-01', '2026-03-04')).toBe('week');
  });
});

describe('periods', () => {
  it('start weeks on Monday and months on the 1st, as date_trunc does', () => {
    expect(periodStart('2026-11-29', 'week')).toBe('2026-11-23'); // a Sunday
    expect(periodStart('2026-11-30', 'week')).toBe('2026-11-30'); // a Monday
    expect(periodStart('2026-02-17', 'month')).toBe('2026-02-01');
  });

  it('cover the range exactly, the first and last period cut by it', () => {
    expect(periodsOf('2026-01-28', '2026-03-02', 'month')).toEqual([
      { key: '2026-01-01', from: '2026-01-28', to: '2026-01-31', label: 'Jan 2026' },
      { key: '2026-02-01', from: '2026-02-01', to: '2026-02-28', label: 'Feb 2026' },
      { key: '2026-03-01', from: '2026-03-01', to: '2026-03-02', label: 'Mar 2026' },
    ]);
    const weeks = periodsOf('2026-11-04', '2026-11-20', 'week');
    expect(weeks.map((w) => [w.key, w.from, w.to])).toEqual([
      ['2026-11-02', '2026-11-04', '2026-11-08'],
      ['2026-11-09', '2026-11-09', '2026-11-15'],
      ['2026-11-16', '2026-11-16', '2026-11-20'],
    ]);
    expect(periodsOf('2026-11-01', '2026-11-30', 'day')).toHaveLength(30);
  });
});

describe('links to the grid', () => {
  it("are read by the grid's own URL contract as exactly the figure's filters", () => {
    const href = gridHref({
      accounts: [3],
      from: '2026-11-02',
      to: '2026-11-08',
      currencies: ['USD'],
      statuses: ['Refund', 'Rejected'],
      reasons: ['ecom_order_delivered_refund_and_return_reason_damaged'],
      reasonGroups: ['sellerFault'],
      skus: ['1729000001'],
      decidedBy: ["o'brien+ops@store.test"],
      decisions: ['Approved'],
      answers: ['Auto'],
    });
    expect(href.startsWith('/refunds?')).toBe(true);
    expect(loadRefundSearch(href.slice(href.indexOf('?')))).toMatchObject({
      account: [3],
      createdFrom: '2026-11-02',
      createdTo: '2026-11-08',
      currency: ['USD'],
      status: ['Refund', 'Rejected'],
      reason: ['ecom_order_delivered_refund_and_return_reason_damaged'],
      reasonGroup: ['sellerFault'],
      sku: ['1729000001'],
      decidedBy: ["o'brien+ops@store.test"],
      decision: ['Approved'],
      answer: ['Auto'],
    });
  });

  it('leave out what the figure does not narrow', () => {
    expect(gridHref({ from: '2026-11-01', to: '2026-11-30', accounts: null, currencies: null })).toBe('/refunds?createdFrom=2026-11-01&createdTo=2026-11-30');
  });
});
