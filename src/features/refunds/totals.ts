import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { sqlRows } from '@/server/sql';
import { resolveFilters } from './keyword';
import { dayRollupAnswers } from './queries';
import type { Search } from './search-params';
import { dayRollupConditions, dayRollupTable, filterConditions, where } from './sql-filters';

const sql = Prisma.sql;

/** Refunds and their total amount in one currency (null: rows TikTok sent without an amount). */
export interface CurrencyTotal {
  currency: string | null;
  count: number;
  /** Exact decimal sum, as PostgreSQL numeric writes it; null when no row of this currency has an amount. */
  amount: string | null;
}

type TotalRow = { currency: string | null; count: string; amount: string | null };

/**
 * The money of the filtered set, every page of it: count and sum per currency, summed by
 * PostgreSQL's numeric (exact) and never across currencies. The grid loads it after the rows, so a
 * slow filter never holds the page.
 *
 * Where the status counts come from the day log (no filter but status, shop, currency, reason or
 * reason group, with or without a created range), so do the totals: the log carries each day's
 * count and amount per shop, currency, status and reason, kept exact by triggers. Summed from the
 * rows, the unfiltered totals read every row: ~100 ms at 1M refunds, 1-2 s at 10M, on every filter
 * change of every user; from the log over shops they cost what the status counts do (~20 ms).
 *
 * The log cannot tell a currency whose rows all came without an amount (the rows' sum is NULL,
 * shown "no amount") from one whose amounts sum to zero (it adds COALESCE(amount, 0)): when a
 * currency's logged sum is zero, the rows answer. It keeps a missing currency as '' (TikTok's
 * currency is never empty: the API schema requires one character), read back as NULL.
 */
export async function refundTotals(search: Search, timeZone: string): Promise<CurrencyTotal[]> {
  const context = await resolveFilters(search, timeZone);
  if (await dayRollupAnswers(search, timeZone)) {
    const statuses = search.status ? [sql`status = ANY(${search.status}::"RefundStatus"[])`] : [];
    const logged = await sqlRows<TotalRow>(sql`
      SELECT NULLIF(currency, '') AS currency, sum(refunds)::bigint AS count, sum(amount)::text AS amount
        FROM ${dayRollupTable(search)} ${where([...dayRollupConditions(search), ...statuses])}
       GROUP BY 1 HAVING sum(refunds) <> 0 ORDER BY 1 NULLS LAST`);
    if (logged.every((row) => Number(row.amount) !== 0)) return logged.map(toTotal);
  }
  const rows = await sqlRows<TotalRow>(sql`
    SELECT currency, count(*)::bigint AS count, sum(refund_amount)::text AS amount
      FROM refunds ${where(filterConditions(search, context))}
     GROUP BY currency ORDER BY currency NULLS LAST`);
  return rows.map(toTotal);
}

const toTotal = (row: TotalRow): CurrencyTotal => ({ currency: row.currency, count: Number(row.count), amount: row.amount });
