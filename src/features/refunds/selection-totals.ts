import { display, sum, units } from '@/lib/money';
import type { GridRow } from './queries';
import type { CurrencyTotal } from './totals';

/** The selection's totals, summed here exactly (integers of ten-thousandths), per currency. */
export function selectionTotals(rows: readonly GridRow[]): CurrencyTotal[] {
  const byCurrency = new Map<string | null, GridRow[]>();
  for (const row of rows) byCurrency.set(row.currency, [...(byCurrency.get(row.currency) ?? []), row]);
  return [...byCurrency.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([currency, group]) => {
      const amounts = group.flatMap((row) => (row.amount === null ? [] : [row.amount]));
      return { currency, count: group.length, amount: amounts.length ? display(sum(amounts.map((a) => units(a))), currency) : null };
    });
}
