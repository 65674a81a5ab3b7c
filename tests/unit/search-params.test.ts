import { describe, expect, it } from 'vitest';
import { filterQuery, loadRefundSearch, serializeRefundSearch, viewQuery } from '@/features/refunds/search-params';
import { localToInstant, presetRange } from '@/lib/store-time';

describe('the refunds URL contract', () => {
  it('gives the default view for an empty or garbage query, never an error', () => {
    const defaults = loadRefundSearch('');
    expect(defaults).toMatchObject({ sort: 'createdAt', dir: 'desc', page: 1, size: 50, status: null, q: null, detail: null });
    const garbage = loadRefundSearch(
      '?sort=password&dir=sideways&page=-3&size=7&status=Paid&createdFrom=2026-02-31&account=x,-1&refund=0&q=%20%20&cursor=DROP%20TABLE',
    );
    expect(garbage).toEqual(defaults);
    expect(loadRefundSearch({ page: '1e9', size: '200' })).toMatchObject({ page: 1, size: 200 });
    expect(loadRefundSearch({ page: '99999999999' }).page).toBe(1_000_000);
  });

  it('keeps valid values and drops only the invalid part of a list', () => {
    const search = loadRefundSearch('?status=Pending,Paid,Requested,Pending&account=3,x,1&type=Replacement&sort=updatedAt&dir=asc&page=4&size=100');
    expect(search).toMatchObject({
      status: ['Pending', 'Requested'],
      account: [3, 1],
      type: ['Replacement'],
      sort: 'updatedAt',
      dir: 'asc',
      page: 4,
      size: 100,
    });
  });

  it('reads pasted ids, exact or prefix, and ignores junk tokens', () => {
    const search = loadRefundSearch({ orderId: '5764010000001227747\n5764010000000030269, 5765* abc 12;34' });
    expect(search.orderId).toEqual([
      { value: '5764010000001227747', prefix: false },
      { value: '5764010000000030269', prefix: false },
      { value: '5765', prefix: true },
      { value: '12', prefix: false },
      { value: '34', prefix: false },
    ]);
    expect(loadRefundSearch({ refundId: 'abc' }).refundId).toBeNull();
  });

  it('accepts only real calendar dates and minutes', () => {
    expect(loadRefundSearch({ createdFrom: '2026-11-20', createdTo: '2026-11-20T23:59' })).toMatchObject({
      createdFrom: '2026-11-20',
      createdTo: '2026-11-20T23:59',
    });
    for (const bad of ['2026-13-01', '2026-02-29', '2026-11-20T24:00', '20-11-2026', '2026-11-20T10:00Z'])
      expect(loadRefundSearch({ createdFrom: bad }).createdFrom).toBeNull();
  });

  it('round-trips through the serializer, and a view query leaves out page, cursor and modal', () => {
    const search = loadRefundSearch('?status=Pending&orderId=5764*&createdFrom=2026-11-01&sort=respondBy&dir=asc&page=3&detail=7&size=20');
    expect(search.detail).toBe(7);
    expect(loadRefundSearch(serializeRefundSearch(search))).toEqual(search);
    expect(viewQuery(search)).toBe('orderId=5764*&status=Pending&createdFrom=2026-11-01&sort=respondBy&dir=asc&size=20');
    // The money totals' key: the filters alone, so a sort or a page size never reloads them.
    expect(filterQuery(search)).toBe('orderId=5764*&status=Pending&createdFrom=2026-11-01');
  });

  it('opens the Refund Data modal from links made before the parameter was renamed', () => {
    expect(loadRefundSearch('?refund=7').detail).toBe(7);
    expect(loadRefundSearch('?refund=7&detail=9').detail).toBe(9);
    expect(loadRefundSearch('?detail=2147483648').detail).toBeNull();
  });
});

describe('the filters the analytics page links to', () => {
  it('reads currencies, reason keys and groups, SKUs, operators, decisions and first answers', () => {
    const search = loadRefundSearch(
      '?currency=usd,GBP&reason=ecom_order_delivered_refund_and_return_reason_damaged&reasonGroup=sellerFault,other&sku=1729000001,LIN-1' +
        '&decidedBy=ana%40store.test&decision=Approved&answer=Auto,Panel',
    );
    expect(search).toMatchObject({
      currency: ['USD', 'GBP'],
      reason: ['ecom_order_delivered_refund_and_return_reason_damaged'],
      reasonGroup: ['sellerFault', 'other'],
      sku: ['1729000001', 'LIN-1'],
      decidedBy: ['ana@store.test'],
      decision: ['Approved'],
      answer: ['Auto', 'Panel'],
    });
    expect(loadRefundSearch(serializeRefundSearch(search))).toEqual(search);
  });

  it('drops what it does not understand, item by item, and never errors', () => {
    const search = loadRefundSearch(
      `?currency=US,DOLLARS,eur&reason=${encodeURIComponent("x'; DROP TABLE refunds")},ok_key&reasonGroup=blame,buyerRemorse&sku=${encodeURIComponent('a b')},123` +
        `&decidedBy=${encodeURIComponent('two words')},o'brien@x.test&decision=Maybe&answer=Nobody`,
    );
    expect(search).toMatchObject({
      currency: ['EUR'],
      reason: ['ok_key'],
      reasonGroup: ['buyerRemorse'],
      sku: ['123'],
      decidedBy: ["o'brien@x.test"],
      decision: null,
      answer: null,
    });
  });
});

describe('store time zone', () => {
  it('reads a date filter as a day in the store zone, not UTC', () => {
    // 20 Nov in Los Angeles is 08:00 UTC on the 20th to 08:00 UTC on the 21st.
    expect(localToInstant('2026-11-20', 'America/Los_Angeles', false).toISOString()).toBe('2026-11-20T08:00:00.000Z');
    expect(localToInstant('2026-11-20', 'America/Los_Angeles', true).toISOString()).toBe('2026-11-21T08:00:00.000Z');
    expect(localToInstant('2026-11-20T14:30', 'Asia/Ho_Chi_Minh', true).toISOString()).toBe('2026-11-20T07:31:00.000Z');
    expect(localToInstant('2026-11-20', 'UTC', false).toISOString()).toBe('2026-11-20T00:00:00.000Z');
  });

  it('keeps a DST day one day long (23 hours in spring, 25 in autumn)', () => {
    const spring = localToInstant('2026-03-29', 'Europe/Berlin', true).getTime() - localToInstant('2026-03-29', 'Europe/Berlin', false).getTime();
    const autumn = localToInstant('2026-10-25', 'Europe/Berlin', true).getTime() - localToInstant('2026-10-25', 'Europe/Berlin', false).getTime();
    expect([spring / 3_600_000, autumn / 3_600_000]).toEqual([23, 25]);
  });

  it('computes presets in the store zone: at 02:00 UTC it is still yesterday in New York', () => {
    const now = new Date('2026-12-01T02:00:00Z');
    expect(presetRange('today', 'America/New_York', now)).toEqual({ from: '2026-11-30', to: '2026-11-30' });
    expect(presetRange('today', 'UTC', now)).toEqual({ from: '2026-12-01', to: '2026-12-01' });
    expect(presetRange('last7', 'UTC', now)).toEqual({ from: '2026-11-25', to: '2026-12-01' });
    expect(presetRange('thisMonth', 'America/New_York', now)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetRange('lastMonth', 'UTC', now)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetRange('yesterday', 'Asia/Tokyo', now)).toEqual({ from: '2026-11-30', to: '2026-11-30' });
  });
});
