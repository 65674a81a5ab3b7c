import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AdminTable } from '@/components/ui/admin-table';
import { PageHeader } from '@/components/ui/page-header';
import { OUTCOME_CLASS, RunAccountLine } from '@/features/sync/components/run-account-line';
import { runOrigin, runTotalsText } from '@/features/sync/run-text';
import { formatDateTime } from '@/lib/format';
import { requirePageUser } from '@/server/auth/current-user';
import { env } from '@/server/config';
import { runWithAccounts } from '@/server/sync/run-summary';

export const metadata: Metadata = { title: 'Sync run' };

/** Every account of one run, those that failed first (a run over 500 shops lists 500). */
export default async function SyncRunPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser('viewer');
  const { id } = await params;
  // Our own run ids: PostgreSQL integers; anything else names no run.
  if (!/^\d{1,9}$/.test(id)) notFound();
  const run = await runWithAccounts(Number(id));
  if (!run) notFound();
  const timeZone = env.STORE_TIMEZONE;
  return (
    <main>
      <PageHeader
        title={`Sync run #${run.id}`}
        description={
          <>
            {runOrigin(run, ' by ')}, started {formatDateTime(run.startedAt, timeZone)}
            {run.finishedAt ? `, took ${((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000).toFixed(1)} s` : ', still running'} ·{' '}
            <span className={OUTCOME_CLASS[run.outcome] ?? ''}>{run.outcome}</span> ·{' '}
            <Link href="/sync-runs" className="text-indigo-700 underline">
              All sync runs
            </Link>
          </>
        }
      />
      <p className="mb-3 text-sm text-slate-700">{runTotalsText(run.totals)}</p>
      {run.error ? <p className="mb-3 text-sm text-rose-700">{run.error}</p> : null}
      <AdminTable label={`Accounts of sync run ${run.id}`} headers={['Account']} empty={run.accounts.length === 0 ? 'This run had no accounts.' : null}>
        {run.accounts.map((a) => (
          <tr key={a.accountId} data-account-id={a.accountId}>
            <td className="px-3 py-2 text-xs">
              <RunAccountLine account={a} timeZone={timeZone} />
            </td>
          </tr>
        ))}
      </AdminTable>
    </main>
  );
}
