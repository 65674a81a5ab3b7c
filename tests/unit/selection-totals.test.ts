import { describe, expect, it } from 'vitest';
import type { GridRow } from '@/features/refunds/queries';
import { selectionTotals } from '@/features/refunds/selection-totals';

const row = (amount: string | null, currency: string | null) => ({ amount, currency }) as GridRow;

describe('selection totals', () => {
  it('sums each currency exactly and never adds currencies together', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in floating point; here it is 0.30.
    const rows = [row('0.1', 'USD'), row('0.2', 'USD'), row('365.09', 'EUR'), row('322.67', 'GBP'), row('1500', 'JPY'), row(null, 'USD'), row(null, null)];
    expect(selectionTotals(rows)).toEqual([
      { currency: 'EUR', count: 1, amount: '365.09' },
      { currency: 'GBP', count: 1, amount: '322.67' },
      { currency: 'JPY', count: 1, amount: '1500' },
      { currency: 'USD', count: 3, amount: '0.30' },
      { currency: null, count: 1, amount: null },
    ]);
  });

  it('is empty for no selection', () => {
    expect(selectionTotals([])).toEqual([]);
  });
});
