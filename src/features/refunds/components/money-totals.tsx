'use client';

import { useEffect, useState } from 'react';
import { formatMoneyCode } from '@/lib/format';
import { refundTotalsAction } from '../actions';
import type { CurrencyTotal } from '../totals';

/** "USD 12,340.55 (1,234) · GBP 2,010.00 (45)": one entry per currency, never added together. */
export function CurrencyTotals({ totals, label }: { totals: CurrencyTotal[]; label: string }) {
  if (totals.length === 0) return null;
  return (
    <p className="text-sm text-slate-700" data-testid={`totals-${label.toLowerCase()}`}>
      <span className="text-slate-500">{label}:</span>{' '}
      {totals.map((total, i) => (
        <span key={total.currency ?? 'none'} className="whitespace-nowrap" data-currency={total.currency ?? ''}>
          {i > 0 ? <span className="px-1 text-slate-500">·</span> : null}
          <span className="font-medium tabular-nums">
            {total.currency && total.amount !== null ? formatMoneyCode(total.amount, total.currency) : 'no amount'}
          </span>{' '}
          <span className="text-xs text-slate-500">({total.count.toLocaleString('en-US')})</span>
        </span>
      ))}
    </p>
  );
}

/**
 * The totals of every row matching the filters (all pages). The page carries them (`fromPage`),
 * read with its counts from a log or from the rows; they are loaded after the rows only when a log
 * cannot tell a currency's zero from its missing amounts (see counting-log.ts). `changes` (refunds
 * changed since the page loaded) reloads them in place.
 */
export function useFilteredTotals(query: string, changes: number, fromPage: CurrencyTotal[] | null): { totals: CurrencyTotal[] | null; failed: boolean } {
  const usePage = fromPage !== null && changes === 0;
  const [state, setState] = useState<{ query: string; totals: CurrencyTotal[] | null; failed: boolean }>({ query, totals: null, failed: false });
  // Loaded totals belong to one query and one wave of changes: the page's own (fresh with every
  // page) replace them, so a later change never shows totals older than the page's.
  const stale = state.query !== query || (usePage && (state.totals !== null || state.failed));
  const current = stale ? { query, totals: null, failed: false } : state;
  if (current !== state) setState(current);
  useEffect(() => {
    if (usePage) return;
    let cancelled = false;
    refundTotalsAction({ query })
      .then((result) => !cancelled && setState({ query, totals: result.ok ? result.data : null, failed: !result.ok }))
      .catch(() => !cancelled && setState({ query, totals: null, failed: true }));
    return () => {
      cancelled = true;
    };
  }, [query, changes, usePage]);
  if (usePage) return { totals: fromPage, failed: false };
  // While the reload after a change is on its way, the page's totals stay on screen (as a
  // reload kept the previous ones), rather than "Totals…" flashing at every change.
  if (current.failed) return { totals: null, failed: true };
  return { totals: current.totals ?? fromPage, failed: false };
}
