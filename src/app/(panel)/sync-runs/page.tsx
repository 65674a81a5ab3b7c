import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminTable } from '@/components/ui/admin-table';
import { PageHeader } from '@/components/ui/page-header';
import { OUTCOME_CLASS, RunAccountLine } from '@/features/sync/components/run-account-line';
import { runOrigin, runTotalsText } from '@/features/sync/run-text';
import { formatDateTime } from '@/lib/format';
import { requirePageUser } from '@/server/auth/current-user';
import { env } from '@/server/config';
import { recentRunSummaries } from '@/server/sync/run-summary';

export const metadata: Metadata = { title: 'Sync runs' };

export default async function SyncRunsPage() {
  await requirePageUser('viewer');
  const runs = await recentRunSummaries(50);
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
              <Link href={`/sync-runs/${run.id}`} className="text-indigo-700 underline">
                #{run.id}
              </Link>
              <div className="text-xs text-slate-500">{runOrigin(run)}</div>
            </td>
            <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(run.startedAt, storeTimeZone)}</td>
            <td className="px-3 py-2 whitespace-nowrap">
              {run.finishedAt ? `${((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000).toFixed(1)} s` : '…'}
            </td>
            <td className={`px-3 py-2 ${OUTCOME_CLASS[run.outcome] ?? ''}`}>
              {run.outcome}
              {run.error ? <div className="text-xs">{run.error}</div> : null}
            </td>
            <td className="px-3 py-2 text-xs">
              {/* Past a few accounts, the run's totals, then the accounts that need attention first. */}
              {run.totals.accounts > run.accounts.length ? <p className="mb-1 font-medium text-slate-800">{runTotalsText(run.totals)}</p> : null}
              <ul className="space-y-1">
                {run.accounts.map((a) => (
                  <li key={a.accountId}>
                    <RunAccountLine account={a} timeZone={storeTimeZone} />
                  </li>
                ))}
              </ul>
              {run.totals.accounts > run.accounts.length ? (
                <Link href={`/sync-runs/${run.id}`} className="mt-1 inline-block text-indigo-700 underline">
                  All {run.totals.accounts} accounts of run #{run.id}
                </Link>
              ) : null}
            </td>
          </tr>
        ))}
      </AdminTable>
    </main>
  );
}
