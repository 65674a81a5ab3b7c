import 'server-only';
import type { Prisma, Refund, RefundEvent, ShopAccount } from '@/generated/prisma/client';
import { Prisma as PrismaRuntime } from '@/generated/prisma/client';
import { sqlPool } from './db';

/**
 * The two hot paths, sent with `pg` itself: the grid's reads and the sync's batch writes.
 * Statements are still built with Prisma.sql (every value bound, nothing concatenated); only their
 * execution bypasses Prisma, whose $queryRaw adds ~0.15 ms per statement and ~0.5 ms to decode a
 * 50-row page, a third of a grid query at 1M rows, and whose interactive transactions cost the sync
 * ~4 ms per 50-row page (docs/performance.md). Everything else uses the Prisma client (./db.ts).
 *
 * Row types are not written by hand: `selectFields('Refund', [...])` selects columns under their
 * Prisma field names, and `SqlRow<'Refund', ...>` types them from the generated Prisma model, as
 * pg decodes them (numeric and bigint as strings, timestamptz as Date, jsonb parsed).
 */

interface Models {
  Refund: Refund;
  RefundEvent: RefundEvent;
  ShopAccount: ShopAccount;
}
export type ModelName = keyof Models;

/** What pg's default parsers return for a Prisma field type. */
type PgValue<T> = T extends PrismaRuntime.Decimal ? string : T extends bigint ? string : T;

export type SqlRow<M extends ModelName, K extends keyof Models[M]> = { [P in K]: PgValue<Models[M][P]> };

/** A field's column: the schema maps every camelCase field to its snake_case column (a unit test checks the schema keeps to it). */
export function columnName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `column AS "field", …` for a raw SELECT whose rows are SqlRow<M, K>. */
export function selectFields<M extends ModelName>(_model: M, fields: readonly (keyof Models[M] & string)[], table?: string): Prisma.Sql {
  const prefix = table ? `${table}.` : '';
  return PrismaRuntime.raw(
    fields.map((field) => (columnName(field) === field ? `${prefix}${field}` : `${prefix}${columnName(field)} AS "${field}"`)).join(', '),
  );
}

export type SqlListener = (text: string, values: unknown[]) => void;

const holder = globalThis as unknown as { refundsSqlListener?: SqlListener | null };

export async function sqlRows<T extends object>(query: Prisma.Sql): Promise<T[]> {
  holder.refundsSqlListener?.(query.text, query.values);
  return (await sqlPool().query<T>(query.text, query.values)).rows;
}

/** A transaction on one pooled connection (see sqlTransaction). */
export interface SqlTx {
  rows<T extends object>(query: Prisma.Sql): Promise<T[]>;
  /** Runs a statement; returns the number of rows it touched. */
  execute(query: Prisma.Sql): Promise<number>;
  /** The same connection as pg-boss addresses one (its `db` option), so jobs are sent and completed inside this transaction. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Runs `work` inside BEGIN … COMMIT on one connection; any error rolls back and is rethrown. */
export async function sqlTransaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
  const client = await sqlPool().connect();
  const tx: SqlTx = {
    rows: async <R extends object>(query: Prisma.Sql) => (await client.query<R>(query.text, query.values)).rows,
    execute: async (query: Prisma.Sql) => (await client.query(query.text, query.values)).rowCount ?? 0,
    executeSql: async (text: string, values?: unknown[]) => ({ rows: (await client.query<Record<string, unknown>>(text, values)).rows }),
  };
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(tx);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw error;
  } finally {
    // A connection that could not even roll back is discarded rather than returned to the pool.
    client.release(broken);
  }
}

/** Sees every statement sqlRows sends (the benchmark replays them as its floor); null stops. */
export function observeSql(listener: SqlListener | null): void {
  holder.refundsSqlListener = listener;
}
