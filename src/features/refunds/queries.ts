import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import type { RefundStatus, RefundType } from '@/generated/prisma/enums';
import { isStorableText } from '@/lib/safe-text';
import { db } from '@/server/db';
import { sqlRows } from '@/server/sql';
import { REFUND_STATUSES, REFUND_TYPES } from './labels';
import { sortOf, type SortColumn } from './columns';
import type { Search } from './search-params';
import { resolveFilters } from './keyword';
import { countingLog, countingRows, readCountingLog, type CurrencyTotal } from './counting-log';
import { filterConditions, where, type FilterContext } from './sql-filters';
import { rowColumns, toGridRow, type GridRow, type RawRow } from './grid-row';

/**
 * The grid's reads: one page of rows, the exact total, and the count per status under the other
 * filters. Sorting is server-side on an allow-listed column, always tie-broken by id so pages are
 * stable. Next/Previous use keyset cursors (a deep page costs what page 1 costs); a jump to a far
 * page reads from whichever end is nearer.
 */

const sql = Prisma.sql;

export type { GridRow } from './grid-row';

type SortSpec = ReturnType<typeof sortOf>;

function typed(value: string | number, cast: SortSpec['cast']): Prisma.Sql {
  switch (cast) {
    case 'timestamptz':
      return sql`${value}::timestamptz`;
    case 'int':
      return sql`${value}::int`;
    case 'status':
      return sql`${value}::"RefundStatus"`;
    case 'type':
      return sql`${value}::"RefundType"`;
    case 'numeric':
      return sql`${value}::numeric`;
    default:
      return sql`${value}::text`;
  }
}

/** The sort's column (a fixed name from the column registry, never request text). */
const sortColumn = (spec: SortSpec) => Prisma.raw(spec.sql);

function orderBy(spec: SortSpec, direction: 'asc' | 'desc'): Prisma.Sql {
  const dir = direction === 'asc' ? sql`ASC` : sql`DESC`;
  // Rows without a deadline or an amount go last whichever way the column is sorted.
  const nulls = spec.nullable ? sql` NULLS LAST` : Prisma.empty;
  const group = spec.within ? sql`${Prisma.raw(spec.within)} ${dir}${nulls}, ` : Prisma.empty;
  return sql`ORDER BY ${group}${sortColumn(spec)} ${dir}${nulls}, id ${dir}`;
}

/* ---------- Keyset cursors ---------- */

export interface CursorKey {
  sort: SortColumn;
  value: string | number;
  id: number;
}

/** `a.…` continues after this row, `b.…` goes back before it; null for sorts that cannot use one. */
function encodeCursor(direction: 'a' | 'b', row: GridRow, sort: SortColumn): string | null {
  if (sortOf(sort).nullable) return null;
  const value = sortOf(sort).value(row);
  if (value === null) return null;
  return `${direction}.${Buffer.from(JSON.stringify([sort, value, row.id])).toString('base64url')}`;
}

const MAX_ROW_ID = 2 ** 31 - 1;
/** What encodeCursor writes for a date: Date#toISOString, and nothing else (PostgreSQL's own parsing is laxer and can throw). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Our own ids and statuses are short; a longer text value did not come from encodeCursor. */
const MAX_TEXT_VALUE = 200;

/** Whether a cursor's sort value is one encodeCursor could have written for this cast (SQL casts it). */
function validCursorValue(value: unknown, cast: SortSpec['cast']): value is string | number {
  switch (cast) {
    case 'timestamptz':
      // Within years 1970..2199: PostgreSQL refuses year 0, and no refund of ours is older or newer.
      return (
        typeof value === 'string' &&
        ISO_INSTANT.test(value) &&
        Date.parse(value) >= 0 &&
        Date.parse(value) < Date.UTC(2200, 0, 1) &&
        new Date(value).toISOString() === value
      );
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_ROW_ID;
    case 'status':
      return REFUND_STATUSES.includes(value as RefundStatus);
    case 'type':
      return REFUND_TYPES.includes(value as RefundType);
    case 'numeric':
      return typeof value === 'string' && /^-?\d{1,20}(\.\d{1,10})?$/.test(value);
    default:
      return typeof value === 'string' && value.length <= MAX_TEXT_VALUE && isStorableText(value);
  }
}

/**
 * A cursor from the URL, checked value by value before SQL casts anything (a date of "1", an id of
 * 2^40 and U+0000 in a text key all made PostgreSQL throw); anything else is null and the page is
 * read without it.
 */
export function decodeCursor(cursor: string | null, sort: SortColumn): { direction: 'a' | 'b'; key: CursorKey } | null {
  if (!cursor || sortOf(sort).nullable) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor.slice(2), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== sort) return null;
  const [, value, id] = parsed as [unknown, unknown, unknown];
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > MAX_ROW_ID) return null;
  if (!validCursorValue(value, sortOf(sort).cast)) return null;
  return { direction: cursor[0] as 'a' | 'b', key: { sort, value, id } };
}

/* ---------- Counts ---------- */

export type StatusCounts = Record<RefundStatus, number>;

/** Count per status under every filter but the status one (what the status chips show). */
export async function statusCounts(search: Search, timeZone: string): Promise<StatusCounts> {
  return (await countByStatus(search, await resolveFilters(search, timeZone))).counts;
}

async function countByStatus(search: Search, context: FilterContext): Promise<{ counts: StatusCounts; totals: CurrencyTotal[] | null }> {
  const counts = Object.fromEntries(REFUND_STATUSES.map((s) => [s, 0])) as StatusCounts;
  const log = await countingLog(search, context);
  if (log) {
    const read = await readCountingLog(log, search);
    for (const row of read.counts) counts[row.status] = row.count;
    return { counts, totals: read.totals };
  }
  // No log knows these filters: the rows are counted, and summed in the same read.
  const read = await readCountingLog(countingRows(filterConditions(search, context, ['status'])), search, true);
  for (const row of read.counts) counts[row.status] = row.count;
  return { counts, totals: read.totals };
}

function totalFromCounts(counts: StatusCounts, search: Search): number {
  const statuses = search.status ?? REFUND_STATUSES;
  return statuses.reduce((sum, status) => sum + counts[status], 0);
}

/* ---------- Page ---------- */

export interface RefundPage {
  rows: GridRow[];
  total: number;
  counts: StatusCounts;
  /** The money totals of every matching row, when the log that gave the counts gave them too (else the grid loads them after the rows). */
  totals: CurrencyTotal[] | null;
  page: number;
  pageCount: number;
  size: number;
  /** Cursors for Next/Previous (null where the sort cannot use one or there is no such page). */
  nextCursor: string | null;
  previousCursor: string | null;
}

export async function searchRefunds(requested: Search, timeZone: string): Promise<RefundPage> {
  const decoded = decodeCursor(requested.cursor, requested.sort);
  // A cursor that cannot be used (hand-edited, or from another sort) is ignored: the first page.
  const search = requested.cursor && !decoded ? { ...requested, cursor: null, page: 1 } : requested;
  const context = await resolveFilters(search, timeZone);
  const { counts, totals } = await countByStatus(search, context);
  const total = totalFromCounts(counts, search);
  const size = search.size;
  const pageCount = Math.max(1, Math.ceil(total / size));
  const page = Math.min(search.page, pageCount);
  const spec = sortOf(search.sort);
  const conditions = filterConditions(search, context);
  const cursor = page === search.page ? decoded : null;
  const reverse = (dir: 'asc' | 'desc') => (dir === 'asc' ? 'desc' : 'asc');

  let rows: RawRow[];
  if (cursor) {
    // Keyset: rows strictly after (or before) the cursor row in the current order.
    const comparison = (cursor.direction === 'a') === (search.dir === 'desc') ? sql`<` : sql`>`;
    const direction = cursor.direction === 'a' ? search.dir : reverse(search.dir);
    const keyset = sql`(${sortColumn(spec)}, id) ${comparison} (${typed(cursor.key.value, spec.cast)}, ${cursor.key.id}::int)`;
    rows = await sqlRows<RawRow>(sql`SELECT ${rowColumns} FROM refunds ${where([...conditions, keyset])} ${orderBy(spec, direction)} LIMIT ${size}`);
    if (cursor.direction === 'b') rows.reverse();
  } else {
    const offset = (page - 1) * size;
    // Far pages are read from the nearer end, so the last page costs what the first does.
    const fromEnd = offset > total / 2 && !spec.nullable;
    const take = Math.max(0, Math.min(size, total - offset));
    const skip = fromEnd ? Math.max(0, total - offset - take) : offset;
    const direction = fromEnd ? reverse(search.dir) : search.dir;
    const limit = fromEnd ? take : size;
    // Skipped rows are counted on the index alone (a deferred join), not fetched from the table;
    // with nothing to skip the plain form plans faster (planning was ~1 ms of a 2 ms page).
    rows =
      skip === 0
        ? await sqlRows<RawRow>(sql`SELECT ${rowColumns} FROM refunds ${where(conditions)} ${orderBy(spec, direction)} LIMIT ${limit}`)
        : await sqlRows<RawRow>(sql`
          SELECT ${rowColumns} FROM refunds
          WHERE id IN (SELECT id FROM refunds ${where(conditions)} ${orderBy(spec, direction)} LIMIT ${limit} OFFSET ${skip})
          ${orderBy(spec, direction)}`);
    if (fromEnd) rows.reverse();
  }
  const gridRows = rows.map(toGridRow);
  const first = gridRows[0];
  const last = gridRows.at(-1);
  return {
    rows: gridRows,
    total,
    counts,
    totals,
    page,
    pageCount,
    size,
    nextCursor: last && page < pageCount ? encodeCursor('a', last, search.sort) : null,
    previousCursor: first && page > 1 ? encodeCursor('b', first, search.sort) : null,
  };
}

/* ---------- Accounts beside the grid ---------- */

/**
 * A shop as the grid needs it: its name for the rows and the filter, write-back for the actions,
 * and where its sync stands. Sent to the browser with every grid page, for every shop: kept to what
 * is shown (times as epoch milliseconds, the error only for a failed sync). At 500 shops the full
 * rows were ~150 KB of every page's payload.
 */
export interface GridAccount {
  id: number;
  name: string;
  shopId: string | null;
  active: boolean;
  sandbox: boolean;
  writeBack: boolean;
  /** The last successful sync (epoch ms), null when none succeeded yet. */
  syncedAt: number | null;
  /** The last sync, when it failed or finished with errors. */
  failure: { partial: boolean; at: number | null; error: string | null } | null;
}

export async function gridAccounts(): Promise<GridAccount[]> {
  const accounts = await db.shopAccount.findMany({
    select: {
      id: true,
      name: true,
      shopId: true,
      environment: true,
      active: true,
      writeBack: true,
      lastSyncAt: true,
      lastSyncOutcome: true,
      lastSyncError: true,
      lastSuccessfulSyncAt: true,
    },
    orderBy: { id: 'asc' },
  });
  return accounts.map((account) => ({
    id: account.id,
    name: account.name,
    shopId: account.shopId,
    active: account.active,
    sandbox: account.environment === 'Sandbox',
    writeBack: account.writeBack,
    syncedAt: account.lastSuccessfulSyncAt?.getTime() ?? null,
    failure:
      account.lastSyncOutcome === 'Failed' || account.lastSyncOutcome === 'PartiallyFailed'
        ? { partial: account.lastSyncOutcome === 'PartiallyFailed', at: account.lastSyncAt?.getTime() ?? null, error: account.lastSyncError }
        : null,
  }));
}

/** The newest sync run still going, for the Sync Refunds button after a reload. */
export { runningSyncId } from '@/server/sync/runs';
