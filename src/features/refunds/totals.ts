import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { sqlRows } from '@/server/sql';
import { countingLog, readCountingLog, type CurrencyTotal } from './counting-log';
import { resolveFilters } from './keyword';
import type { Search } from './search-params';
import { filterConditions, where } from './sql-filters';

export type { CurrencyTotal } from './counting-log';

const sql = Prisma.sql;

/**
 * The money of the filtered set, every page of it: count and sum per currency, summed by
 * PostgreSQL's numeric (exact) and never across currencies.
 *
 * They come from where the status counts come from (counting-log.ts): the count log or the day
 * log, which carry a count and an amount per key, kept exact by triggers, or the rows when no log
 * knows the filters. The grid page carries them already (read with its counts); this serves the
 * reload after a refund changed, and a log's zero that may be missing amounts (then the rows are
 * summed here). Summed from the rows, the unfiltered totals read every refund: ~100 ms at 1M,
 * 1-2 s at 10M, on every filter change of every user; from the count log over shops, a few
 * hundred rows.
 */
export async function refundTotals(search: Search, timeZone: string): Promise<CurrencyTotal[]> {
  const context = await resolveFilters(search, timeZone);
  const log = await countingLog(search, context);
  const logged = log ? (await readCountingLog(log, search)).totals : null;
  if (logged) return logged;
  const rows = await sqlRows<{ currency: string | null; count: string; amount: string | null }>(sql`
    SELECT currency, count(*)::bigint AS count, sum(refund_amount)::text AS amount
      FROM refunds ${where(filterConditions(search, context))}
     GROUP BY currency ORDER BY currency NULLS LAST`);
  return rows.map((row) => ({ currency: row.currency, count: Number(row.count), amount: row.amount }));
}
