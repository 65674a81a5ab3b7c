import { describe, expect, it } from 'vitest';
import { formatTable, metric, percentile } from '../../scripts/bench/metrics';

describe('benchmark figures', () => {
  it('takes nearest-rank percentiles of unsorted samples', () => {
    const samples = [9, 1, 8, 2, 7, 3, 6, 4, 5, 10];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 95)).toBe(10);
    expect(percentile([4], 95)).toBe(4);
    expect(() => percentile([], 50)).toThrow();
  });

  it('passes a figure only when both its value and its ratio to the floor meet their targets', () => {
    expect(metric({ name: 'a', value: 40, unit: 'ms', target: 50, floor: 30, ratioTarget: 1.5 })).toMatchObject({ ratio: 1.33, ok: true });
    expect(metric({ name: 'b', value: 40, unit: 'ms', target: 50, floor: 20, ratioTarget: 1.5 })).toMatchObject({ ratio: 2, ok: false });
    expect(metric({ name: 'c', value: 60, unit: 'ms', target: 50 })).toMatchObject({ ratio: null, ok: false });
    expect(metric({ name: 'd', value: 6000, unit: 'refunds/s', target: 5000, comparison: '>=' })).toMatchObject({ ok: true });
    expect(metric({ name: 'e', value: 4000, unit: 'refunds/s', target: 5000, comparison: '>=' })).toMatchObject({ ok: false });
    expect(metric({ name: 'f', value: 95.6, unit: 'ms', floor: 95.66 })).toMatchObject({ target: null, ratio: 1, ok: null });
  });

  it('prints one aligned line per figure, flagging the missed ones', () => {
    const table = formatTable([metric({ name: 'fast', value: 1, unit: 'ms', target: 50 }), metric({ name: 'slow', value: 70, unit: 'ms', target: 50 })]).split(
      '\n',
    );
    expect(table).toHaveLength(4);
    expect(table[2]).toMatch(/^fast\s+1 ms\s+<= 50\s+ok$/);
    expect(table[3]).toMatch(/MISSED$/);
  });
});
