import type { AnalyticsData } from '../queries';
import { ReasonCards } from './reason-cards';
import { RefundCards } from './refund-cards';
import { Summary } from './summary';
import { TeamCards } from './team-cards';

/** The page's figures: totals, then one card per chart (each with its table), two per row on wide screens. */
export function AnalyticsDashboard({ data, timeZone }: { data: AnalyticsData; timeZone: string }) {
  return (
    <div className="space-y-4">
      <Summary data={data} />
      <div className="grid gap-4 xl:grid-cols-2">
        <RefundCards data={data} timeZone={timeZone} />
        <ReasonCards data={data} />
        <TeamCards data={data} />
      </div>
    </div>
  );
}
