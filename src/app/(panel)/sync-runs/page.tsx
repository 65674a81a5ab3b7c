import type { Metadata } from 'next';
import { AdminTable } from '@/components/ui/admin-table';
import { PageHeader } from '@/components/ui/page-header';
import { formatDateTime, plural } from '@/lib/format';
import { requirePageUser } from '@/server/auth/current-user';
import { env } from '@/server/config';
import { financeSummary, recentSyncRuns } from '@/server/sync/runs';

export const metadata: Metadata = { title: 'Sync runs' };

const OUTCOME_CLASS: Record<string, string> = {
  Succeeded: 'text-emerald-700',
  Running: 'text-sky-700',
  PartiallyFailed: 'text-amber-800',
  Failed: 'text-rose-700',
};

/** TikTok's total_count next to what arrived: a diagnostic, since TikTok's count is not exact. */
function reportedLine(reported: number, received: number): string {
  return `TikTok reported ${reported}, ${received} received`;
}

export default async function SyncRunsPage() {
  await requirePageUser('viewer');
  const runs = await recentSyncRuns(50);
  const storeTimeZone = env.STORE_TIMEZONE;
  return (
    <main>
      <PageHeader
        title="Sync runs"
        description={`${runs.length === 0 ? 'No sync yet' : runs.length === 1 ? 'The only sync so far' : `The last ${runs.length} syncs`} with TikTok Shop, newest first. Times in ${storeTimeZone}.`}
      />
      <AdminTable
        label="Sync runs"
        headers={['Run', 'Started', 'Took', 'Outcome', 'Accounts']}
        empty={runs.length === 0 ? <>No sync has run yet. Use Sync Refunds on the refunds grid, or `npm run sync`.</> : null}
      >
        {runs.map((run) => (
          <tr key={run.id} data-run-id={run.id} className="align-top">
            <td className="px-3 py-2">
              #{run.id}
              <div className="text-xs text-slate-500">
                {run.trigger.toLowerCase()}
                {run.requestedBy ? ` · ${run.requestedBy}` : ''}
              </div>
            </td>
            <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(run.startedAt, storeTimeZone)}</td>
            <td className="px-3 py-2 whitespace-nowrap">
              {run.finishedAt ? `${((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000).toFixed(1)} s` : '…'}
            </td>
            <td className={`px-3 py-2 ${OUTCOME_CLASS[run.outcome] ?? ''}`}>
              {run.outcome}
              {run.error ? <div className="text-xs">{run.error}</div> : null}
            </td>
            <td className="px-3 py-2">
              <ul className="space-y-1 text-xs">
                {run.accounts.map((a) => (
                  <li key={a.accountId}>
                    <span className="font-medium">{a.account.name}</span> <span className={OUTCOME_CLASS[a.outcome] ?? ''}>{a.outcome}</span> ·{' '}
                    {plural(a.pages, 'page')}· {a.fetched} fetched · {a.created} new · {a.updated} updated · {a.unchanged} unchanged
                    {a.unmapped ? <span className="text-amber-800"> · {a.unmapped} unmapped status</span> : null}
                    {a.skipped ? <span className="text-amber-800"> · {a.skipped} skipped (no usable id)</span> : null}
                    {a.reportedTotal !== null ? (
                      <span className="text-slate-500" title="TikTok's total_count: a diagnostic only; completeness comes from paging to the end">
                        {' '}
                        · {reportedLine(a.reportedTotal, a.fetched)}
                      </span>
                    ) : null}
                    {a.watermarkAfter ? <span className="text-slate-500"> · synced to {formatDateTime(a.watermarkAfter, storeTimeZone)}</span> : null}
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
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </AdminTable>
    </main>
  );
}
