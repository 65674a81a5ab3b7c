import { describe, expect, it } from 'vitest';
import { splitByMonth } from '@/lib/month-split';

/** A range of store days as its whole months (from a month log) and the days left at its ends (from the day log). */
describe('splitting a range by month', () => {
  it('keeps whole months whole and the cut first and last months as days', () => {
    // The analytics bench's 12 months on 30 November: every month whole.
    expect(splitByMonth('2025-12-01', '2026-11-30')).toEqual({ months: { from: '2025-12-01', until: '2026-12-01' }, days: [] });
    expect(splitByMonth('2025-12-02', '2026-11-29')).toEqual({
      months: { from: '2026-01-01', until: '2026-11-01' },
      days: [
        { from: '2025-12-02', to: '2025-12-31' },
        { from: '2026-11-01', to: '2026-11-29' },
      ],
    });
    expect(splitByMonth('2026-10-15', '2026-11-30')).toEqual({
      months: { from: '2026-11-01', until: '2026-12-01' },
      days: [{ from: '2026-10-15', to: '2026-10-31' }],
    });
    // A leap February and a December (the next month is in the next year).
    expect(splitByMonth('2028-02-01', '2028-02-29')).toEqual({ months: { from: '2028-02-01', until: '2028-03-01' }, days: [] });
    expect(splitByMonth('2026-12-01', '2026-12-31')).toEqual({ months: { from: '2026-12-01', until: '2027-01-01' }, days: [] });
  });

  it('gives the whole range as days when it holds no whole month', () => {
    expect(splitByMonth('2026-11-01', '2026-11-29')).toEqual({ months: null, days: [{ from: '2026-11-01', to: '2026-11-29' }] });
    expect(splitByMonth('2026-10-31', '2026-11-29')).toEqual({ months: null, days: [{ from: '2026-10-31', to: '2026-11-29' }] });
    expect(splitByMonth('2026-11-05', '2026-11-05')).toEqual({ months: null, days: [{ from: '2026-11-05', to: '2026-11-05' }] });
  });

  it('leaves an open end open (the grid: from a day on, or up to one)', () => {
    expect(splitByMonth(null, null)).toEqual({ months: { from: null, until: null }, days: [] });
    expect(splitByMonth('2026-10-15', null)).toEqual({ months: { from: '2026-11-01', until: null }, days: [{ from: '2026-10-15', to: '2026-10-31' }] });
    expect(splitByMonth(null, '2026-11-29')).toEqual({ months: { from: null, until: '2026-11-01' }, days: [{ from: '2026-11-01', to: '2026-11-29' }] });
  });
});
