import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import type { RefundAnswerSource, RefundDecisionKind } from '@/generated/prisma/enums';
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
  week: sql`date_trunc('week', day)::date`,
  month: sql`date_trunc('month', day)::date`,
};

/** The filters on a log; decisions and answers have no status (they are about the request, whatever became of it). */
function where(f: AnalyticsFilters, options: { status: boolean }): Prisma.Sql {
  const parts = [sql`day BETWEEN ${f.from}::date AND ${f.to}::date`];
  if (f.accounts) parts.push(sql`account_id = ANY(${f.accounts}::int[])`);
  if (f.currencies) parts.push(sql`currency = ANY(${f.currencies}::text[])`);
  if (options.status && f.statuses) parts.push(sql`status = ANY(${f.statuses}::"RefundStatus"[])`);
  return sql`WHERE ${Prisma.join(parts, ' AND ')}`;
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

async function dayFigures(f: AnalyticsFilters) {
  // One pass over the range for two groupings: per shop and period, and per reason.
  const rows = await sqlRows<{
    g: number;
    account_id: number | null;
    period: string | null;
    currency: string;
    reason: string | null;
    refunds: string;
    amount: string;
  }>(sql`
    SELECT GROUPING(account_id, period, reason)::int AS g, account_id, period::text AS period, currency, reason,
           sum(refunds)::bigint AS refunds, sum(amount)::text AS amount
      FROM (SELECT account_id, ${PERIOD[f.granularity]} AS period, currency, reason, refunds, amount FROM refund_day_deltas ${where(f, { status: true })}) d
     GROUP BY GROUPING SETS ((account_id, period, currency), (reason, currency))
    HAVING sum(refunds) <> 0 OR sum(amount) <> 0`);
  const series: SeriesPoint[] = [];
  const reasons = new Map<string, ReasonFigure>();
  for (const row of rows) {
    if (row.g === 1) {
      series.push({ period: row.period!, accountId: row.account_id!, currency: row.currency, refunds: count(row.refunds), amount: row.amount });
      continue;
    }
    const key = row.reason ?? '';
    let figure = reasons.get(key);
    if (!figure) {
      figure = { reason: key, label: reasonLabel(key), group: reasonGroup(key), refunds: 0, amounts: [] };
      reasons.set(key, figure);
    }
    figure.refunds += count(row.refunds);
    figure.amounts.push({ currency: row.currency, amount: row.amount });
  }
  series.sort((a, b) => a.period.localeCompare(b.period) || a.accountId - b.accountId || a.currency.localeCompare(b.currency));
  for (const figure of reasons.values()) figure.amounts.sort((a, b) => a.currency.localeCompare(b.currency));
  return { series, reasons: [...reasons.values()].sort((a, b) => b.refunds - a.refunds || a.reason.localeCompare(b.reason)) };
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

/**
 * Refunds ÷ orders per shop and period. Orders are TikTok's per day of the shop's own zone (Get
 * Shop Performance, stored by the finance sync), refunds per day of the store's zone: the two
 * calendars can straddle by hours (contract R8). Only days TikTok has reported orders for count,
 * on both sides, so a period TikTok has not finished reporting (today, D-1) is neither diluted nor
 * inflated; days reported with no refunds count as zero refunds.
 */
async function rateFigures(f: AnalyticsFilters): Promise<RatePoint[]> {
  const accounts = f.accounts ? sql`AND account_id = ANY(${f.accounts}::int[])` : Prisma.empty;
  const rows = await sqlRows<{ account_id: number; period: string; orders: string; refunds: string; days: string }>(sql`
    WITH r AS (SELECT account_id, day, sum(refunds) AS refunds FROM refund_day_deltas ${where(f, { status: true })} GROUP BY account_id, day),
    p AS (SELECT account_id, date AS day, orders FROM shop_daily_performance
           WHERE date BETWEEN ${f.from}::date AND ${f.to}::date AND orders IS NOT NULL ${accounts})
    SELECT account_id, ${PERIOD[f.granularity]}::text AS period, sum(orders)::bigint AS orders, coalesce(sum(r.refunds), 0)::bigint AS refunds, count(*)::bigint AS days
      FROM p LEFT JOIN r USING (account_id, day)
     GROUP BY 1, 2
     ORDER BY 2, 1`);
  return rows.map((row) => ({ period: row.period, accountId: row.account_id, orders: count(row.orders), refunds: count(row.refunds), days: count(row.days) }));
}

async function answerFigures(f: AnalyticsFilters) {
  const rows = await sqlRows<{ g: number; period: string | null; source: RefundAnswerSource; band: number | null; answers: string; seconds: string }>(sql`
    SELECT GROUPING(period, band)::int AS g, period::text AS period, source, band, sum(answers)::bigint AS answers, sum(seconds)::bigint AS seconds
      FROM (SELECT ${PERIOD[f.granularity]} AS period, source, band, answers, seconds FROM refund_answer_deltas ${where(f, { status: false })}) a
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

async function currencyOptions(f: AnalyticsFilters): Promise<string[]> {
  const rows = await sqlRows<{ currency: string }>(sql`
    SELECT currency FROM refund_day_deltas ${where({ ...f, currencies: null }, { status: false })} AND currency <> ''
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
  const [zone, accounts, days, skus, rate, answers, decisions, currencies] = await Promise.all([
    rollupZone(),
    db.shopAccount.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } }),
    dayFigures(f),
    skuFigures(f),
    rateFigures(f),
    answerFigures(f),
    decisionFigures(f),
    currencyOptions(f),
  ]);
  // Days counted in another zone would be wrong by hours at every edge: refuse rather than mislead.
  if (zone !== timeZone) throw new RollupZoneMismatch(zone, timeZone);
  return {
    filters: f,
    periods: periodsOf(f.from, f.to, f.granularity),
    accounts,
    currencies: [...new Set(days.series.map((p) => p.currency))].sort(),
    currencyOptions: currencies,
    series: days.series,
    reasons: days.reasons,
    skus,
    rate,
    answers: answers.answers,
    answerBands: answers.bands,
    decisions,
  };
}
