import { REASON_GROUP_LABELS } from '@/lib/refund-reasons';
import { linkOf, money, reasonGroupsChart, reasonsChart, skuCharts } from '../chart-data';
import type { AnalyticsData } from '../queries';
import { ChartCard } from './chart-card';
import { BarsChart, DonutChart } from './charts';
import { FigureTable } from './figure-table';

/** Why buyers ask (seller fault, buyer remorse, other; the reasons themselves) and which SKUs cost most. */
export function ReasonCards({ data }: { data: AnalyticsData }) {
  const groups = reasonGroupsChart(data);
  const empty = data.reasons.length ? null : 'No refund requests were created in this range.';
  return (
    <>
      <ChartCard
        id="reason-groups"
        title="Seller fault or buyer remorse"
        description="TikTok’s reason keys sorted by one table: wrong item, damaged, defective, not as described (and missing parts, counterfeit, out of stock) are the seller’s; no longer needed, changed mind, better price, size, own wrong address the buyer’s; the rest, and any reason not in the table, other. Click a slice for those refunds."
        empty={empty}
        table={
          <FigureTable
            caption="Refund requests by reason group"
            headers={['Group', 'Refunds']}
            numeric={[1]}
            rows={groups.slices.map((slice) => [slice.name, { text: slice.value.toLocaleString('en-US'), href: slice.href }])}
          />
        }
      >
        <DonutChart spec={groups} />
      </ChartCard>
      <ChartCard
        id="reasons"
        title="Most frequent reasons"
        description="Refund requests per TikTok reason, coloured by group. Click a bar for those refunds."
        empty={empty}
        table={
          <FigureTable
            caption="Refund requests by reason"
            headers={['Reason', 'Key', 'Group', 'Refunds', 'Amount']}
            numeric={[3]}
            rows={data.reasons.map((r) => [
              r.label,
              r.reason || '—',
              REASON_GROUP_LABELS[r.group],
              { text: r.refunds.toLocaleString('en-US'), href: r.reason ? linkOf(data, { reasons: [r.reason] }) : null },
              r.amounts.map((a) => money(a.amount, a.currency)).join(' · '),
            ])}
          />
        }
      >
        <BarsChart spec={reasonsChart(data)} />
      </ChartCard>
      {skuCharts(data).map((spec) => {
        const currency = spec.currency;
        const skus = data.skus.find((entry) => entry.currency === currency)?.skus ?? [];
        return (
          <ChartCard
            key={spec.id}
            id={spec.id}
            title={spec.title}
            description={`The SKUs whose refunded units (TikTok’s line items, one per unit) add up to the most, in ${currency}. Click a bar for the refunds holding that SKU.`}
            table={
              <FigureTable
                caption={spec.title}
                headers={['SKU', 'SKU id', 'Units', 'Refunds', 'Refunded']}
                numeric={[2, 3, 4]}
                rows={skus.map((sku) => [
                  sku.label,
                  sku.skuId || '—',
                  sku.units.toLocaleString('en-US'),
                  { text: sku.refunds.toLocaleString('en-US'), href: sku.skuId ? linkOf(data, { currencies: [currency], skus: [sku.skuId] }) : null },
                  money(sku.amount, currency),
                ])}
              />
            }
          >
            <BarsChart spec={spec} />
          </ChartCard>
        );
      })}
    </>
  );
}
