import { describe, expect, it } from 'vitest';
import { FILTER_KEYS, loadRefundSearch } from '@/features/refunds/search-params';
import { countableFromDayRollup, countableFromDeltas, countableFromUpdatedLog } from '@/features/refunds/sql-filters';

/**
 * Which log may answer the grid's status counts for a search. The checks are derived from the URL
 * contract's filter keys: a filter is refused by every log unless that log names it, so a filter
 * added to the contract can never be counted by a log that does not know it (it would count
 * refunds the filter leaves out).
 */
const SAMPLE: Record<(typeof FILTER_KEYS)[number], string> = {
  q: 'damaged',
  refundId: '5764',
  orderId: '5765',
  account: '3',
  status: 'Refund',
  type: 'Replacement',
  flag: 'unmapped',
  currency: 'USD',
  reason: 'ecom_order_delivered_refund_and_return_reason_damaged',
  reasonGroup: 'sellerFault',
  sku: '1729',
  decidedBy: 'ana@store.test',
  decision: 'Approved',
  answer: 'Panel',
  createdFrom: '2026-01-01',
  createdTo: '2026-01-31',
  updatedFrom: '2026-02-01',
  updatedTo: '2026-02-28',
};

const only = (key: (typeof FILTER_KEYS)[number]) => loadRefundSearch(`?${key}=${encodeURIComponent(SAMPLE[key])}`);
const answered = (check: (search: ReturnType<typeof loadRefundSearch>) => boolean) => FILTER_KEYS.filter((key) => check(only(key)));

describe('the logs that count a search', () => {
  it('has a valid sample for every filter of the URL contract', () => {
    for (const key of FILTER_KEYS) expect(only(key)[key], key).not.toBeNull();
  });

  it('answer each filter alone only where the log keys on it', () => {
    expect(answered((search) => countableFromDeltas(search))).toEqual(['q', 'account', 'status', 'type', 'currency']);
    // Without a created range, the day logs sum every day: over every shop, or a picked shop's own keys.
    expect(answered((search) => countableFromDayRollup(search))).toEqual([
      'q',
      'account',
      'status',
      'type',
      'currency',
      'reason',
      'reasonGroup',
      'createdFrom',
      'createdTo',
    ]);
    expect(answered((search) => countableFromUpdatedLog(search))).toEqual(['updatedFrom', 'updatedTo']);
  });

  it('answer an updated range with status and currency from the updated log, and nothing else with it', () => {
    const range = `updatedFrom=${SAMPLE.updatedFrom}&updatedTo=${SAMPLE.updatedTo}`;
    const withKey = FILTER_KEYS.filter((key) => !key.startsWith('updated')).filter((key) =>
      countableFromUpdatedLog(loadRefundSearch(`?${range}&${key}=${encodeURIComponent(SAMPLE[key])}`)),
    );
    expect(withKey).toEqual(['status', 'currency']);
    // A bound with a time of day cuts a day the log knows whole.
    expect(countableFromUpdatedLog(loadRefundSearch(`?updatedFrom=${SAMPLE.updatedFrom}T12:00`))).toBe(false);
  });

  it('refuse an id keyword (a prefix of ids, which no log knows) and a search setting every filter', () => {
    const id = loadRefundSearch('?q=57640');
    expect([countableFromDeltas(id), countableFromDayRollup(id), countableFromUpdatedLog(id)]).toEqual([false, false, false]);
    const every = loadRefundSearch(`?${FILTER_KEYS.map((key) => `${key}=${encodeURIComponent(SAMPLE[key])}`).join('&')}`);
    expect([countableFromDeltas(every), countableFromDayRollup(every), countableFromUpdatedLog(every)]).toEqual([false, false, false]);
  });
});
