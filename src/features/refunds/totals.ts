import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { sqlRows } from '@/server/sql';
import { resolveFilters } from './keyword';
import type { Search } from './search-params';
import { filterConditions, where } from './sql-filters';

/** Refunds and their total amount in one currency (null: rows TikTok sent without an amount). */
export interface CurrencyTotal {
  currency: string | null;
  count: number;
  /** Exact decimal sum, as PostgreSQL numeric writes it; null when no row of this currency has an amount. */
  amount: string | null;
}

/**
 * The money of the filtered set, every page of it: count and sum per currency, summed by
 * PostgreSQL's numeric (exact) and never across currencies. Unfiltered at 1,000,000 rows this is an
 * index-only scan of refunds_currency_amount_idx; the grid loads it after the rows, so a slow
 * filter never holds the page.
 */
export async function refundTotals(search: Search, timeZone: string): Promise<CurrencyTotal[]> {
  const context = await resolveFilters(search, timeZone);
  const rows = await sqlRows<{ currency: string | null; count: string; amount: string | null }>(Prisma.sql`
    SELECT currency, count(*)::bigint AS count, sum(refund_amount)::text AS amount
      FROM refunds ${where(filterConditions(search, context))}
     GROUP BY currency ORDER BY currency NULLS LAST`);
  return rows.map((row) => ({ currency: row.currency, count: Number(row.count), amount: row.amount }));
}
