import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { splitByMonth } from '@/lib/month-split';
import { reasonKeysOf, type ReasonGroup } from '@/lib/refund-reasons';
import { localToInstant } from '@/lib/store-time';
import { FILTER_KEYS, type IdTerm, type Search } from './search-params';

/**
 * The grid's filters as SQL conditions. Every value arrives validated by the URL contract and is
 * passed as a bind parameter; nothing from the request is concatenated into the statement.
 */

const sql = Prisma.sql;

/** The smallest string above every string starting with `prefix` (digits: "5764" → "5765", "599" → "6"). */
function digitPrefixUpperBound(prefix: string): string | null {
  const trimmed = prefix.replace(/9+$/, '');
  if (trimmed === '') return null;
  return trimmed.slice(0, -1) + String(Number(trimmed.at(-1)) + 1);
}

/** Exact ids in one `= ANY`, prefixes as index-friendly ranges (with LIKE as the exact recheck). */
function idCondition(column: Prisma.Sql, terms: IdTerm[]): Prisma.Sql {
  const exact = terms.filter((t) => !t.prefix).map((t) => t.value);
  const parts: Prisma.Sql[] = [];
  if (exact.length) parts.push(sql`${column} = ANY(${exact}::text[])`);
  for (const term of terms.filter((t) => t.prefix)) {
    const upper = digitPrefixUpperBound(term.value);
    parts.push(
      upper ? sql`(${column} >= ${term.value} AND ${column} < ${upper} AND ${column} LIKE ${`${term.value}%`})` : sql`${column} LIKE ${`${term.value}%`}`,
    );
  }
  return parts.length === 1 ? parts[0]! : sql`(${Prisma.join(parts, ' OR ')})`;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A keyword of 4+ digits is an id prefix (refund or order id); anything else searches the reason. */
export function isIdKeyword(q: string): boolean {
  return /^\d{4,32}$/.test(q);
}

/**
 * What filtering needs besides the URL: the store's zone, and the reason labels a text keyword
 * matched (resolved first by `resolveFilters`, so the planner sees concrete values and can use the
 * reason_label index; an ILIKE over a million rows took ~1 s).
 */
export interface FilterContext {
  timeZone: string;
  reasonLabels: string[] | null;
}

function keywordCondition(q: string, reasonLabels: string[] | null): Prisma.Sql {
  if (isIdKeyword(q)) {
    const terms = [{ value: q, prefix: true }];
    return sql`(${idCondition(sql`marketplace_refund_id`, terms)} OR ${idCondition(sql`marketplace_order_id`, terms)})`;
  }
  return reasonLabels?.length ? sql`reason_label = ANY(${reasonLabels}::text[])` : sql`FALSE`;
}

/**
 * A reason group as a condition on the stored key, from the one table (src/lib/refund-reasons.ts):
 * a fault group is its listed keys; `other` is every key in neither list, and no key at all.
 */
function reasonGroupCondition(groups: ReasonGroup[]): Prisma.Sql {
  const fault = [...reasonKeysOf('sellerFault'), ...reasonKeysOf('buyerRemorse')];
  const parts = groups.map((group) =>
    group === 'other'
      ? sql`(reason IS NULL OR NOT lower(trim(reason)) = ANY(${fault}::text[]))`
      : sql`lower(trim(reason)) = ANY(${reasonKeysOf(group)}::text[])`,
  );
  return parts.length === 1 ? parts[0]! : sql`(${Prisma.join(parts, ' OR ')})`;
}

/**
 * Decisions and answers live in their own tables: a refund matches when it has one. Qualified by
 * `refunds.` so the subquery reads the row being filtered (the export wraps this SELECT, the grid
 * pages by id IN (…)); refund_decisions is indexed by refund, refund_answers keyed by it.
 */
function decisionCondition(actors: string[] | null, kinds: string[] | null): Prisma.Sql {
  return sql`EXISTS (SELECT 1 FROM refund_decisions d WHERE d.refund_id = refunds.id AND d.state = 'Applied'${
    actors ? sql` AND d.actor_label = ANY(${actors}::text[])` : Prisma.empty
  }${kinds ? sql` AND d.kind = ANY(${kinds}::"RefundDecisionKind"[])` : Prisma.empty})`;
}

type FilterKey = (typeof FILTER_KEYS)[number];

/** A filter of the grid: a URL filter key, except that a range's two ends are one (created, updated), and so are a decision and who made it. */
export type FilterPart = Exclude<FilterKey, 'createdFrom' | 'createdTo' | 'updatedFrom' | 'updatedTo' | 'decidedBy'> | 'created' | 'updated';

function partOf(key: FilterKey): FilterPart {
  if (key === 'createdFrom' || key === 'createdTo') return 'created';
  if (key === 'updatedFrom' || key === 'updatedTo') return 'updated';
  if (key === 'decidedBy') return 'decision';
  return key;
}

/** Whether a search sets a filter (derived from the URL contract's FILTER_KEYS, so a new filter is one no log answers until a log says so). */
function isFiltered(search: Search, part: FilterPart): boolean {
  return FILTER_KEYS.some((key) => partOf(key) === part && Boolean(search[key]));
}

/**
 * Whether a search filters by nothing but `allowed` (and what `omit` leaves out). A text keyword is
 * allowed with `textKeyword`: it resolves to reason labels, which the count log and the day logs
 * over shops key on; a keyword of digits is an id prefix, which no log knows.
 */
function filtersWithin(search: Search, allowed: FilterPart[], omit: FilterPart[], textKeyword: boolean): boolean {
  const keywordOk = textKeyword && Boolean(search.q) && !isIdKeyword(search.q!);
  return FILTER_KEYS.every((key) => {
    const part = partOf(key);
    return !search[key] || allowed.includes(part) || omit.includes(part) || (part === 'q' && keywordOk);
  });
}

/** WHERE conditions for a search; `omit` leaves one filter out (status counts are shown under the others). */
export function filterConditions(search: Search, context: FilterContext, omit: FilterPart[] = []): Prisma.Sql[] {
  const { timeZone } = context;
  const conditions: Prisma.Sql[] = [];
  const applies = (part: FilterPart) => !omit.includes(part);
  if (applies('q') && search.q) conditions.push(keywordCondition(search.q, context.reasonLabels));
  if (applies('refundId') && search.refundId) conditions.push(idCondition(sql`marketplace_refund_id`, search.refundId));
  if (applies('orderId') && search.orderId) conditions.push(idCondition(sql`marketplace_order_id`, search.orderId));
  if (applies('account') && search.account) conditions.push(sql`account_id = ANY(${search.account}::int[])`);
  if (applies('status') && search.status) conditions.push(sql`status = ANY(${search.status}::"RefundStatus"[])`);
  if (applies('type') && search.type) conditions.push(sql`type = ANY(${search.type}::"RefundType"[])`);
  if (applies('flag') && search.flag) {
    for (const flag of search.flag) {
      if (flag === 'needsReview') conditions.push(sql`needs_review`);
      if (flag === 'unmapped') conditions.push(sql`unmapped_status`);
      if (flag === 'manual') conditions.push(sql`status_source <> 'Marketplace'`);
      if (flag === 'awaitingSeller') conditions.push(sql`respond_by > now()`);
    }
  }
  if (applies('currency') && search.currency) conditions.push(sql`currency = ANY(${search.currency}::text[])`);
  if (applies('reason') && search.reason) conditions.push(sql`reason = ANY(${search.reason}::text[])`);
  if (applies('reasonGroup') && search.reasonGroup) conditions.push(reasonGroupCondition(search.reasonGroup));
  if (applies('sku') && search.sku)
    conditions.push(sql`EXISTS (SELECT 1 FROM jsonb_array_elements(line_items) li WHERE li->>'skuId' = ANY(${search.sku}::text[]))`);
  if (applies('decision') && (search.decidedBy || search.decision)) conditions.push(decisionCondition(search.decidedBy, search.decision));
  if (applies('answer') && search.answer)
    conditions.push(sql`EXISTS (SELECT 1 FROM refund_answers a WHERE a.refund_id = refunds.id AND a.source = ANY(${search.answer}::"RefundAnswerSource"[]))`);
  if (applies('created') && search.createdFrom) conditions.push(sql`marketplace_created_at >= ${localToInstant(search.createdFrom, timeZone, false)}`);
  if (applies('created') && search.createdTo) conditions.push(sql`marketplace_created_at < ${localToInstant(search.createdTo, timeZone, true)}`);
  if (applies('updated') && search.updatedFrom) conditions.push(sql`marketplace_updated_at >= ${localToInstant(search.updatedFrom, timeZone, false)}`);
  if (applies('updated') && search.updatedTo) conditions.push(sql`marketplace_updated_at < ${localToInstant(search.updatedTo, timeZone, true)}`);
  return conditions;
}

export function where(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
}

/** Whether the only filters are account, status, type, currency and a text keyword (what the count log knows). */
export function countableFromDeltas(search: Search, omit: FilterPart[] = []): boolean {
  return filtersWithin(search, ['account', 'status', 'type', 'currency'], omit, true);
}

/**
 * Which count log answers: the one summed over shops unless shops are picked. At 500 shops the
 * per-shop log holds ~48,000 rows, 6-7 ms to sum on every grid page at 10M refunds; summed over
 * shops, a few hundred.
 */
export function countLogTable(search: Search): Prisma.Sql {
  return Prisma.raw(search.account ? 'refund_count_deltas' : 'refund_all_shops_count_deltas');
}

/** The same filters on the count log (see countableFromDeltas). */
export function deltaConditions(search: Search, context: FilterContext): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (search.q) conditions.push(keywordCondition(search.q, context.reasonLabels));
  if (search.account) conditions.push(sql`account_id = ANY(${search.account}::int[])`);
  if (search.type) conditions.push(sql`type = ANY(${search.type}::"RefundType"[])`);
  if (search.currency) conditions.push(sql`currency = ANY(${search.currency}::text[])`);
  return conditions;
}

export const hasCreatedRange = (search: Search) => isFiltered(search, 'created');

/**
 * Whether the analytics' day rollup (refund_day_deltas: refunds per store day of creation, account,
 * currency, status and reason, kept exact by triggers; summed over shops with the type and reason
 * label too) can answer the status counts: at most account, currency, reason and reason-group
 * filters, with or without a created range, and over every shop type and text-keyword filters too.
 * It answers a range in O(days × keys) instead of O(rows in range): a year at 1M refunds was
 * ~230 ms counted from the rows. With no range it sums every day: over every shop a few hundred keys
 * a day; for picked shops their own keys (the per-shop log leads with the shop since migration
 * day_log_by_account; led by the day, it read every shop's keys, and picked shops counted their
 * rows instead). Before, a currency or a reason group alone counted every matching row on every
 * page. The caller checks that the rollup's days are the store zone's when a range is given
 * (without one the zone changes nothing).
 */
export function countableFromDayRollup(search: Search, omit: FilterPart[] = []): boolean {
  // Only the logs summed over shops key on the type and the reason label (the per-shop log does
  // without them: the analytics page sums it per shop, and they doubled its rows).
  const typeOrText = (!omit.includes('type') && search.type) || (!omit.includes('q') && search.q);
  if (search.account && typeOrText) return false;
  // A bound with a time of day (2026-11-20T12:00) cuts a day the rollup only knows whole.
  if ([search.createdFrom, search.createdTo].some((bound) => bound?.includes('T'))) return false;
  return filtersWithin(search, ['account', 'status', 'type', 'currency', 'reason', 'reasonGroup', 'created'], omit, true);
}

/**
 * The day rollup a search reads (see countableFromDayRollup), as a FROM item with the search's
 * filters applied (status, currency, n: refunds, amount); days are the store's, both ends included. With shops picked, their day log
 * (refund_day_deltas). Over every shop, the logs summed over shops: the whole months of the range
 * from the month log, and only the days of a partial first or last month from the day log. At
 * 10M refunds over 500 shops a month of the per-shop log is 135,000 rows (135 ms to sum), summed
 * over shops a few thousand; a year of that is ~110,000 rows at 1M (25-45 ms), its months ~4,000.
 */
export function dayRollupSource(search: Search, context: FilterContext): Prisma.Sql {
  const keys: Prisma.Sql[] = [];
  if (search.currency) keys.push(sql`currency = ANY(${search.currency}::text[])`);
  if (search.reason) keys.push(sql`reason = ANY(${search.reason}::text[])`);
  // The rollup keeps no reason as '' (the rows' NULL): the group's condition reads both alike.
  if (search.reasonGroup) keys.push(reasonGroupCondition(search.reasonGroup));
  const from = search.createdFrom;
  const to = search.createdTo;
  if (search.account) {
    const days = [sql`account_id = ANY(${search.account}::int[])`, ...keys];
    if (from) days.push(sql`day >= ${from}::date`);
    if (to) days.push(sql`day <= ${to}::date`);
    return sql`(SELECT status, currency, refunds AS n, amount FROM refund_day_deltas ${where(days)}) log`;
  }
  // Over every shop, a text keyword matches reason labels (resolved first) and a type its key, as on the rows.
  if (search.q) keys.push(keywordCondition(search.q, context.reasonLabels));
  if (search.type) keys.push(sql`type = ANY(${search.type}::"RefundType"[])`);
  const split = monthConditions(from, to);
  const parts: Prisma.Sql[] = [];
  if (split.months) parts.push(sql`SELECT status, currency, refunds AS n, amount FROM refund_all_shops_month_deltas ${where([...keys, ...split.months])}`);
  if (split.days) parts.push(sql`SELECT status, currency, refunds AS n, amount FROM refund_all_shops_day_deltas ${where([...keys, split.days])}`);
  return sql`(${Prisma.join(parts, ' UNION ALL ')}) log`;
}

/**
 * Whether the updated log (refund_all_shops_updated_deltas: refunds per store day of TikTok's last
 * update, currency and status, summed over shops) answers the status counts: an updated range of
 * whole store days over every shop, with status and currency filters at most. A month of updates at
 * 10M refunds is ~420,000 entries of the updated order's index (141 ms p95); its log, ~30 days of a
 * few currencies and five statuses. Anything else under an updated range counts the rows. The caller
 * checks that the log's days are the store zone's.
 */
export function countableFromUpdatedLog(search: Search, omit: FilterPart[] = []): boolean {
  if (!isFiltered(search, 'updated')) return false;
  // A bound with a time of day cuts a day the log only knows whole.
  if ([search.updatedFrom, search.updatedTo].some((bound) => bound?.includes('T'))) return false;
  return filtersWithin(search, ['status', 'currency', 'updated'], omit, false);
}

/** The updated log a search reads (see countableFromUpdatedLog), with its filters; days are the store's, both ends included. */
export function updatedLogSource(search: Search): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (search.currency) conditions.push(sql`currency = ANY(${search.currency}::text[])`);
  if (search.updatedFrom) conditions.push(sql`day >= ${search.updatedFrom}::date`);
  if (search.updatedTo) conditions.push(sql`day <= ${search.updatedTo}::date`);
  return sql`(SELECT status, currency, refunds AS n, amount FROM refund_all_shops_updated_deltas ${where(conditions)}) log`;
}

/**
 * A range of whole store days (both ends included, either open) as whole months (month-log
 * conditions; null when it holds none) and the days left at its ends (a day-log condition; null
 * when it starts and ends on month boundaries).
 */
function monthConditions(from: string | null, to: string | null): { months: Prisma.Sql[] | null; days: Prisma.Sql | null } {
  const split = splitByMonth(from, to);
  const days = split.days.map((span) => sql`day BETWEEN ${span.from}::date AND ${span.to}::date`);
  if (!split.months) return { months: null, days: days[0]! };
  const months: Prisma.Sql[] = [];
  if (split.months.from !== null) months.push(sql`month >= ${split.months.from}::date`);
  if (split.months.until !== null) months.push(sql`month < ${split.months.until}::date`);
  return { months, days: days.length ? sql`(${Prisma.join(days, ' OR ')})` : null };
}
