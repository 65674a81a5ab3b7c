import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import type { RefundAnswerSource, RefundDecisionKind } from '@/generated/prisma/enums';
import { splitByMonth, type MonthSplit } from '@/lib/month-split';
import { reasonGroup, reasonLabel, type ReasonGroup } from '@/lib/refund-reasons';
import { db } from '@/server/db';
import { rollupZone } from '@/server/rollups';
import { sqlRows } from '@/server/sql';
import { TOP_SKUS, type Granularity } from './constants';
import { periodsOf, type Period } from './periods';
import type { AnalyticsFilters } from './search-params';

/**
 * Everything the analytics page shows, read from the rollups (refund_*_deltas, kept by triggers;
 * see the analytics_rollups migration) and from shop_daily_performance, never from refunds: at
 * 1M refunds a month of figures is a few thousand log rows (docs/performance.md). Counts are
 * numbers; money is PostgreSQL's exact numeric text, summed within one currency only.
 */

const sql = Prisma.sql;

/** The period a day belongs to, as PostgreSQL groups it (fixed SQL of ours, chosen by an enum). */
const PERIOD: Record<Granularity, Prisma.Sql> = {
  day: sql`day`,
  // On a timestamp without zone: the same calendar result as on the date, without converting
  // each date to a timestamptz in the session's zone (31 against 51 ms over a year of 500 shops' days).
  week: sql`date_trunc('week', day::timestamp)::date`,
  month: sql`date_trunc('month', day::timestamp)::date`,
};

/** The filters on a log; decisions and answers have no status (they are about the request, whatever became of it). */
function where(f: AnalyticsFilters, options: { status: boolean }): Prisma.Sql {
  const parts = [sql`day BETWEEN ${f.from}::date AND ${f.to}::date`];
  return sql`WHERE ${Prisma.join([...parts, ...narrowing(f, options)], ' AND ')}`;
}

/** The shop, currency and status filters of a log's rows. */
function narrowing(f: AnalyticsFilters, options: { status: boolean; accounts?: boolean; alias?: 'd' }): Prisma.Sql[] {
  const column = (name: string) => Prisma.raw(options.alias ? `${options.alias}.${name}` : name);
  const parts: Prisma.Sql[] = [];
  if (f.accounts && options.accounts !== false) parts.push(sql`${column('account_id')} = ANY(${f.accounts}::int[])`);
  if (f.currencies) parts.push(sql`${column('currency')} = ANY(${f.currencies}::text[])`);
  if (options.status && f.statuses) parts.push(sql`${column('status')} = ANY(${f.statuses}::"RefundStatus"[])`);
  return parts;
}

/** A month log and its day log (fixed table names of ours). */
interface LogPair {
  month: string;
  day: string;
}

const SHOP_LOGS: LogPair = { month: 'refund_shop_month_deltas', day: 'refund_shop_day_deltas' };
const ALL_SHOPS_LOGS: LogPair = { month: 'refund_all_shops_month_deltas', day: 'refund_all_shops_day_deltas' };
const ALL_SHOPS_ANSWER_LOGS: LogPair = { month: 'refund_all_shops_answer_month_deltas', day: 'refund_all_shops_answer_deltas' };

/** The range as a month log and its day log answer it; without `byMonth`, every day from the day log. */
function rangeSplit(f: AnalyticsFilters, byMonth: boolean): MonthSplit {
  return byMonth ? splitByMonth(f.from, f.to) : { months: null, days: [{ from: f.from, to: f.to }] };
}

/** A month log's whole months of a split (the analytics' ranges have both ends). */
const monthsWithin = (months: NonNullable<MonthSplit['months']>) => sql`month >= ${months.from}::date AND month < ${months.until}::date`;

/** A day log's days of a split: one or two spans of `column`. */
const daysWithin = (days: MonthSplit['days'], column: 'day' | 'date') =>
  sql`(${Prisma.join(
    days.map((span) => sql`${Prisma.raw(column)} BETWEEN ${span.from}::date AND ${span.to}::date`),
    ' OR ',
  )})`;

/**
 * The rows of a pair of logs over the range, filtered: its whole months from the month log (with
 * the month's first day as `day`), the days outside them from the day log; with `months: false`,
 * every day from the day log (what a series by day or week needs). At 500 shops a year of the
 * per-shop day log is ~150,000 rows at 1M refunds; its months ~15,000 (docs/performance.md).
 */
function logRows(pair: LogPair, columns: string, f: AnalyticsFilters, options: { status: boolean; months: boolean }): Prisma.Sql {
  const raw = Prisma.raw;
  const filters = narrowing(f, options);
  const split = rangeSplit(f, options.months);
  const parts: Prisma.Sql[] = [];
  if (split.months)
    parts.push(sql`SELECT month AS day, ${raw(columns)} FROM ${raw(pair.month)} WHERE ${Prisma.join([monthsWithin(split.months), ...filters], ' AND ')}`);
  if (split.days.length)
    parts.push(sql`SELECT day, ${raw(columns)} FROM ${raw(pair.day)} WHERE ${Prisma.join([daysWithin(split.days, 'day'), ...filters], ' AND ')}`);
  return Prisma.join(parts, ' UNION ALL ');
}

/** An amount in one currency ('' when TikTok sent none). */
interface Money {
  currency: string;
  amount: string;
}

interface SeriesPoint {
  period: string;
  accountId: number;
  currency: string;
  refunds: number;
  amount: string;
}

interface ReasonFigure {
  reason: string;
  label: string;
  group: ReasonGroup;
  refunds: number;
  amounts: Money[];
}

interface SkuFigure {
  skuId: string;
  label: string;
  units: number;
  refunds: number;
  amount: string;
}

interface RatePoint {
  period: string;
  accountId: number;
  /** Orders TikTok reported on the days of the period it has reported. */
  orders: number;
  /** Refunds created on those same days. */
  refunds: number;
  days: number;
}

interface AnswerPoint {
  period: string;
  source: RefundAnswerSource;
  answers: number;
  seconds: number;
}

interface AnswerBand {
  source: RefundAnswerSource;
  band: number;
  answers: number;
}

interface DecisionFigure {
  actor: string;
  kind: RefundDecisionKind;
  decisions: number;
  refunds: number;
}

export interface AnalyticsData {
  filters: AnalyticsFilters;
  periods: Period[];
  accounts: { id: number; name: string }[];
  /** The currencies with refunds in the range (under the filters). */
  currencies: string[];
  /** The currencies the currency filter offers: those of the range and shops, whatever currency is chosen. */
  currencyOptions: string[];
  series: SeriesPoint[];
  reasons: ReasonFigure[];
  skus: { currency: string; skus: SkuFigure[] }[];
  rate: RatePoint[];
  answers: AnswerPoint[];
  answerBands: AnswerBand[];
  decisions: DecisionFigure[];
}

const count = (value: string | number) => Number(value);

/** ISO dates and currency codes in code-point order (localeCompare cost ~1.5 ms on 10,000 series points). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Requests and amounts per shop, period and currency, from the per-shop logs without the reason:
 * by month, whole months from the month log.
 */
async function seriesFigures(f: AnalyticsFilters): Promise<SeriesPoint[]> {
  const rows = await sqlRows<{ account_id: number; period: string; currency: string; refunds: string; amount: string }>(sql`
    SELECT account_id, ${PERIOD[f.granularity]}::text AS period, currency, sum(refunds)::bigint AS refunds, sum(amount)::text AS amount
      FROM (${logRows(SHOP_LOGS, 'account_id, currency, refunds, amount', f, { status: true, months: f.granularity === 'month' })}) d
     GROUP BY 1, 2, 3
    HAVING sum(refunds) <> 0 OR sum(amount) <> 0`);
  return rows
    .map((row) => ({ period: row.period, accountId: row.account_id, currency: row.currency, refunds: count(row.refunds), amount: row.amount }))
    .sort((a, b) => byText(a.period, b.period) || a.accountId - b.accountId || byText(a.currency, b.currency));
}

/**
 * Requests and amounts per reason and currency. Over every shop, from the day log summed over
 * shops (its whole months from the month log); for picked shops, from their keys of the per-shop
 * day log, the one that keys on the reason.
 */
async function reasonFigures(f: AnalyticsFilters): Promise<ReasonFigure[]> {
  const source = f.accounts
    ? sql`SELECT reason, currency, refunds, amount FROM refund_day_deltas ${where(f, { status: true })}`
    : logRows(ALL_SHOPS_LOGS, 'reason, currency, refunds, amount', f, { status: true, months: true });
  const rows = await sqlRows<{ reason: string; currency: string; refunds: string; amount: string }>(sql`
    SELECT reason, currency, sum(refunds)::bigint AS refunds, sum(amount)::text AS amount
      FROM (${source}) d
     GROUP BY 1, 2
    HAVING sum(refunds) <> 0 OR sum(amount) <> 0`);
  const reasons = new Map<string, ReasonFigure>();
  for (const row of rows) {
    let figure = reasons.get(row.reason);
    if (!figure) {
      figure = { reason: row.reason, label: reasonLabel(row.reason), group: reasonGroup(row.reason), refunds: 0, amounts: [] };
      reasons.set(row.reason, figure);
    }
    figure.refunds += count(row.refunds);
    figure.amounts.push({ currency: row.currency, amount: row.amount });
  }
  for (const figure of reasons.values()) figure.amounts.sort((a, b) => a.currency.localeCompare(b.currency));
  return [...reasons.values()].sort((a, b) => b.refunds - a.refunds || a.reason.localeCompare(b.reason));
}

async function skuFigures(f: AnalyticsFilters) {
  const rows = await sqlRows<{
    currency: string;
    sku_id: string;
    seller_sku: string;
    product_name: string;
    sku_name: string;
    units: string;
    refunds: string;
    amount: string;
  }>(sql`
    WITH s AS (
      SELECT currency, sku_id, max(seller_sku) AS seller_sku, max(product_name) AS product_name, max(sku_name) AS sku_name,
             sum(units)::bigint AS units, sum(refunds)::bigint AS refunds, sum(amount) AS amount
        FROM refund_sku_deltas ${where(f, { status: true })}
       GROUP BY currency, sku_id
      HAVING sum(units) <> 0 OR sum(refunds) <> 0 OR sum(amount) <> 0)
    SELECT currency, sku_id, seller_sku, product_name, sku_name, units, refunds, amount::text AS amount
      FROM (SELECT s.*, row_number() OVER (PARTITION BY currency ORDER BY amount DESC, units DESC, sku_id) AS rank FROM s) ranked
     WHERE rank <= ${TOP_SKUS}
     ORDER BY currency, rank`);
  const byCurrency = new Map<string, SkuFigure[]>();
  for (const row of rows) {
    const label = [row.product_name, row.sku_name].filter(Boolean).join(' · ') || row.seller_sku || row.sku_id || '(no SKU)';
    const list = byCurrency.get(row.currency) ?? [];
    list.push({ skuId: row.sku_id, label, units: count(row.units), refunds: count(row.refunds), amount: row.amount });
    byCurrency.set(row.currency, list);
  }
  return [...byCurrency.entries()].map(([currency, skus]) => ({ currency, skus }));
}

/** The last day of the period starting at `period` (fixed SQL of ours, chosen by an enum). */
const PERIOD_END: Record<Granularity, Prisma.Sql> = {
  day: sql`period`,
  week: sql`period + 6`,
  month: sql`(period + interval '1 month')::date - 1`,
};

/**
 * TikTok's orders and reported days per shop and period: by month, whole months from their log
 * (shop_performance_month_deltas), the days of a cut first or last month from the days.
 */
function reportedDays(f: AnalyticsFilters): Prisma.Sql {
  const accounts = f.accounts ? [sql`account_id = ANY(${f.accounts}::int[])`] : [];
  const split = rangeSplit(f, f.granularity === 'month');
  const parts: Prisma.Sql[] = [];
  if (split.months)
    parts.push(sql`
      SELECT account_id, month AS period, sum(orders) AS orders, sum(days) AS days
        FROM shop_performance_month_deltas WHERE ${Prisma.join([monthsWithin(split.months), ...accounts], ' AND ')}
       GROUP BY 1, 2 HAVING sum(days) <> 0`);
  if (split.days.length)
    parts.push(sql`
      SELECT account_id, ${PERIOD[f.granularity]} AS period, sum(orders) AS orders, count(*) AS days
        FROM (SELECT account_id, date AS day, orders FROM shop_daily_performance
               WHERE ${Prisma.join([daysWithin(split.days, 'date'), sql`orders IS NOT NULL`, ...accounts], ' AND ')}) s
       GROUP BY 1, 2`);
  return Prisma.join(parts, ' UNION ALL ');
}

/**
 * Refunds ÷ orders per shop and period. Orders are TikTok's per day of the shop's own zone (Get
 * Shop Performance, stored by the finance sync), refunds per day of the store's zone: the two
 * calendars can straddle by hours (contract R8). Only days TikTok has reported orders for count,
 * on both sides, so a period TikTok has not finished reporting (today, D-1) is neither diluted nor
 * inflated; days reported with no refunds count as zero refunds.
 *
 * The refunds on reported days are the series' refunds of the period less those on its days TikTok
 * has not reported (here `refunds` is minus those; the caller adds the series'): only those days
 * are looked up in the day log, typically today's for each shop. Summing the day log over every
 * reported day re-read the range per shop and day (as much as the series: 3.3 s for 12 months at
 * 10M refunds over 500 shops, with the reasons' log).
 */
async function rateFigures(f: AnalyticsFilters): Promise<RatePoint[]> {
  const from = sql`greatest(pp.period, ${f.from}::date)`;
  const to = sql`least(${PERIOD_END[f.granularity]}, ${f.to}::date)`;
  const logged = Prisma.join(
    [sql`d.day = gaps.day`, sql`d.account_id = gaps.account_id`, ...narrowing(f, { status: true, accounts: false, alias: 'd' })],
    ' AND ',
  );
  // A period with days missing reads its reported days in one index range, and each missing day's
  // refunds are looked up by key (a scalar subquery, which the planner does not turn into a join):
  // as joins, it sorted every reported day of the range and read the day log's whole range to find
  // ~500 days (1.4 s, then 0.28 s, at 1M refunds over 500 shops); a lookup per day of the period,
  // 15,000 for the current month of 500 shops, cost ~20 ms.
  const rows = await sqlRows<{ account_id: number; period: string; orders: string; days: string; unreported: string }>(sql`
    WITH pp AS (${reportedDays(f)}),
    gaps AS (
      SELECT pp.account_id, pp.period, g.day::date AS day
        FROM pp
       CROSS JOIN LATERAL (SELECT array_agg(s.date) AS days FROM shop_daily_performance s
                            WHERE s.account_id = pp.account_id AND s.date BETWEEN ${from} AND ${to} AND s.orders IS NOT NULL) reported
       CROSS JOIN LATERAL generate_series(${from}, ${to}, interval '1 day') AS g(day)
       WHERE pp.days < ${to} - ${from} + 1 AND NOT g.day::date = ANY(coalesce(reported.days, '{}'))),
    r AS (
      SELECT account_id, period, sum((SELECT sum(d.refunds) FROM refund_shop_day_deltas d WHERE ${logged})) AS refunds
        FROM gaps
       GROUP BY 1, 2)
    SELECT pp.account_id, pp.period::text AS period, pp.orders::bigint AS orders, pp.days::bigint AS days, coalesce(r.refunds, 0)::bigint AS unreported
      FROM pp LEFT JOIN r USING (account_id, period)
     ORDER BY 2, 1`);
  return rows.map((row) => ({
    period: row.period,
    accountId: row.account_id,
    orders: count(row.orders),
    days: count(row.days),
    refunds: -count(row.unreported),
  }));
}

/** First answers per period and source, and per band of hours; over every shop from the answer logs summed over shops. */
async function answerFigures(f: AnalyticsFilters) {
  const source = f.accounts
    ? sql`SELECT day, source, band, answers, seconds FROM refund_answer_deltas ${where(f, { status: false })}`
    : logRows(ALL_SHOPS_ANSWER_LOGS, 'source, band, answers, seconds', f, { status: false, months: f.granularity === 'month' });
  const rows = await sqlRows<{ g: number; period: string | null; source: RefundAnswerSource; band: number | null; answers: string; seconds: string }>(sql`
    SELECT GROUPING(period, band)::int AS g, period::text AS period, source, band, sum(answers)::bigint AS answers, sum(seconds)::bigint AS seconds
      FROM (SELECT ${PERIOD[f.granularity]} AS period, source, band, answers, seconds FROM (${source}) s) a
     GROUP BY GROUPING SETS ((period, source), (source, band))
    HAVING sum(answers) <> 0 OR sum(seconds) <> 0`);
  const answers: AnswerPoint[] = [];
  const bands: AnswerBand[] = [];
  for (const row of rows) {
    if (row.g === 1) answers.push({ period: row.period!, source: row.source, answers: count(row.answers), seconds: count(row.seconds) });
    else bands.push({ source: row.source, band: row.band!, answers: count(row.answers) });
  }
  answers.sort((a, b) => a.period.localeCompare(b.period) || a.source.localeCompare(b.source));
  bands.sort((a, b) => a.source.localeCompare(b.source) || a.band - b.band);
  return { answers, bands };
}

async function decisionFigures(f: AnalyticsFilters): Promise<DecisionFigure[]> {
  const rows = await sqlRows<{ actor: string; kind: RefundDecisionKind; decisions: string; refunds: string }>(sql`
    SELECT actor_label AS actor, kind, sum(decisions)::bigint AS decisions, sum(refunds)::bigint AS refunds
      FROM refund_decision_deltas ${where(f, { status: false })}
     GROUP BY 1, 2
    HAVING sum(decisions) <> 0 OR sum(refunds) <> 0
     ORDER BY 1, 2`);
  return rows.map((row) => ({ actor: row.actor, kind: row.kind, decisions: count(row.decisions), refunds: count(row.refunds) }));
}

/** The currencies with requests in the range and shops, whatever currency and status are chosen. */
async function currencyOptions(f: AnalyticsFilters): Promise<string[]> {
  const all = { ...f, currencies: null };
  const rows = await sqlRows<{ currency: string }>(sql`
    SELECT currency FROM (${logRows(f.accounts ? SHOP_LOGS : ALL_SHOPS_LOGS, 'currency, refunds', all, { status: false, months: true })}) d
     WHERE currency <> ''
     GROUP BY 1 HAVING sum(refunds) <> 0 ORDER BY 1`);
  return rows.map((row) => row.currency);
}

export class RollupZoneMismatch extends Error {
  constructor(
    readonly built: string | null,
    readonly wanted: string,
  ) {
    super(`analytics rollups are in ${built ?? 'no zone'}, the store is in ${wanted}`);
  }
}

/** Every figure of the page; throws RollupZoneMismatch while the rollups are in another zone than the store's. */
export async function analyticsData(f: AnalyticsFilters, timeZone: string): Promise<AnalyticsData> {
  const [zone, accounts, series, reasons, skus, rate, answers, decisions, currencies] = await Promise.all([
    rollupZone(),
    db.shopAccount.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } }),
    seriesFigures(f),
    reasonFigures(f),
    skuFigures(f),
    rateFigures(f),
    answerFigures(f),
    decisionFigures(f),
    currencyOptions(f),
  ]);
  // Days counted in another zone would be wrong by hours at every edge: refuse rather than mislead.
  if (zone !== timeZone) throw new RollupZoneMismatch(zone, timeZone);
  // The refunds on the days TikTok reported: the period's less those on the days it has not (rateFigures).
  const requests = new Map<string, Map<number, number>>();
  for (const p of series) {
    let period = requests.get(p.period);
    if (!period) requests.set(p.period, (period = new Map<number, number>()));
    period.set(p.accountId, (period.get(p.accountId) ?? 0) + p.refunds);
  }
  // In place: at 500 shops a month by day is ~15,000 points (a copy of each cost ~4 ms a render).
  for (const point of rate) point.refunds += requests.get(point.period)?.get(point.accountId) ?? 0;
  return {
    filters: f,
    periods: periodsOf(f.from, f.to, f.granularity),
    accounts,
    currencies: [...new Set(series.map((p) => p.currency))].sort(),
    currencyOptions: currencies,
    series,
    reasons,
    skus,
    rate,
    answers: answers.answers,
    answerBands: answers.bands,
    decisions,
  };
}
