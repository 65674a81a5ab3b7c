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
 * The page's figures shaped for the charts: one row per bar group with each bar's height, its
 * exact text and its link to the grid. Money is drawn from a float (a bar's height needs one) but
 * every text and total is the exact decimal, summed per currency with src/lib/money.ts.
 */

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
export const money = (amount: string, currency: string) => (currency ? formatMoney(amount, currency) : `${formatMoney(amount, null)} (no currency)`);
export const hours = (seconds: number, answers: number) => (answers ? `${(seconds / answers / 3600).toFixed(1)} h` : '—');

/** The page's filters as a grid link's, narrowed by `narrow`; statuses only where the figure depends on them. */
export function linkOf(data: AnalyticsData, narrow: Partial<GridFilter>, options: { status: boolean } = { status: true }): string {
  const f = data.filters;
  return gridHref({
    accounts: f.accounts,
    currencies: f.currencies,
    statuses: options.status ? f.statuses : null,
    from: f.from,
    to: f.to,
    ...narrow,
  });
}

/** The shops in the figures, each with its colour (by position among all accounts, so a shop keeps its colour). */
export function shopSeries(data: AnalyticsData, accountIds: Iterable<number>) {
  const shown = new Set(accountIds);
  return data.accounts
    .map((account, i) => ({ key: `a${account.id}`, id: account.id, name: account.name, color: SHOP_COLORS[i % SHOP_COLORS.length]! }))
    .filter((shop) => shown.has(shop.id));
}

export function refundsChart(data: AnalyticsData): BarsSpec {
  const shops = shopSeries(
    data,
    data.series.map((p) => p.accountId),
  );
  const rows: ChartRow[] = data.periods.map((period) => {
    const row: ChartRow = { label: period.label, values: {}, texts: {}, hrefs: {} };
    for (const shop of shops) {
      const refunds = data.series.filter((p) => p.period === period.key && p.accountId === shop.id).reduce((n, p) => n + p.refunds, 0);
      row.values[shop.key] = refunds;
      row.texts[shop.key] = plural(refunds, 'refund');
      row.hrefs[shop.key] = linkOf(data, { accounts: [shop.id], from: period.from, to: period.to });
    }
    return row;
  });
  return { id: 'refunds', title: 'Refund requests by shop', layout: 'columns', stacked: true, format: 'count', series: shops, rows };
}

/** One chart per currency: amounts are never added across currencies. */
export function amountCharts(data: AnalyticsData): BarsSpec[] {
  return data.currencies
    .filter((currency) => currency !== '')
    .map((currency) => {
      const points = data.series.filter((p) => p.currency === currency);
      const shops = shopSeries(
        data,
        points.map((p) => p.accountId),
      );
      const rows = data.periods.map((period) => {
        const row: ChartRow = { label: period.label, values: {}, texts: {}, hrefs: {} };
        for (const shop of shops) {
          const point = points.find((p) => p.period === period.key && p.accountId === shop.id);
          const amount = point?.amount ?? '0';
          row.values[shop.key] = Number(amount);
          row.texts[shop.key] = `${money(amount, currency)} · ${plural(point?.refunds ?? 0, 'refund')}`;
          row.hrefs[shop.key] = linkOf(data, { accounts: [shop.id], currencies: [currency], from: period.from, to: period.to });
        }
        return row;
      });
      return {
        id: `amount-${currency}`,
        title: `Refund amount in ${currency} by shop`,
        layout: 'columns',
        stacked: true,
        format: 'money',
        series: shops,
        rows,
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
  const rows = data.periods.map((period) => {
    const row: ChartRow = { label: period.label, values: {}, texts: {}, hrefs: {} };
    for (const shop of shops) {
      const point = data.rate.find((p) => p.period === period.key && p.accountId === shop.id);
      if (!point?.orders) continue;
      row.values[shop.key] = (100 * point.refunds) / point.orders;
      row.texts[shop.key] = `${((100 * point.refunds) / point.orders).toFixed(2)}% · ${plural(point.refunds, 'refund')} / ${plural(point.orders, 'order')}`;
      row.hrefs[shop.key] = linkOf(data, { accounts: [shop.id], from: period.from, to: period.to });
    }
    return row;
  });
  return { id: 'rate', title: 'Refund rate (refunds ÷ orders) by shop', layout: 'columns', stacked: false, format: 'percent', series: shops, rows };
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
    texts: { [reason.group]: plural(reason.refunds, 'refund') },
    // A request without a reason cannot be asked for by key: its group's link is in the table.
    hrefs: Object.fromEntries(reason.reason ? [[reason.group, linkOf(data, { reasons: [reason.reason] })]] : []),
  }));
  const series = REASON_GROUPS.map((group) => ({ key: group, name: REASON_GROUP_LABELS[group], color: GROUP_COLORS[group] }));
  return { id: 'reasons', title: 'Most frequent reasons', layout: 'rows', stacked: true, format: 'count', series, rows };
}

export function skuCharts(data: AnalyticsData): BarsSpec[] {
  return data.skus
    .filter((entry) => entry.currency !== '')
    .map(({ currency, skus }) => ({
      id: `skus-${currency}`,
      title: `Top SKUs by refunded amount, ${currency}`,
      layout: 'rows',
      stacked: false,
      format: 'money',
      series: [{ key: 'amount', name: `Refunded (${currency})`, color: '#4f46e5' }],
      rows: skus.map((sku) => ({
        label: sku.label,
        values: { amount: Number(sku.amount) },
        texts: { amount: `${money(sku.amount, currency)} · ${plural(sku.units, 'unit')} in ${plural(sku.refunds, 'refund')}` },
        hrefs: Object.fromEntries(sku.skuId ? [['amount', linkOf(data, { currencies: [currency], skus: [sku.skuId] })]] : []),
      })),
    }));
}

/** Answers per period by who answered, with the mean hours to the seller's answer (here or on TikTok) as a line. */
export function responseChart(data: AnalyticsData): BarsSpec {
  const rows = data.periods.map((period) => {
    const row: ChartRow = { label: period.label, values: {}, texts: {}, hrefs: {} };
    for (const source of ANSWER_SOURCES) {
      const point = data.answers.find((a) => a.period === period.key && a.source === source);
      row.values[source] = point?.answers ?? 0;
      row.texts[source] = plural(point?.answers ?? 0, 'request');
      row.hrefs[source] = linkOf(data, { answers: [source], from: period.from, to: period.to }, { status: false });
    }
    const seller = data.answers.filter((a) => a.period === period.key && a.source !== 'Auto');
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
    series: ANSWER_SOURCES.map((source: RefundAnswerSource) => ({ key: source, name: ANSWER_SOURCE_LABELS[source], color: ANSWER_COLORS[source] })),
    rows,
    line: { key: 'hours', name: 'Mean hours to the seller’s answer', color: '#0f172a', format: 'hours' },
  };
}

export function decisionsChart(data: AnalyticsData): BarsSpec {
  const actors = [...new Set(data.decisions.map((d) => d.actor))].sort();
  const rows = actors.map((actor) => {
    const row: ChartRow = { label: actor, values: {}, texts: {}, hrefs: {} };
    for (const decision of data.decisions.filter((d) => d.actor === actor)) {
      row.values[decision.kind] = decision.decisions;
      row.texts[decision.kind] = `${plural(decision.decisions, 'decision')} on ${plural(decision.refunds, 'refund')}`;
      row.hrefs[decision.kind] = linkOf(data, { decidedBy: [actor], decisions: [decision.kind] }, { status: false });
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
    series: kinds.map((kind) => ({ key: kind, name: DECISION_VERBS[kind], color: DECISION_COLORS[kind] })),
    rows,
  };
}
