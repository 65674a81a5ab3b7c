import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { localToInstant } from '@/lib/store-time';
import type { IdTerm, Search } from './search-params';

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

export type FilterPart = 'q' | 'refundId' | 'orderId' | 'account' | 'status' | 'type' | 'flag' | 'created' | 'updated';

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
  if (applies('created') && search.createdFrom) conditions.push(sql`marketplace_created_at >= ${localToInstant(search.createdFrom, timeZone, false)}`);
  if (applies('created') && search.createdTo) conditions.push(sql`marketplace_created_at < ${localToInstant(search.createdTo, timeZone, true)}`);
  if (applies('updated') && search.updatedFrom) conditions.push(sql`marketplace_updated_at >= ${localToInstant(search.updatedFrom, timeZone, false)}`);
  if (applies('updated') && search.updatedTo) conditions.push(sql`marketplace_updated_at < ${localToInstant(search.updatedTo, timeZone, true)}`);
  return conditions;
}

export function where(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
}

/** Whether the only filters are account, status, type and a text keyword (what the count log knows). */
export function countableFromDeltas(search: Search, omit: FilterPart[] = []): boolean {
  const others: FilterPart[] = ['q', 'refundId', 'orderId', 'flag', 'created', 'updated'];
  return others.every((part) => {
    if (omit.includes(part)) return true;
    switch (part) {
      case 'q':
        return !search.q || !isIdKeyword(search.q);
      case 'created':
        return !search.createdFrom && !search.createdTo;
      case 'updated':
        return !search.updatedFrom && !search.updatedTo;
      default:
        return !search[part];
    }
  });
}

/** The same filters on the count log (see countableFromDeltas). */
export function deltaConditions(search: Search, context: FilterContext): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (search.q) conditions.push(keywordCondition(search.q, context.reasonLabels));
  if (search.account) conditions.push(sql`account_id = ANY(${search.account}::int[])`);
  if (search.type) conditions.push(sql`type = ANY(${search.type}::"RefundType"[])`);
  return conditions;
}
