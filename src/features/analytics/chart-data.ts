import type { RefundAnswerSource } from '@/generated/prisma/enums';
import { formatMoney } from '@/lib/format';
import { decimal, sum, units } from '@/lib/money';
import { ANSWER_SOURCE_LABELS, ANSWER_SOURCES, DECISION_KINDS } from '@/lib/refund-answers';
import { DECISION_VERBS } from '@/lib/refund-decisions';
import { REASON_GROUP_LABELS, REASON_GROUPS } from '@/lib/refund-reasons';
import { MAX_ACCOUNT_IDS } from '@/lib/url-parsers';
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

/** One column of the shop charts: a shop, or the shops past the palette summed as one. */
export interface ShopColumn {
  key: string;
  name: string;
  color: string;
  /** The shops it sums (one, or the rest). */
  ids: number[];
  /** What it narrows a bar's link to; null when the grid cannot pick that many shops in one URL. */
  link: Partial<GridFilter> | null;
}

const OTHER_COLOR = '#64748b';

const columnsOf = new WeakMap<AnalyticsData, ShopColumn[]>();

/**
 * The shop columns of the page (computed once per page): every shop with figures while they fit
 * the palette (10), each in its colour by position among the accounts when they fit it too (a shop
 * keeps its colour from range to range). Past that (an agency's 500 shops), the 9 with the most
 * requests in the range and one column summing the rest: a stack of 500 colours says nothing, and
 * listing every shop's series made the default view 14.3 MB of HTML at 500 shops
 * (docs/performance.md, "Analytics at many shops"). Every chart of the page uses the same
 * columns, so a shop has one colour throughout.
 */
export function shopColumns(data: AnalyticsData): ShopColumn[] {
  let columns = columnsOf.get(data);
  if (!columns) columnsOf.set(data, (columns = rankShops(data)));
  return columns;
}

function rankShops(data: AnalyticsData): ShopColumn[] {
  const totals = new Map<number, number>();
  for (const p of data.series) totals.set(p.accountId, (totals.get(p.accountId) ?? 0) + p.refunds);
  for (const p of data.rate) if (!totals.has(p.accountId)) totals.set(p.accountId, 0);
  const names = new Map(data.accounts.map((account, i) => [account.id, { name: account.name, index: i }]));
  const column = (id: number, color: string): ShopColumn => ({
    key: `a${id}`,
    name: names.get(id)?.name ?? `Shop ${id}`,
    color,
    ids: [id],
    link: { accounts: [id] },
  });
  if (totals.size <= SHOP_COLORS.length) {
    // With more accounts than colours, by position among the shown ones (two shops never share one).
    const stable = data.accounts.length <= SHOP_COLORS.length;
    return data.accounts
      .filter((account) => totals.has(account.id))
      .map((account, i) => column(account.id, SHOP_COLORS[stable ? names.get(account.id)!.index : i]!));
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
  const top = ranked.slice(0, SHOP_COLORS.length - 1);
  const rest = ranked.slice(SHOP_COLORS.length - 1).sort((a, b) => a - b);
  return [
    ...top.map((id, i) => column(id, SHOP_COLORS[i]!)),
    {
      key: 'other',
      name: `${rest.length.toLocaleString('en-US')} other shops`,
      color: OTHER_COLOR,
      ids: rest,
      link: rest.length <= MAX_ACCOUNT_IDS ? { accounts: rest } : null,
    },
  ];
}

/** The column of each shop (a shop past the top ones is in the rest's). */
function columnOf(columns: ShopColumn[]): Map<number, ShopColumn> {
  return new Map(columns.flatMap((column) => column.ids.map((id) => [id, column] as const)));
}

const periodLink = (period: { from: string; to: string }) => ({ from: period.from, to: period.to });

/** A figure of a cell: requests, with their amount (exact, in one currency) or the orders beside them. */
export interface ShopCell {
  refunds: number;
  amount: bigint;
  orders: number;
}

type Cells = Map<string, Map<string, ShopCell>>;

/**
 * Each page's cells, computed once: the shop charts and their tables ask for the same cells (the
 * requests, each currency's amounts, the rate) a dozen times, and at 500 shops a month by day is
 * ~10,000 series points per pass (a pass per currency and per caller was ~10 ms of each render).
 */
const cellsOf = new WeakMap<ShopColumn[], { counts: Cells; amounts: Map<string, Cells>; rate: Cells }>();

function pageCells(data: AnalyticsData, columns: ShopColumn[]) {
  let cached = cellsOf.get(columns);
  if (cached) return cached;
  const of = columnOf(columns);
  const cell = (cells: Cells, period: string, accountId: number) => {
    const column = of.get(accountId);
    if (!column) return null;
    let row = cells.get(period);
    if (!row) cells.set(period, (row = new Map<string, ShopCell>()));
    let value = row.get(column.key);
    if (!value) row.set(column.key, (value = { refunds: 0, amount: 0n, orders: 0 }));
    return value;
  };
  cached = { counts: new Map(), amounts: new Map(), rate: new Map() };
  for (const p of data.series) {
    const count = cell(cached.counts, p.period, p.accountId);
    if (count) count.refunds += p.refunds;
    let amounts = cached.amounts.get(p.currency);
    if (!amounts) cached.amounts.set(p.currency, (amounts = new Map<string, Map<string, ShopCell>>()));
    const amount = cell(amounts, p.period, p.accountId);
    if (!amount) continue;
    amount.refunds += p.refunds;
    amount.amount += units(p.amount);
  }
  for (const p of data.rate) {
    const value = cell(cached.rate, p.period, p.accountId);
    if (!value) continue;
    value.refunds += p.refunds;
    value.orders += p.orders;
  }
  cellsOf.set(columns, cached);
  return cached;
}

/** period key → column key → the cell's sums: requests; with `currency`, that currency's requests and amounts (never added across); with `rate`, requests and orders on TikTok's reported days. */
export function shopCells(data: AnalyticsData, columns: ShopColumn[], options: { currency?: string; rate?: boolean } = {}): Cells {
  const cells = pageCells(data, columns);
  if (options.rate) return cells.rate;
  if (options.currency !== undefined) return cells.amounts.get(options.currency) ?? new Map<string, Map<string, ShopCell>>();
  return cells.counts;
}

/** The columns with a figure among `cells` (a currency's shops, the shops TikTok reported orders for). */
export const withFigures = (columns: ShopColumn[], cells: Map<string, Map<string, ShopCell>>) =>
  columns.filter((column) => [...cells.values()].some((row) => row.has(column.key)));

/** A column as a chart series: without the ids it sums (the rest's can be hundreds; the link names them when it can). */
const seriesOf = (columns: ShopColumn[]) => columns.map(({ key, name, color, link }) => ({ key, name, color, link }));

export function refundsChart(data: AnalyticsData, columns = shopColumns(data)): BarsSpec {
  const cells = shopCells(data, columns);
  const shown = withFigures(columns, cells);
  const rows: ChartRow[] = data.periods.map((period) => ({
    label: period.label,
    values: Object.fromEntries(shown.map((shop) => [shop.key, cells.get(period.key)?.get(shop.key)?.refunds ?? 0])),
    link: periodLink(period),
  }));
  return {
    id: 'refunds',
    title: 'Refund requests by shop',
    layout: 'columns',
    stacked: true,
    format: 'count',
    series: seriesOf(shown),
    rows,
    link: baseFilter(data),
  };
}

/** One chart per currency: amounts are never added across currencies. */
export function amountCharts(data: AnalyticsData, columns = shopColumns(data)): (BarsSpec & { currency: string })[] {
  return data.currencies
    .filter((currency) => currency !== '')
    .map((currency) => {
      const cells = shopCells(data, columns, { currency });
      const shown = withFigures(columns, cells);
      const rows = data.periods.map((period) => {
        const row: Required<Pick<ChartRow, 'values' | 'texts'>> & ChartRow = { label: period.label, values: {}, texts: {}, link: periodLink(period) };
        for (const shop of shown) {
          const value = cells.get(period.key)?.get(shop.key);
          const amount = decimal(value?.amount ?? 0n);
          row.values[shop.key] = Number(amount);
          row.texts[shop.key] = `${money(amount, currency)} · ${plural(value?.refunds ?? 0, 'refund')}`;
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
        series: seriesOf(shown),
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

/** Refunds ÷ orders per column: the rest's is its refunds over its orders, not a mean of rates. */
export function rateChart(data: AnalyticsData, columns = shopColumns(data)): BarsSpec {
  const cells = shopCells(data, columns, { rate: true });
  const shown = withFigures(columns, cells);
  const rows = data.periods.map((period) => {
    const row: Required<Pick<ChartRow, 'values' | 'texts'>> & ChartRow = { label: period.label, values: {}, texts: {}, link: periodLink(period) };
    for (const shop of shown) {
      const point = cells.get(period.key)?.get(shop.key);
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
    series: seriesOf(shown),
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
