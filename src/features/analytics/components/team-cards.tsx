import { ANSWER_BANDS, ANSWER_SOURCE_LABELS, ANSWER_SOURCES } from '@/lib/refund-answers';
import { decisionsChart, linkOf, responseChart } from '../chart-data';
import type { AnalyticsData } from '../queries';
import { ChartCard } from './chart-card';
import { BarsChart } from './charts';
import { FigureTable, type FigureCell } from './figure-table';

/** How fast requests were answered (and which TikTok approved on its own), and who decided what here. */
export function TeamCards({ data }: { data: AnalyticsData }) {
  const response = responseChart(data);
  const decisions = decisionsChart(data);
  const answers = new Map(data.answers.map((a) => [`${a.period}|${a.source}`, a]));
  const noStatus = { status: false };
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
              caption="First answers per period, by who answered, and the mean hours to the seller’s answer"
              headers={['Period', ...ANSWER_SOURCES.map((source) => ANSWER_SOURCE_LABELS[source]), 'Mean hours']}
              numeric={[1, 2, 3, 4]}
              rows={data.periods.map((period, i): FigureCell[] => [
                period.label,
                ...ANSWER_SOURCES.map((source) => {
                  const count = answers.get(`${period.key}|${source}`)?.answers ?? 0;
                  return {
                    text: count.toLocaleString('en-US'),
                    href: count ? linkOf(data, { answers: [source], from: period.from, to: period.to }, noStatus) : null,
                  };
                }),
                response.rows[i]!.texts?.hours ?? '—',
              ])}
            />
            <FigureTable
              caption="First answers by hours to the answer"
              summary="Hours to the answer, as a table"
              headers={['Answered by', ...ANSWER_BANDS]}
              numeric={[1, 2, 3, 4, 5, 6]}
              rows={ANSWER_SOURCES.map((source) => [
                ANSWER_SOURCE_LABELS[source],
                ...ANSWER_BANDS.map((_, band) => String(data.answerBands.find((b) => b.source === source && b.band === band)?.answers ?? 0)),
              ])}
            />
          </>
        }
      >
        <BarsChart spec={response} />
      </ChartCard>
      <ChartCard
        id="decisions"
        title="Decisions by operator"
        description="Decisions recorded here (sent to TikTok or confirmed) on the range’s requests, by the operator’s email at the time and the kind of decision. Click a bar for the refunds with such a decision. Statuses do not filter this chart."
        empty={data.decisions.length ? null : 'Nobody has decided a request of this range in the panel.'}
        className="xl:col-span-2"
        table={
          <FigureTable
            caption="Decisions per operator and kind (the refunds they were made on)"
            headers={['Operator', ...decisions.series.map((kind) => kind.name)]}
            numeric={decisions.series.map((_, i) => i + 1)}
            rows={decisions.rows.map((row): FigureCell[] => [
              row.label,
              ...decisions.series.map((kind) => {
                const figure = data.decisions.find((d) => d.actor === row.label && d.kind === kind.key);
                return figure
                  ? {
                      text: `${figure.decisions} (${figure.refunds} refunds)`,
                      href: linkOf(data, { decidedBy: [figure.actor], decisions: [figure.kind] }, noStatus),
                    }
                  : '—';
              }),
            ])}
          />
        }
      >
        <BarsChart spec={decisions} />
      </ChartCard>
    </>
  );
}
