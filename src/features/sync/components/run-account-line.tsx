import { formatDateTime, plural } from '@/lib/format';
import type { RunAccount } from '@/server/sync/run-summary';
import { financeSummary } from '../run-text';

export const OUTCOME_CLASS: Record<string, string> = {
  Succeeded: 'text-emerald-700',
  Running: 'text-sky-700',
  PartiallyFailed: 'text-amber-800',
  Failed: 'text-rose-700',
};

/** One account's share of a run: outcome, figures, TikTok's count beside what arrived, finance, diagnostics, error. */
export function RunAccountLine({ account: a, timeZone }: { account: RunAccount; timeZone: string }) {
  return (
    <>
      <span className="font-medium">{a.account.name}</span> <span className={OUTCOME_CLASS[a.outcome] ?? ''}>{a.outcome}</span> · {plural(a.pages, 'page')} ·{' '}
      {a.fetched} fetched · {a.created} new · {a.updated} updated · {a.unchanged} unchanged
      {a.unmapped ? <span className="text-amber-800"> · {a.unmapped} unmapped status</span> : null}
      {a.skipped ? <span className="text-amber-800"> · {a.skipped} skipped (no usable id)</span> : null}
      {a.reportedTotal !== null ? (
        <span className="text-slate-500" title="TikTok's total_count: a diagnostic only; completeness comes from paging to the end">
          {' '}
          · TikTok reported {a.reportedTotal}, {a.fetched} received
        </span>
      ) : null}
      {a.watermarkAfter ? <span className="text-slate-500"> · synced to {formatDateTime(a.watermarkAfter, timeZone)}</span> : null}
      {a.finance ? <div className="text-slate-600">{financeSummary(a.finance)}</div> : null}
      {a.notes.length ? (
        <ul className="text-amber-800" aria-label="Diagnostics">
          {a.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      {a.error ? (
        <div className="text-rose-700">
          {a.errorCode}: {a.error}
        </div>
      ) : null}
    </>
  );
}
