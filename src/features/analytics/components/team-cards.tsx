import { ANSWER_BANDS, ANSWER_SOURCE_LABELS, ANSWER_SOURCES } from '@/lib/refund-answers';
import { DECISION_VERBS } from '@/lib/refund-decisions';
import { decisionsChart, hours, linkOf, responseChart } from '../chart-data';
import type { AnalyticsData } from '../queries';
import { ChartCard } from './chart-card';
import { BarsChart } from './charts';
import { FigureTable } from './figure-table';

/** How fast requests were answered (and which TikTok approved on its own), and who decided what here. */
export function TeamCards({ data }: { data: AnalyticsData }) {
  const period = new Map(data.periods.map((p) => [p.key, p]));
  const bandRows = ANSWER_SOURCES.map((source) => [
    ANSWER_SOURCE_LABELS[source],
    ...ANSWER_BANDS.map((_, band) => String(data.answerBands.find((b) => b.source === source && b.band === band)?.answers ?? 0)),
  ]);
  return (
    <>
      <ChartCard
        id="response"
        title="Response time and auto-approvals"
        description={
          <>
            First answers to requests while TikTok waited for the seller, by who answered and by the day the request was made; the line is the mean hours from
            request to the seller’s answer (here or on TikTok). Auto-approved: TikTok moved the request to an approval at or after the seller’s deadline with no
            decision from here. Counted from when the panel sees a request waiting; requests first synced already answered have no answer time. Statuses do not
            filter this chart.
          </>
        }
        empty={data.answers.length ? null : 'No request in this range was seen going from waiting for the seller to answered yet.'}
        className="xl:col-span-2"
        table={
          <>
            <FigureTable
              caption="First answers per period"
              headers={['Period', 'Answered by', 'Requests', 'Mean hours']}
              numeric={[2, 3]}
              rows={data.answers.map((a) => [
                period.get(a.period)?.label ?? a.period,
                ANSWER_SOURCE_LABELS[a.source],
                {
                  text: a.answers.toLocaleString('en-US'),
                  href: linkOf(
                    data,
                    { answers: [a.source], from: period.get(a.period)?.from ?? data.filters.from, to: period.get(a.period)?.to ?? data.filters.to },
                    { status: false },
                  ),
                },
                hours(a.seconds, a.answers),
              ])}
            />
            <FigureTable
              caption="First answers by hours to the answer"
              headers={['Answered by', ...ANSWER_BANDS]}
              numeric={[1, 2, 3, 4, 5, 6]}
              rows={bandRows}
            />
          </>
        }
      >
        <BarsChart spec={responseChart(data)} />
      </ChartCard>
      <ChartCard
        id="decisions"
        title="Decisions by operator"
        description="Decisions recorded here (sent to TikTok or confirmed) on the range’s requests, by the operator’s email at the time and the kind of decision. Click a bar for the refunds with such a decision. Statuses do not filter this chart."
        empty={data.decisions.length ? null : 'Nobody has decided a request of this range in the panel.'}
        className="xl:col-span-2"
        table={
          <FigureTable
            caption="Decisions per operator and kind"
            headers={['Operator', 'Decision', 'Decisions', 'Refunds']}
            numeric={[2, 3]}
            rows={data.decisions.map((d) => [
              d.actor,
              DECISION_VERBS[d.kind],
              d.decisions.toLocaleString('en-US'),
              { text: d.refunds.toLocaleString('en-US'), href: linkOf(data, { decidedBy: [d.actor], decisions: [d.kind] }, { status: false }) },
            ])}
          />
        }
      >
        <BarsChart spec={decisionsChart(data)} />
      </ChartCard>
    </>
  );
}
