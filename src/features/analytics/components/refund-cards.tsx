import { amountCharts, linkOf, money, plural, rateChart, refundsChart, shopSeries } from '../chart-data';
import type { AnalyticsData } from '../queries';
import { ChartCard } from './chart-card';
import { BarsChart } from './charts';
import { FigureTable, type FigureCell } from './figure-table';

/** Refunds per period by shop (count, and amount per currency), and the refund rate against TikTok's orders. */
export function RefundCards({ data, timeZone }: { data: AnalyticsData; timeZone: string }) {
  const names = new Map(data.accounts.map((a) => [a.id, a.name]));
  const period = new Map(data.periods.map((p) => [p.key, p]));
  const empty = data.series.length ? null : 'No refund requests were created in this range.';
  const rows: FigureCell[][] = [];
  for (const p of data.periods) {
    for (const shop of shopSeries(
      data,
      data.series.map((s) => s.accountId),
    )) {
      const points = data.series.filter((s) => s.period === p.key && s.accountId === shop.id);
      if (!points.length) continue;
      const refunds = points.reduce((n, s) => n + s.refunds, 0);
      rows.push([
        p.label,
        shop.name,
        { text: refunds.toLocaleString('en-US'), href: linkOf(data, { accounts: [shop.id], from: p.from, to: p.to }) },
        points.map((s) => money(s.amount, s.currency)).join(' · '),
      ]);
    }
  }
  const rate = rateChart(data);
  return (
    <>
      <ChartCard
        id="refunds"
        title="Refund requests by shop"
        description={`Requests created per ${data.filters.granularity} (the store’s days, ${timeZone}), stacked by shop. Click a bar for those refunds.`}
        empty={empty}
        className="xl:col-span-2"
        table={<FigureTable caption="Refund requests per period and shop" headers={['Period', 'Shop', 'Refunds', 'Amount']} rows={rows} numeric={[2]} />}
      >
        <BarsChart spec={refundsChart(data)} />
      </ChartCard>
      {amountCharts(data).map((spec) => {
        const currency = spec.id.slice('amount-'.length);
        const points = data.series.filter((s) => s.currency === currency);
        return (
          <ChartCard
            key={spec.id}
            id={spec.id}
            title={spec.title}
            description={`The requests’ refund amount (TikTok’s refund_total) in ${currency}, per ${data.filters.granularity} and shop.`}
            table={
              <FigureTable
                caption={spec.title}
                headers={['Period', 'Shop', 'Amount', 'Refunds']}
                numeric={[2, 3]}
                rows={points.map((s) => [
                  period.get(s.period)?.label ?? s.period,
                  names.get(s.accountId) ?? `#${s.accountId}`,
                  money(s.amount, currency),
                  {
                    text: s.refunds.toLocaleString('en-US'),
                    href: linkOf(data, {
                      accounts: [s.accountId],
                      currencies: [currency],
                      from: period.get(s.period)?.from ?? data.filters.from,
                      to: period.get(s.period)?.to ?? data.filters.to,
                    }),
                  },
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
            caption="Refund rate per period and shop"
            headers={['Period', 'Shop', 'Orders', 'Refunds', 'Rate', 'Days reported']}
            numeric={[2, 3, 4, 5]}
            rows={data.rate.map((p) => [
              period.get(p.period)?.label ?? p.period,
              names.get(p.accountId) ?? `#${p.accountId}`,
              p.orders.toLocaleString('en-US'),
              plural(p.refunds, 'refund'),
              p.orders ? `${((100 * p.refunds) / p.orders).toFixed(2)}%` : '—',
              String(p.days),
            ])}
          />
        }
      >
        <BarsChart spec={rate} />
      </ChartCard>
    </>
  );
}
