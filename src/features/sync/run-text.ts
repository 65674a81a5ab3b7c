import { plural } from '@/lib/format';
import type { RunTotals } from '@/server/sync/run-summary';

/** How a sync run reads in words, for the pages, the Sync Refunds panel and `npm run sync`. */

/**
 * What started a run and, when a person did, who ("manual · ana@shop.example", "cli", "schedule").
 * The CLI and the schedule record themselves as the requester ('cli', 'scheduler'): naming them
 * twice read "cli · cli".
 */
export function runOrigin(run: { trigger: string; requestedBy: string | null }, separator = ' · '): string {
  const trigger = run.trigger.toLowerCase();
  const person = run.requestedBy?.includes('@') ? run.requestedBy : null;
  return person ? `${trigger}${separator}${person}` : trigger;
}

/** The finance side of an account's run in one line ("finance: 3 new statements · 42 lines · 2 payments · 5 exceptions open"). */
export function financeSummary(
  finance: {
    outcome: string;
    newStatements: number;
    transactions: number;
    payments: number;
    performanceDays: number;
    exceptions: number | null;
  } | null,
): string | null {
  if (!finance) return null;
  return [
    `finance ${finance.outcome === 'Succeeded' ? '' : `${finance.outcome}: `}${plural(finance.newStatements, 'new statement')}`,
    plural(finance.transactions, 'line'),
    plural(finance.payments, 'payment'),
    finance.exceptions === null ? null : `${plural(finance.exceptions, 'reconciliation exception')} open`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A run over all its accounts: how they ended, and what they brought. */
export function runTotalsText(totals: RunTotals): string {
  const outcomes = [
    totals.succeeded ? `${totals.succeeded} succeeded` : null,
    totals.partial ? `${totals.partial} with errors` : null,
    totals.failed ? `${totals.failed} failed` : null,
    totals.syncing ? `${totals.syncing} syncing` : null,
    totals.queued ? `${totals.queued} queued` : null,
  ].filter(Boolean);
  return `${plural(totals.accounts, 'account')}${outcomes.length ? `: ${outcomes.join(', ')}` : ''} · ${plural(totals.pages, 'page')} · ${totals.fetched} fetched · ${totals.created} new · ${totals.updated} updated · ${totals.unchanged} unchanged${totals.unmapped ? ` · ${totals.unmapped} unmapped status` : ''}${totals.skipped ? ` · ${totals.skipped} skipped` : ''}`;
}
