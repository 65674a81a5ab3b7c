import type { RefundAnswerSource } from '@/generated/prisma/enums';
import { formatMoney } from '@/lib/format';
import { decimal, sum, units } from '@/lib/money';
import { ANSWER_SOURCE_LABELS, ANSWER_SOURCES, DECISION_KINDS } from '@/lib/refund-answers';
import { DECISION_VERBS } from '@/lib/refund-decisions';
import { REASON_GROUP_LABELS, REASON_GROUPS } from '@/lib/refund-reasons';
import type { BarsSpec, ChartRow, DonutSpec } from './chart-types';
import { ANSWER_COLORS, DECISION_COLORS, GROUP_COLORS, SHOP_COLORS, TOP_REASONS } from './constants';
import { gridHref, type GridFilter } from './links';
import type { AnalyticsData } from './queries';

/**
 * The page's figures shaped for the charts and their tables: one row per bar group with each
 * bar's height and, where the value alone would not do, its exact text. Money is drawn from a
 * float (a bar's height needs one) but every text and total is the exact decimal, summed per
 * currency with src/lib/money.ts.
 */

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
export const money = (amount: string, currency: string) => (currency ? formatMoney(amount, currency) : `${formatMoney(amount, null)} (no currency)`);
export const hours = (seconds: number, answers: number) => (answers ? `${(seconds / answers / 3600).toFixed(1)} h` : '—');
export const percent = (refunds: number, orders: number) => `${((100 * refunds) / orders).toFixed(2)}%`;

/** The page's filters as the grid's; `status: false` for figures statuses do not filter (answers, decisions). */
function baseFilter(data: AnalyticsData, options: { status: boolean } = { status: true }): GridFilter {
  const f = data.filters;
  return { accounts: f.accounts, currencies: f.currencies, statuses: options.status ? f.statuses : null, from: f.from, to: f.to };
}

/** The grid link of a figure: the page's filters narrowed by `narrow`. */
export function linkOf(data: AnalyticsData, narrow: Partial<GridFilter>, options: { status: boolean } = { status: true }): string {
  return gridHref({ ...baseFilter(data, options), ...narrow });
}

/** The shops in the figures, each with its colour (by position among all accounts, so a shop keeps its colour). */
export function shopSeries(data: AnalyticsData, accountIds: Iterable<number>) {
  const shown = new Set(accountIds);
  return data.accounts
    .map((account, i) => ({
      key: `a${account.id}`,
      id: account.id,
      name: account.name,
      color: SHOP_COLORS[i % SHOP_COLORS.length]!,
      link: { accounts: [account.id] },
    }))
    .filter((shop) => shown.has(shop.id));
}

const periodLink = (period: { from: string; to: string }) => ({ from: period.from, to: period.to });

export function refundsChart(data: AnalyticsData): BarsSpec {
  const shops = shopSeries(
    data,
    data.series.map((p) => p.accountId),
  );
  const counts = new Map<string, number>();
  for (const p of data.series) counts.set(`${p.period}|${p.accountId}`, (counts.get(`${p.period}|${p.accountId}`) ?? 0) + p.refunds);
  const rows: ChartRow[] = data.periods.map((period) => ({
    label: period.label,
    values: Object.fromEntries(shops.map((shop) => [shop.key, counts.get(`${period.key}|${shop.id}`) ?? 0])),
    link: periodLink(period),
  }));
  return { id: 'refunds', title: 'Refund requests by shop', layout: 'columns', stacked: true, format: 'count', series: shops, rows, link: baseFilter(data) };
}

/** One chart per currency: amounts are never added across currencies. */
export function amountCharts(data: AnalyticsData): (BarsSpec & { currency: string })[] {
  return data.currencies
    .filter((currency) => currency !== '')
    .map((currency) => {
      const points = data.series.filter((p) => p.currency === currency);
      const shops = shopSeries(
        data,
        points.map((p) => p.accountId),
      );
      const byKey = new Map(points.map((p) => [`${p.period}|${p.accountId}`, p]));
      const rows = data.periods.map((period) => {
        const row: Required<Pick<ChartRow, 'values' | 'texts'>> & ChartRow = { label: period.label, values: {}, texts: {}, link: periodLink(period) };
        for (const shop of shops) {
          const point = byKey.get(`${period.key}|${shop.id}`);
          row.values[shop.key] = Number(point?.amount ?? 0);
          row.texts[shop.key] = `${money(point?.amount ?? '0', currency)} · ${plural(point?.refunds ?? 0, 'refund')}`;
        }
        return row;
      });
      return {
        id: `amount-${currency}`,
        currency,
        title: `Refund amount in ${currency} by shop`,
        layout: 'columns',
        stacked: true,
        format: 'money',
        series: shops,
        rows,
        link: { ...baseFilter(data), currencies: [currency] },
      };
    });
}

/** Total amount per currency, exactly. */
export function amountTotals(data: AnalyticsData): { currency: string; amount: string; refunds: number }[] {
  return data.currencies.map((currency) => {
    const points = data.series.filter((p) => p.currency === currency);
    return { currency, amount: decimal(sum(points.map((p) => units(p.amount)))), refunds: points.reduce((n, p) => n + p.refunds, 0) };
  });
}

export function rateChart(data: AnalyticsData): BarsSpec {
  const shops = shopSeries(
    data,
    data.rate.map((p) => p.accountId),
  );
  const byKey = new Map(data.rate.map((p) => [`${p.period}|${p.accountId}`, p]));
  const rows = data.periods.map((period) => {
    const row: Required<Pick<ChartRow, 'values' | 'texts'>> & ChartRow = { label: period.label, values: {}, texts: {}, link: periodLink(period) };
    for (const shop of shops) {
      const point = byKey.get(`${period.key}|${shop.id}`);
      if (!point?.orders) continue;
      row.values[shop.key] = (100 * point.refunds) / point.orders;
      row.texts[shop.key] = `${percent(point.refunds, point.orders)} · ${plural(point.refunds, 'refund')} / ${plural(point.orders, 'order')}`;
    }
    return row;
  });
  return {
    id: 'rate',
    title: 'Refund rate (refunds ÷ orders) by shop',
    layout: 'columns',
    stacked: false,
    format: 'percent',
    series: shops,
    rows,
    link: baseFilter(data),
  };
}

export function reasonGroupsChart(data: AnalyticsData): DonutSpec {
  return {
    id: 'reason-groups',
    title: 'Refunds by who is at fault',
    slices: REASON_GROUPS.map((group) => {
      const refunds = data.reasons.filter((r) => r.group === group).reduce((n, r) => n + r.refunds, 0);
      return {
        key: group,
        name: REASON_GROUP_LABELS[group],
        color: GROUP_COLORS[group],
        value: refunds,
        text: plural(refunds, 'refund'),
        href: linkOf(data, { reasonGroups: [group] }),
      };
    }).filter((slice) => slice.value > 0),
  };
}

/** The most frequent reasons, each bar in its group's colour (one series per group, one value per row). */
export function reasonsChart(data: AnalyticsData): BarsSpec {
  const rows = data.reasons.slice(0, TOP_REASONS).map((reason) => ({
    label: reason.label,
    values: { [reason.group]: reason.refunds },
    // A request without a reason cannot be asked for by key: its group's link is in the table.
    link: reason.reason ? { reasons: [reason.reason] } : null,
  }));
  const series = REASON_GROUPS.map((group) => ({ key: group, name: REASON_GROUP_LABELS[group], color: GROUP_COLORS[group] }));
  return { id: 'reasons', title: 'Most frequent reasons', layout: 'rows', stacked: true, format: 'count', series, rows, link: baseFilter(data) };
}

export function skuCharts(data: AnalyticsData): (BarsSpec & { currency: string })[] {
  return data.skus
    .filter((entry) => entry.currency !== '')
    .map(({ currency, skus }) => ({
      id: `skus-${currency}`,
      currency,
      title: `Top SKUs by refunded amount, ${currency}`,
      layout: 'rows',
      stacked: false,
      format: 'money',
      series: [{ key: 'amount', name: `Refunded (${currency})`, color: '#4f46e5' }],
      rows: skus.map((sku) => ({
        label: sku.label,
        values: { amount: Number(sku.amount) },
        texts: { amount: `${money(sku.amount, currency)} · ${plural(sku.units, 'unit')} in ${plural(sku.refunds, 'refund')}` },
        link: sku.skuId ? { skus: [sku.skuId] } : null,
      })),
      link: { ...baseFilter(data), currencies: [currency] },
    }));
}

/** Answers per period by who answered, with the mean hours to the seller's answer (here or on TikTok) as a line. */
export function responseChart(data: AnalyticsData): BarsSpec {
  const rows = data.periods.map((period) => {
    const points = data.answers.filter((a) => a.period === period.key);
    const row: Required<Pick<ChartRow, 'values' | 'texts'>> & ChartRow = { label: period.label, values: {}, texts: {}, link: periodLink(period) };
    for (const source of ANSWER_SOURCES) row.values[source] = points.find((a) => a.source === source)?.answers ?? 0;
    const seller = points.filter((a) => a.source !== 'Auto');
    const answers = seller.reduce((n, a) => n + a.answers, 0);
    const seconds = seller.reduce((n, a) => n + a.seconds, 0);
    if (answers) {
      row.values.hours = seconds / answers / 3600;
      row.texts.hours = hours(seconds, answers);
    }
    return row;
  });
  return {
    id: 'response',
    title: 'First answers and hours to the seller’s answer',
    layout: 'columns',
    stacked: true,
    format: 'count',
    series: ANSWER_SOURCES.map((source: RefundAnswerSource) => ({
      key: source,
      name: ANSWER_SOURCE_LABELS[source],
      color: ANSWER_COLORS[source],
      link: { answers: [source] },
    })),
    rows,
    link: baseFilter(data, { status: false }),
    line: { key: 'hours', name: 'Mean hours to the seller’s answer', color: '#0f172a', format: 'hours' },
  };
}

export function decisionsChart(data: AnalyticsData): BarsSpec {
  const actors = [...new Set(data.decisions.map((d) => d.actor))].sort();
  const rows = actors.map((actor) => {
    const row: Required<Pick<ChartRow, 'values' | 'texts'>> & ChartRow = { label: actor, values: {}, texts: {}, link: { decidedBy: [actor] } };
    for (const decision of data.decisions.filter((d) => d.actor === actor)) {
      row.values[decision.kind] = decision.decisions;
      row.texts[decision.kind] = `${plural(decision.decisions, 'decision')} on ${plural(decision.refunds, 'refund')}`;
    }
    return row;
  });
  const kinds = DECISION_KINDS.filter((kind) => data.decisions.some((d) => d.kind === kind));
  return {
    id: 'decisions',
    title: 'Decisions by operator',
    layout: 'rows',
    stacked: true,
    format: 'count',
    series: kinds.map((kind) => ({ key: kind, name: DECISION_VERBS[kind], color: DECISION_COLORS[kind], link: { decisions: [kind] } })),
    rows,
    link: baseFilter(data, { status: false }),
  };
}
