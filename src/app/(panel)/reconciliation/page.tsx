import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { ExceptionsList } from '@/features/reconciliation/components/exceptions-list';
import { FiltersForm } from '@/features/reconciliation/components/filters-form';
import { StatementsList } from '@/features/reconciliation/components/statements-list';
import { reconciliationParams, reconciliationQuery, TABS } from '@/features/reconciliation/page-params';
import { listExceptions, listStatements, reconciliationChoices } from '@/features/reconciliation/queries';
import { requirePageUser } from '@/server/auth/current-user';
import { env } from '@/server/config';

export const metadata: Metadata = { title: 'Reconciliation' };

const TAB_LABELS = { exceptions: 'Exceptions to chase', statements: 'Statements and payouts' } as const;

export default async function ReconciliationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser('viewer');
  const params = reconciliationParams(await searchParams);
  const zone = env.STORE_TIMEZONE;
  const [choices, exceptions, statements] = await Promise.all([
    reconciliationChoices(),
    params.tab === 'exceptions' ? listExceptions(params.exceptions) : null,
    params.tab === 'statements' ? listStatements(params.statements) : null,
  ]);
  const nextBefore = exceptions?.nextBefore ?? statements?.nextBefore ?? null;
  const exportHref = `/api/reconciliation/export?${reconciliationQuery(params, params.tab)}`;
  return (
    <main>
      <PageHeader
        title="Reconciliation"
        description={`Refunds against TikTok's statements and payouts: what each statement took back, and what does not add up. Times in ${zone}.`}
      />
      <nav aria-label="Reconciliation lists" className="mb-3 flex gap-1 border-b border-slate-200">
        {TABS.map((tab) => (
          <Link
            key={tab}
            href={`/reconciliation?${reconciliationQuery(params, tab)}`}
            aria-current={tab === params.tab ? 'page' : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${tab === params.tab ? 'border-indigo-600 font-medium text-indigo-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
          >
            {TAB_LABELS[tab]}
          </Link>
        ))}
        <a href={exportHref} download className={`${buttonClass('secondary')} mb-1 ml-auto`}>
          Export CSV
        </a>
      </nav>
      <FiltersForm params={params} tab={params.tab} accounts={choices.accounts} currencies={choices.currencies} />
      {exceptions ? <ExceptionsList data={exceptions} timeZone={zone} /> : null}
      {statements ? <StatementsList data={statements} timeZone={zone} /> : null}
      {nextBefore ? (
        <div className="mt-3 flex justify-end">
          <Link className={buttonClass('secondary')} href={`/reconciliation?${reconciliationQuery(params, params.tab, nextBefore)}`}>
            Older →
          </Link>
        </div>
      ) : null}
    </main>
  );
}
