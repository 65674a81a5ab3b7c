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
export function digitPrefixUpperBound(prefix: string): string | null {
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
    parts.push(upper ? sql`(${column} >= ${term.value} AND ${column} < ${upper} AND ${column} LIKE ${`${term.value}%`})` : sql`${column} LIKE ${`${term.value}%`}`);
  }
  return parts.length === 1 ? parts[0]! : sql`(${Prisma.join(parts, ' OR ')})`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The keyword box: id prefixes when it looks like an id, otherwise the reason (key or text). */
function keywordCondition(q: string): Prisma.Sql {
  if (/^\d{4,32}$/.test(q)) {
    const terms = [{ value: q, prefix: true }];
    return sql`(${idCondition(sql`marketplace_refund_id`, terms)} OR ${idCondition(sql`marketplace_order_id`, terms)})`;
  }
  const pattern = `%${escapeLike(q)}%`;
  return sql`(reason_text ILIKE ${pattern} OR reason ILIKE ${pattern} OR marketplace_status ILIKE ${pattern})`;
}

export type FilterPart = 'q' | 'refundId' | 'orderId' | 'account' | 'status' | 'type' | 'flag' | 'created' | 'updated';

/** WHERE conditions for a search; `omit` leaves one filter out (status counts are shown under the others). */
export function filterConditions(search: Search, timeZone: string, omit: FilterPart[] = []): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  const use = (part: FilterPart) => !omit.includes(part);
  if (use('q') && search.q) conditions.push(keywordCondition(search.q));
  if (use('refundId') && search.refundId) conditions.push(idCondition(sql`marketplace_refund_id`, search.refundId));
  if (use('orderId') && search.orderId) conditions.push(idCondition(sql`marketplace_order_id`, search.orderId));
  if (use('account') && search.account) conditions.push(sql`account_id = ANY(${search.account}::int[])`);
  if (use('status') && search.status) conditions.push(sql`status = ANY(${search.status}::"RefundStatus"[])`);
  if (use('type') && search.type) conditions.push(sql`type = ANY(${search.type}::"RefundType"[])`);
  if (use('flag') && search.flag) {
    for (const flag of search.flag) {
      if (flag === 'needsReview') conditions.push(sql`needs_review`);
      if (flag === 'unmapped') conditions.push(sql`unmapped_status`);
      if (flag === 'manual') conditions.push(sql`status_source <> 'Marketplace'`);
      if (flag === 'awaitingSeller') conditions.push(sql`respond_by > now()`);
    }
  }
  if (use('created') && search.createdFrom) conditions.push(sql`marketplace_created_at >= ${localToInstant(search.createdFrom, timeZone, false)}`);
  if (use('created') && search.createdTo) conditions.push(sql`marketplace_created_at < ${localToInstant(search.createdTo, timeZone, true)}`);
  if (use('updated') && search.updatedFrom) conditions.push(sql`marketplace_updated_at >= ${localToInstant(search.updatedFrom, timeZone, false)}`);
  if (use('updated') && search.updatedTo) conditions.push(sql`marketplace_updated_at < ${localToInstant(search.updatedTo, timeZone, true)}`);
  return conditions;
}

export function where(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
}

/** Whether the only filters are account, status and type (the ones the count deltas know). */
export function countableFromDeltas(search: Search, omit: FilterPart[] = []): boolean {
  const others: FilterPart[] = ['q', 'refundId', 'orderId', 'flag', 'created', 'updated'];
  return others.every((part) => {
    if (omit.includes(part)) return true;
    switch (part) {
      case 'created':
        return !search.createdFrom && !search.createdTo;
      case 'updated':
        return !search.updatedFrom && !search.updatedTo;
      default:
        return !search[part];
    }
  });
}
