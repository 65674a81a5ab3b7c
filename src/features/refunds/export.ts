import 'server-only';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { Prisma } from '@/generated/prisma/client';
import { streamPool } from '@/server/db';
import { localDate } from '@/lib/store-time';
import { THREE_DECIMAL_CURRENCIES, ZERO_DECIMAL_CURRENCIES } from '@/lib/money';
import { columnById, COLUMN_IDS, DEFAULT_HIDDEN, REFUND_COLUMNS, sortOf, type ColumnId, type ExportKey, type RegistryColumn } from './columns';
import { exportLinesQuery } from './export-lines';
import type { Search } from './search-params';
import { resolveFilters } from './keyword';
import { filterConditions, where, type FilterContext } from './sql-filters';

/**
 * CSV export of every row matching the grid's filters and sort (not just the page), streamed from
 * PostgreSQL's own COPY … TO STDOUT (FORMAT csv), so a million rows neither time out nor sit in
 * memory: the server formats (~3x faster than csv-stringify over a cursor, docs/performance.md)
 * and Node only passes its socket-sized chunks (~64 KB) on.
 * Dates are formatted by PostgreSQL in the store's zone with their offset (2026-11-20T14:30:00+01:00).
 */

const sql = Prisma.sql;

type ExportColumn = RegistryColumn['export'][number];
type CsvKey = ExportKey | 'currency';

/** The currency of every amount in a row: one column, after the first amount. */
const CURRENCY: ExportColumn = { key: 'currency', header: 'Currency', sql: 'r.currency' };

/** Every CSV column keyed by its export key. */
const EXPORT_COLUMNS = new Map<CsvKey, ExportColumn>([
  ...REFUND_COLUMNS.flatMap((column) => column.export.map((exported) => [exported.key, exported] as const)),
  ['currency', CURRENCY],
]);

/** Ids a reconciliation needs in every file, shown or not (first, when the grid hides them). */
const ALWAYS: readonly ColumnId[] = ['refundId', 'orderId'];

/**
 * Grid column ids, in the order the user arranged them → CSV columns: the visible ones, the ids
 * always, and the Currency column right after the first amount (amounts never stand without it).
 * Unknown or repeated ids are ignored. `null` (the command line's default) is the grid's default layout.
 */
export function exportColumnsFor(visible: string[] | null): CsvKey[] {
  const shown = [...new Set(visible ?? COLUMN_IDS.filter((id) => !DEFAULT_HIDDEN.includes(id)))].filter((id) => columnById(id));
  const ids = [...ALWAYS.filter((id) => !shown.includes(id)), ...shown];
  const keys: CsvKey[] = [];
  for (const id of ids) {
    for (const exported of columnById(id)!.export) {
      keys.push(exported.key as ExportKey);
      if (exported.money && !keys.includes('currency')) keys.push('currency');
    }
  }
  return keys;
}

const q = (code: string) => `'${code}'`;
/** Decimal places of `r.currency`, from the same lists as src/lib/money.ts (digitsOf). */
const DIGITS = `CASE WHEN r.currency IN (${ZERO_DECIMAL_CURRENCIES.map(q).join(', ')}) THEN 0 WHEN r.currency IN (${THREE_DECIMAL_CURRENCIES.map(q).join(', ')}) THEN 3 ELSE 2 END`;

/**
 * A numeric amount as text with its currency's minor units (365.09, 1500 for VND, 1.250 for KWD),
 * never hiding a digit TikTok wrote beyond them (trim_scale then).
 */
function moneyText(expression: string): string {
  return `CASE WHEN (${expression}) IS NULL THEN NULL WHEN round((${expression}), ${DIGITS}) = (${expression}) THEN round((${expression}), ${DIGITS})::text ELSE trim_scale(${expression})::text END`;
}

/** Filters use bare column names; prefixing them with the table alias keeps them unambiguous in the join. */
function exportQuery(search: Search, context: FilterContext, columns: CsvKey[]): Prisma.Sql {
  const dir = search.dir === 'asc' ? sql`ASC` : sql`DESC`;
  // Headers are fixed strings of ours (no quote in them), so they can be column aliases that
  // COPY … HEADER writes as the first line.
  const select = Prisma.join(
    columns.map((key) => {
      const column = EXPORT_COLUMNS.get(key)!;
      // Registry SQL and headers are fixed text of ours, never request input.
      const expression = Prisma.raw(column.money ? moneyText(column.sql) : column.sql);
      return sql`${column.freeText ? neutralizedSql(expression) : expression} AS "${Prisma.raw(column.header)}"`;
    }),
  );
  const spec = sortOf(search.sort);
  // The grid's order (queries.ts orderBy): amounts within their currency.
  const group = spec.within ? sql`r.${Prisma.raw(spec.within)} ${dir} NULLS LAST, ` : Prisma.empty;
  return sql`SELECT ${select} FROM (SELECT * FROM refunds ${where(filterConditions(search, context))}) r JOIN shop_accounts a ON a.id = r.account_id
    ORDER BY ${group}r.${Prisma.raw(spec.sql)} ${dir} NULLS LAST, r.id ${dir}`;
}

export function exportFileName(
  search: Search,
  accountNames: Map<number, string>,
  timeZone: string,
  now = new Date(),
  shape: ExportShape['kind'] = 'refunds',
): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40);
  const accounts = search.account ? search.account.map((id) => slug(accountNames.get(id) ?? `account-${id}`)).join('+') : 'all-accounts';
  const range =
    search.createdFrom || search.createdTo
      ? `created-${search.createdFrom?.slice(0, 10) ?? 'start'}_to_${search.createdTo?.slice(0, 10) ?? 'now'}`
      : 'all-dates';
  const stamp = `${localDate(now, timeZone)}T${new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now).replace(':', '')}`;
  return `${shape === 'lines' ? 'refund-lines' : 'refunds'}_${accounts}_${range}_generated-${stamp}-${slug(timeZone)}.csv`;
}

/**
 * A spreadsheet runs a cell starting with = + - @ (or a tab / CR before one) as a formula (OWASP
 * "CSV injection"); a leading apostrophe makes it plain text and is not shown. Applied in the
 * SELECT, since PostgreSQL writes the CSV.
 */
function neutralizedSql(expression: Prisma.Sql): Prisma.Sql {
  return sql`CASE WHEN ${expression} ~ '^[=+@\t\r-]' THEN '''' || ${expression} ELSE ${expression} END`;
}

/** A filter value as text: filters bind strings, numbers and dates (and arrays of them), nothing else. */
function scalarText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new Error(`export: a ${typeof value} value in a filter`);
}

/** A bound value as an SQL literal: NULL, a number, or a quoted string (arrays as array literals). */
function sqlLiteral(client: pg.PoolClient, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('export: a non-finite number in a filter');
    // Parenthesised so that a negative number after a minus never reads as a comment (--).
    return `(${value})`;
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) {
    const element = (item: unknown) => (item === null || item === undefined ? 'NULL' : `"${scalarText(item).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
    return client.escapeLiteral(`{${value.map(element).join(',')}}`);
  }
  return client.escapeLiteral(scalarText(value));
}

/**
 * A CSV stream of the search. `onDone` gets the row count when the last row was written, or an
 * error when the stream failed or the client went away.
 */
/** The two files: a row per refund with the chosen columns, or a row per refunded SKU (./export-lines.ts). */
export type ExportShape = { kind: 'refunds'; columns: CsvKey[] } | { kind: 'lines' };

export async function exportCsv(
  search: Search,
  timeZone: string,
  shape: ExportShape,
  onDone?: (result: { rows: number } | { error: unknown }) => void,
): Promise<Readable> {
  const context = await resolveFilters(search, timeZone);
  const client = await streamPool().connect();
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.release(error);
  };
  try {
    // TimeZone for this session only, so to_char writes local times with their offset.
    await client.query('SELECT set_config($1, $2, false)', ['TimeZone', timeZone]);
    // COPY takes no bind parameters: each value becomes a literal quoted by pg's escapeLiteral
    // (libpq's rules), untyped like a parameter, so the statement means exactly what it did bound.
    const query = shape.kind === 'lines' ? exportLinesQuery(search, context) : exportQuery(search, context, shape.columns);
    const statement = query.text.replace(/\$(\d+)/g, (_, n: string) => sqlLiteral(client, query.values[Number(n) - 1]));
    const copy = client.query(copyTo(`COPY (${statement}) TO STDOUT WITH (FORMAT csv, HEADER true)`));
    const output = new PassThrough();
    // A byte-order mark first, so that Excel reads the file as UTF-8.
    output.write('\uFEFF');
    const finish = (error?: unknown) => {
      // A connection whose stream was cut is destroyed rather than returned mid-COPY or with a session TimeZone set.
      release(error instanceof Error ? error : error ? new Error('export aborted') : undefined);
      onDone?.(error ? { error } : { rows: copy.rowCount });
    };
    // pipeline destroys both stages when one fails or the client goes away (output destroyed).
    pipeline(copy, output, (error) => {
      if (error) finish(error);
      else
        void client.query('RESET TimeZone').then(
          () => finish(),
          (failure: unknown) => finish(failure),
        );
    });
    return output;
  } catch (error) {
    release(error as Error);
    throw error;
  }
}
