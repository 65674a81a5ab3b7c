import { amountCharts, linkOf, money, percent, rateChart, refundsChart, shopSeries } from '../chart-data';
import type { AnalyticsData } from '../queries';
import { ChartCard } from './chart-card';
import { BarsChart } from './charts';
import { FigureTable, type FigureCell } from './figure-table';

/** Refunds per period by shop (count, and amount per currency), and the refund rate against TikTok's orders. */
export function RefundCards({ data, timeZone }: { data: AnalyticsData; timeZone: string }) {
  const refunds = refundsChart(data);
  const rate = rateChart(data);
  const periods = data.periods.map((period, i) => ({ ...period, i }));
  // Tables are periods down, shops across: the chart's own layout, one cell per bar.
  const series = new Map(data.series.map((p) => [`${p.period}|${p.accountId}|${p.currency}`, p]));
  const rates = new Map(data.rate.map((p) => [`${p.period}|${p.accountId}`, p]));
  const shopsOf = (ids: number[]) => shopSeries(data, ids);
  return (
    <>
      <ChartCard
        id="refunds"
        title="Refund requests by shop"
        description={`Requests created per ${data.filters.granularity} (the store’s days, ${timeZone}), stacked by shop. Click a bar for those refunds.`}
        empty={data.series.length ? null : 'No refund requests were created in this range.'}
        className="xl:col-span-2"
        table={
          <FigureTable
            caption="Refund requests per period and shop"
            headers={['Period', ...refunds.series.map((shop) => shop.name)]}
            numeric={refunds.series.map((_, i) => i + 1)}
            rows={periods.map((period): FigureCell[] => [
              period.label,
              ...shopsOf(data.series.map((p) => p.accountId)).map((shop) => {
                const count = refunds.rows[period.i]!.values[shop.key] ?? 0;
                return { text: count.toLocaleString('en-US'), href: count ? linkOf(data, { accounts: [shop.id], from: period.from, to: period.to }) : null };
              }),
            ])}
          />
        }
      >
        <BarsChart spec={refunds} />
      </ChartCard>
      {amountCharts(data).map((spec) => (
        <ChartCard
          key={spec.id}
          id={spec.id}
          title={spec.title}
          description={`The requests’ refund amount (TikTok’s refund_total) in ${spec.currency}, per ${data.filters.granularity} and shop.`}
          table={
            <FigureTable
              caption={spec.title}
              headers={['Period', ...spec.series.map((shop) => shop.name)]}
              numeric={spec.series.map((_, i) => i + 1)}
              rows={periods.map((period): FigureCell[] => [
                period.label,
                ...shopsOf(data.series.filter((p) => p.currency === spec.currency).map((p) => p.accountId)).map((shop) => {
                  const point = series.get(`${period.key}|${shop.id}|${spec.currency}`);
                  return point
                    ? {
                        text: money(point.amount, spec.currency),
                        href: linkOf(data, { accounts: [shop.id], currencies: [spec.currency], from: period.from, to: period.to }),
                      }
                    : '—';
                }),
              ])}
            />
          }
        >
          <BarsChart spec={spec} />
        </ChartCard>
      ))}
      <ChartCard
        id="rate"
        title="Refund rate by shop"
        description="Refund requests ÷ orders, over the days TikTok’s shop performance has reported orders for (its days are the shop’s own; a day not reported yet counts on neither side)."
        empty={data.rate.length ? null : 'TikTok has reported no orders for these shops and days yet (a sync reads them).'}
        className="xl:col-span-2"
        table={
          <FigureTable
            caption="Refund rate per period and shop: refunds / orders on the days TikTok reported"
            headers={['Period', ...rate.series.map((shop) => shop.name)]}
            numeric={rate.series.map((_, i) => i + 1)}
            rows={periods.map((period): FigureCell[] => [
              period.label,
              ...shopsOf(data.rate.map((p) => p.accountId)).map((shop) => {
                const point = rates.get(`${period.key}|${shop.id}`);
                return point?.orders ? `${percent(point.refunds, point.orders)} (${point.refunds} / ${point.orders})` : '—';
              }),
            ])}
          />
        }
      >
        <BarsChart spec={rate} />
      </ChartCard>
    </>
  );
}
