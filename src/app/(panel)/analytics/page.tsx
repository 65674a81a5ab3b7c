import type { Metadata } from 'next';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { linkOf } from '@/features/analytics/chart-data';
import { AnalyticsDashboard } from '@/features/analytics/components/analytics-dashboard';
import { AnalyticsFilters } from '@/features/analytics/components/analytics-filters';
import { analyticsData, RollupZoneMismatch } from '@/features/analytics/queries';
import { loadAnalyticsFilters } from '@/features/analytics/search-params';
import { requirePageUser } from '@/server/auth/current-user';
import { env } from '@/server/config';

export const metadata: Metadata = { title: 'Analytics' };

/** Parses the URL once, reads every figure from the rollups, and hands them to the filters and the charts. */
export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser('viewer');
  const timeZone = env.STORE_TIMEZONE;
  // A server component renders once per request: "today" is that request's.
  const filters = loadAnalyticsFilters(await searchParams, timeZone, new Date());
  const header = (
    <PageHeader
      title="Analytics"
      description={`Refund requests created from ${filters.from} to ${filters.to} (the store’s days, ${timeZone}). Click any bar, slice or figure to open those refunds in the grid.`}
    />
  );
  let data;
  try {
    data = await analyticsData(filters, timeZone);
  } catch (error) {
    if (!(error instanceof RollupZoneMismatch)) throw error;
    return (
      <main>
        {header}
        <Alert tone="warning" title="The figures are being rebuilt for the store’s time zone">
          They were counted in {error.built ?? 'no zone'} days and the store is now in {error.wanted}; the server rebuilds them when it starts. Reload in a
          minute.
        </Alert>
      </main>
    );
  }
  return (
    <main>
      {header}
      <AnalyticsFilters
        accounts={data.accounts}
        currencies={data.currencyOptions}
        timeZone={timeZone}
        from={filters.from}
        to={filters.to}
        granularity={filters.granularity}
        gridHref={linkOf(data, {})}
      />
      <AnalyticsDashboard data={data} timeZone={timeZone} />
    </main>
  );
}
