import { decimal } from '@/lib/money';
import { amountCharts, money, percent, rateChart, refundsChart, shopCells, shopColumns, withFigures, type ShopColumn } from '../chart-data';
import type { AnalyticsData } from '../queries';
import { ChartCard } from './chart-card';
import { BarsChart } from './charts';
import { FigureTable, type FigureCell, type TableLinks } from './figure-table';

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
  // Tables are periods down, shops across: the chart's own layout, one cell per bar. A cell links
  // to the grid with the chart's filters, its period and its column's shops (none for the rest past
  // what one URL can name).
  const periods = data.periods.map((period) => ({ from: period.from, to: period.to }));
  const links = (base: TableLinks['base'], shown: ShopColumn[]): TableLinks => ({
    base,
    rows: periods,
    columns: [null, ...shown.map((column) => column.link)],
  });
  const countColumns = withFigures(columns, counts);
  const rateColumns = withFigures(columns, rates);
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
            headers={['Period', ...countColumns.map((shop) => shop.name)]}
            numeric={countColumns.map((_, i) => i + 1)}
            links={links(refunds.link, countColumns)}
            rows={data.periods.map((period): FigureCell[] => [
              period.label,
              ...countColumns.map((column) => {
                const count = counts.get(period.key)?.get(column.key)?.refunds ?? 0;
                return { text: count.toLocaleString('en-US'), linked: count > 0 };
              }),
            ])}
          />
        }
      >
        <BarsChart spec={refunds} />
      </ChartCard>
      {amountCharts(data, columns).map((spec) => {
        const amounts = shopCells(data, columns, { currency: spec.currency });
        const shown = withFigures(columns, amounts);
        return (
          <ChartCard
            key={spec.id}
            id={spec.id}
            title={spec.title}
            description={`The requests’ refund amount (TikTok’s refund_total) in ${spec.currency}, per ${data.filters.granularity} and shop.`}
            table={
              <FigureTable
                caption={spec.title}
                headers={['Period', ...shown.map((shop) => shop.name)]}
                numeric={shown.map((_, i) => i + 1)}
                links={links(spec.link, shown)}
                rows={data.periods.map((period): FigureCell[] => [
                  period.label,
                  ...shown.map((column) => {
                    const cell = amounts.get(period.key)?.get(column.key);
                    return cell ? { text: money(decimal(cell.amount), spec.currency), linked: true } : '—';
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
            headers={['Period', ...rateColumns.map((shop) => shop.name)]}
            numeric={rateColumns.map((_, i) => i + 1)}
            rows={data.periods.map((period): FigureCell[] => [
              period.label,
              ...rateColumns.map((column) => {
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
