import 'server-only';
import pg from 'pg';
import type { Prisma } from '@/generated/prisma/client';
import { requireDatabaseUrl } from './env';
import { logError } from './log';

/**
 * Raw reads on the grid's hot path, sent with `pg` itself. Statements are still built with
 * Prisma.sql (every value bound, nothing concatenated); only their execution bypasses Prisma, whose
 * $queryRaw adds ~0.15 ms per statement and ~0.5 ms to decode a 50-row page, a third of a grid
 * query at 1M rows (docs/performance.md). Writes and everything else use the Prisma client (./db.ts).
 */

export type SqlListener = (text: string, values: unknown[]) => void;

const holder = globalThis as unknown as { refundsSqlPool?: pg.Pool; refundsSqlListener?: SqlListener | null };

function pool(): pg.Pool {
  if (!holder.refundsSqlPool) {
    holder.refundsSqlPool = new pg.Pool({ connectionString: requireDatabaseUrl(), max: 10, allowExitOnIdle: true });
    // An idle connection closed by the server (restart, failover) is dropped, not fatal.
    holder.refundsSqlPool.on('error', (error) => logError('sql.pool_error', { code: (error as { code?: string }).code }));
  }
  return holder.refundsSqlPool;
}

export async function sqlRows<T extends object>(query: Prisma.Sql): Promise<T[]> {
  holder.refundsSqlListener?.(query.text, query.values);
  return (await pool().query<T>(query.text, query.values as unknown[])).rows;
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
