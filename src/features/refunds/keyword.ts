import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { sqlRows } from '@/server/sql';
import type { Search } from './search-params';
import { escapeLike, isIdKeyword, type FilterContext } from './sql-filters';

/** More labels than TikTok has reasons (~60 per language): a keyword of one letter stays bounded. */
const MAX_LABELS = 500;

/**
 * The distinct reason labels containing the keyword. A loose index scan walks the reason_label
 * index one distinct value at a time (one probe per label, ~40 at 1M rows: under a millisecond),
 * instead of testing ILIKE on every row.
 */
async function matchReasonLabels(q: string): Promise<string[]> {
  const rows = await sqlRows<{ label: string }>(Prisma.sql`
    WITH RECURSIVE labels(label) AS (
      (SELECT reason_label FROM refunds WHERE reason_label IS NOT NULL ORDER BY reason_label LIMIT 1)
      UNION ALL
      SELECT (SELECT r.reason_label FROM refunds r WHERE r.reason_label > labels.label ORDER BY r.reason_label LIMIT 1)
        FROM labels WHERE labels.label IS NOT NULL
    )
    SELECT label FROM labels WHERE label ILIKE ${`%${escapeLike(q)}%`} LIMIT ${MAX_LABELS}`);
  return rows.map((row) => row.label);
}

/** Everything filterConditions needs for this search. */
export async function resolveFilters(search: Search, timeZone: string): Promise<FilterContext> {
  const reasonLabels = search.q && !isIdKeyword(search.q) ? await matchReasonLabels(search.q) : null;
  return { timeZone, reasonLabels };
}
