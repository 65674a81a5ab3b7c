import 'server-only';
import pg from 'pg';
import type { Prisma } from '@/generated/prisma/client';
import { env } from './config';
import { logError } from './log';

/**
 * The two hot paths, sent with `pg` itself: the grid's reads and the sync's batch writes.
 * Statements are still built with Prisma.sql (every value bound, nothing concatenated); only their
 * execution bypasses Prisma, whose $queryRaw adds ~0.15 ms per statement and ~0.5 ms to decode a
 * 50-row page, a third of a grid query at 1M rows, and whose interactive transactions cost the sync
 * ~4 ms per 50-row page (docs/performance.md). Everything else uses the Prisma client (./db.ts).
 */

export type SqlListener = (text: string, values: unknown[]) => void;

const holder = globalThis as unknown as { refundsSqlPool?: pg.Pool; refundsSqlListener?: SqlListener | null };

function pool(): pg.Pool {
  if (!holder.refundsSqlPool) {
    holder.refundsSqlPool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10, allowExitOnIdle: true });
    // An idle connection closed by the server (restart, failover) is dropped, not fatal.
    holder.refundsSqlPool.on('error', (error) => logError('sql.pool_error', { code: (error as { code?: string }).code }));
  }
  return holder.refundsSqlPool;
}

export async function sqlRows<T extends object>(query: Prisma.Sql): Promise<T[]> {
  holder.refundsSqlListener?.(query.text, query.values);
  return (await pool().query<T>(query.text, query.values as unknown[])).rows;
}

/** A transaction on one pooled connection (see sqlTransaction). */
export interface SqlTx {
  rows<T extends object>(query: Prisma.Sql): Promise<T[]>;
  /** Runs a statement; returns the number of rows it touched. */
  execute(query: Prisma.Sql): Promise<number>;
}

/** Runs `work` inside BEGIN … COMMIT on one connection; any error rolls back and is rethrown. */
export async function sqlTransaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  const tx: SqlTx = {
    rows: async <R extends object>(query: Prisma.Sql) => (await client.query<R>(query.text, query.values as unknown[])).rows,
    execute: async (query: Prisma.Sql) => (await client.query(query.text, query.values as unknown[])).rowCount ?? 0,
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

export async function closeSqlPool(): Promise<void> {
  const current = holder.refundsSqlPool;
  holder.refundsSqlPool = undefined;
  await current?.end();
}
