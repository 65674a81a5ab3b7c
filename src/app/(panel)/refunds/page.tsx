import type { Metadata } from 'next';
import { RefundsGrid } from '@/features/refunds/components/refunds-grid';
import { gridAccounts, runningSyncId, searchRefunds } from '@/features/refunds/queries';
import { filterQuery, loadRefundSearch, viewQuery } from '@/features/refunds/search-params';
import { gridColumns, listViews } from '@/features/refunds/views';
import { hasRole } from '@/lib/roles';
import { requirePageUser } from '@/server/auth/current-user';
import { env } from '@/server/config';

export const metadata: Metadata = { title: 'Refunds' };

/** Parses the URL once, starts every read at once, and hands the results to the grid. */
export default async function RefundsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('viewer');
  const search = loadRefundSearch(await searchParams);
  const [page, accounts, columns, views, running] = await Promise.all([
    searchRefunds(search, env.STORE_TIMEZONE),
    gridAccounts(),
    gridColumns(user.id),
    listViews(user.id),
    runningSyncId(),
  ]);
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request; "now" is that request's time, passed down so the client renders the same deadlines
  const now = Date.now();
  return (
    <main>
      <RefundsGrid
        page={page}
        accounts={accounts}
        timeZone={env.STORE_TIMEZONE}
        now={now}
        warningHours={env.RESPOND_BY_WARNING_HOURS}
        canAct={hasRole(user.role, 'operator')}
        canSync={hasRole(user.role, 'operator')}
        userId={user.id}
        isAdmin={hasRole(user.role, 'admin')}
        initialColumns={columns}
        views={views}
        runningSyncId={running}
        viewQuery={viewQuery(search)}
        filterQuery={filterQuery(search)}
      />
    </main>
  );
}
