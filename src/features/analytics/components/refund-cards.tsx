import { amountCharts, linkOf, money, percent, rateChart, refundsChart, shopCells, shopColumns, withFigures, type ShopColumn } from '../chart-data';
import { decimal } from '@/lib/money';
import type { AnalyticsData } from '../queries';
import { ChartCard } from './chart-card';
import { BarsChart } from './charts';
import { FigureTable, type FigureCell } from './figure-table';

/** Refunds per period by shop (count, and amount per currency), and the refund rate against TikTok's orders. */
export function RefundCards({ data, timeZone }: { data: AnalyticsData; timeZone: string }) {
  const columns = shopColumns(data);
  const refunds = refundsChart(data, columns);
  const rate = rateChart(data, columns);
  const counts = shopCells(data, columns);
  const rates = shopCells(data, columns, { rate: true });
  const rest = columns.find((column) => column.key === 'other');
  const stacked = rest
    ? `stacked by shop: the ${columns.length - 1} with the most requests, the ${rest.name} summed (pick shops above to see others)`
    : 'stacked by shop';
  // A cell's link narrows the page's filters to its column's shops and its period, when one URL can name them.
  const cellLink = (column: ShopColumn, period: { from: string; to: string }, narrow: { currencies?: string[] } = {}) =>
    column.link ? linkOf(data, { ...column.link, ...narrow, from: period.from, to: period.to }) : null;
  // Tables are periods down, shops across: the chart's own layout, one cell per bar.
  return (
    <>
      <ChartCard
        id="refunds"
        title="Refund requests by shop"
        description={`Requests created per ${data.filters.granularity} (the store’s days, ${timeZone}), ${stacked}. Click a bar for those refunds.`}
        empty={data.series.length ? null : 'No refund requests were created in this range.'}
        className="xl:col-span-2"
        table={
          <FigureTable
            caption="Refund requests per period and shop"
            headers={['Period', ...refunds.series.map((shop) => shop.name)]}
            numeric={refunds.series.map((_, i) => i + 1)}
            rows={data.periods.map((period): FigureCell[] => [
              period.label,
              ...withFigures(columns, counts).map((column) => {
                const count = counts.get(period.key)?.get(column.key)?.refunds ?? 0;
                return { text: count.toLocaleString('en-US'), href: count ? cellLink(column, period) : null };
              }),
            ])}
          />
        }
      >
        <BarsChart spec={refunds} />
      </ChartCard>
      {amountCharts(data, columns).map((spec) => {
        const amounts = shopCells(data, columns, { currency: spec.currency });
        return (
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
                rows={data.periods.map((period): FigureCell[] => [
                  period.label,
                  ...withFigures(columns, amounts).map((column) => {
                    const cell = amounts.get(period.key)?.get(column.key);
                    return cell ? { text: money(decimal(cell.amount), spec.currency), href: cellLink(column, period, { currencies: [spec.currency] }) } : '—';
                  }),
                ])}
              />
            }
          >
            <BarsChart spec={spec} />
          </ChartCard>
        );
      })}
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
            rows={data.periods.map((period): FigureCell[] => [
              period.label,
              ...withFigures(columns, rates).map((column) => {
                const point = rates.get(period.key)?.get(column.key);
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
