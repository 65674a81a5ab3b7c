import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import type { RefundStatus } from '@/generated/prisma/enums';
import { sqlRows } from '@/server/sql';
import type { Search } from './search-params';
import {
  countableFromDayRollup,
  countableFromDeltas,
  countableFromUpdatedLog,
  countLogTable,
  dayRollupSource,
  deltaConditions,
  hasCreatedRange,
  updatedLogSource,
  where,
  type FilterContext,
} from './sql-filters';

const sql = Prisma.sql;

/** Refunds and their total amount in one currency (null: rows TikTok sent without an amount). */
export interface CurrencyTotal {
  currency: string | null;
  count: number;
  /** Exact decimal sum, as PostgreSQL numeric writes it; null when no row of this currency has an amount. */
  amount: string | null;
}

/** A log that answers a search instead of the rows: a FROM item with the search's filters applied, giving status, currency, n (refunds) and amount. */
type CountingLog = Prisma.Sql;

/** Whether the day rollup's days are the store's (they are rebuilt at start after a zone change; until then, rows are counted). */
async function rollupInZone(timeZone: string): Promise<boolean> {
  const rows = await sqlRows<{ ok: boolean }>(sql`SELECT time_zone = ${timeZone} AS ok FROM analytics_rollup_state WHERE id = 1`);
  return rows[0]?.ok === true;
}

/**
 * The log that can answer the status counts and money totals of a search, or null when only the
 * rows can: the count log (status, shop, type, currency and keyword filters, no date range), else
 * the day log (status, shop, currency, reason and reason group, and over every shop type and text
 * keyword, with a created range or none; its days must be the store's when a range is given:
 * without one every day is summed, so the zone changes nothing), else the updated log (an updated
 * range of whole days over every shop, with status and currency filters; its days the store's).
 * The count and day logs are read summed over shops unless shops are picked (sql-filters.ts).
 */
export async function countingLog(search: Search, context: FilterContext): Promise<CountingLog | null> {
  if (countableFromDeltas(search, ['status']))
    return sql`(SELECT status, currency, delta AS n, amount FROM ${countLogTable(search)} ${where(deltaConditions(search, context))}) log`;
  if (countableFromDayRollup(search, ['status']) && (!hasCreatedRange(search) || (await rollupInZone(context.timeZone))))
    return dayRollupSource(search, context);
  if (countableFromUpdatedLog(search, ['status']) && (await rollupInZone(context.timeZone))) return updatedLogSource(search);
  return null;
}

/**
 * One read of a log for both: the count per status under every filter but the status one (the
 * status chips), and the count and exact sum per currency under all of them (the money totals),
 * with GROUPING SETS. Totals are null when a currency's logged sum is zero: the logs add a missing
 * amount as 0, so they cannot tell a currency whose rows all lack an amount (the rows' sum is NULL,
 * shown "no amount") from one summing to zero; the rows then answer. A missing currency is logged
 * as '' (TikTok's is never empty: the API schema requires one character), read back as NULL.
 */
export async function readCountingLog(
  log: CountingLog,
  search: Search,
  /** The rows themselves (countingRows): their sums are the truth, a zero or a missing amount included. */
  exact = false,
): Promise<{ counts: { status: RefundStatus; count: number }[]; totals: CurrencyTotal[] | null }> {
  const picked = search.status ? sql`status = ANY(${search.status}::"RefundStatus"[])` : sql`true`;
  const rows = await sqlRows<{
    per_currency: boolean;
    status: RefundStatus | null;
    currency: string | null;
    count: string;
    picked: string | null;
    amount: string | null;
  }>(sql`
    SELECT GROUPING(currency) = 0 AS per_currency, status, NULLIF(currency, '') AS currency,
           sum(n)::bigint AS count,
           (sum(n) FILTER (WHERE ${picked}))::bigint AS picked,
           (sum(amount) FILTER (WHERE ${picked}))::text AS amount
      FROM ${log}
     GROUP BY GROUPING SETS ((status), (currency))
     ORDER BY 1, 3 NULLS LAST`);
  const counts = rows.filter((row) => !row.per_currency).map((row) => ({ status: row.status!, count: Number(row.count) }));
  const totals = rows
    .filter((row) => row.per_currency && row.picked !== null && Number(row.picked) !== 0)
    .map((row) => ({ currency: row.currency, count: Number(row.picked), amount: row.amount }));
  return { counts, totals: exact || totals.every((total) => Number(total.amount) !== 0) ? totals : null };
}

/**
 * The rows of a search that no log answers, in the shape of a log (one row each): read once by
 * readCountingLog for the status counts and the money totals together. The grid summed them in a
 * second request after the page, reading the same rows again (an updated range of a month at 1M:
 * 42,000 index entries for the counts, then for the totals); the counts already held the page for
 * that read, so the sums ride along. The filters' indexes carry the currency and the amount where
 * the counts read an index alone (the updated order, the flags).
 */
export function countingRows(conditions: Prisma.Sql[]): CountingLog {
  return sql`(SELECT status, currency, 1 AS n, refund_amount AS amount FROM refunds ${where(conditions)}) log`;
}
