import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@/generated/prisma/client';
import { env } from './config';
import { logError } from './log';

/**
 * Every connection pool of the app, in one place, created on first use (so `next build`, which
 * imports pages without a database, and scripts, which set DATABASE_URL after starting the
 * embedded server, both work) and closed together by `disconnectDb`. Kept on globalThis because
 * Next's dev server re-evaluates modules on edits.
 *
 * - `db`: the Prisma client (its own pool of 10), for everything but the measured hot paths.
 * - `sqlPool()`: plain `pg` (10), for the grid's reads and the sync's batch writes (./sql.ts).
 * - `streamPool()`: plain `pg` (4), for COPY streams (CSV exports), which hold a connection for
 *   their whole length and must not starve the grid.
 * - `jobsPool()`: plain `pg` (4), pg-boss's own statements (send, fetch, complete, maintenance),
 *   so a burst of jobs never waits behind the grid or the sync's writes.
 * - `locksPool()`: plain `pg`, one connection per running sync job, holding its shop's advisory
 *   lock for as long as the job runs (./jobs/shop-lock.ts): when a worker dies, PostgreSQL drops
 *   the lock with the connection, which is how the others know the job needs a new home.
 * - not pooled: one connection LISTENs for refund changes once a grid is open
 *   (./live/refund-changes.ts), and a worker LISTENs for new jobs (./jobs/wakeups.ts).
 * 29 connections per process, plus one per running sync job (WORKER_CONCURRENCY); PostgreSQL's
 * default max_connections is 100, so a deployment with many workers raises it (README, "Scaling out").
 */

/** What functions that may run inside a transaction accept. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

interface Holder {
  refundsDb?: PrismaClient;
  refundsSqlPool?: pg.Pool;
  refundsStreamPool?: pg.Pool;
  refundsJobsPool?: pg.Pool;
  refundsLocksPool?: pg.Pool;
}
const holder = globalThis as unknown as Holder;

function createDb(url: string, options: { max?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: options.max ?? 10 }) });
}

function instance(): PrismaClient {
  holder.refundsDb ??= createDb(env.DATABASE_URL);
  return holder.refundsDb;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = instance();
    const value = Reflect.get(client, property, client) as unknown;
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});

function createPool(name: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max, allowExitOnIdle: true });
  // An idle connection closed by the server (restart, failover) is dropped, not fatal.
  pool.on('error', (error) => logError(`${name}.pool_error`, { code: (error as { code?: string }).code }));
  return pool;
}

export function sqlPool(): pg.Pool {
  holder.refundsSqlPool ??= createPool('sql', 10);
  return holder.refundsSqlPool;
}

export function streamPool(): pg.Pool {
  holder.refundsStreamPool ??= createPool('stream', 4);
  return holder.refundsStreamPool;
}

export function jobsPool(): pg.Pool {
  holder.refundsJobsPool ??= createPool('jobs', 4);
  return holder.refundsJobsPool;
}

export function locksPool(): pg.Pool {
  // Bounded by the worker's concurrency in practice (one per running sync job); 64 is WORKER_CONCURRENCY's maximum.
  holder.refundsLocksPool ??= createPool('locks', 64);
  return holder.refundsLocksPool;
}

/**
 * Closes every pool, the live updates' listening connection, and this process's job runtime (its
 * workers are stopped first, their metrics flushed). Scripts and tests call this before exiting.
 */
export async function disconnectDb(): Promise<void> {
  const { stopJobRuntime } = await import('./jobs/runtime');
  await stopJobRuntime();
  const { stopMetrics } = await import('./metrics/counters');
  await stopMetrics();
  const { closeRefundChanges } = await import('./live/refund-changes');
  await closeRefundChanges();
  const { refundsDb, refundsSqlPool, refundsStreamPool, refundsJobsPool, refundsLocksPool } = holder;
  holder.refundsDb = undefined;
  holder.refundsSqlPool = undefined;
  holder.refundsStreamPool = undefined;
  holder.refundsJobsPool = undefined;
  holder.refundsLocksPool = undefined;
  await Promise.all([refundsSqlPool?.end(), refundsStreamPool?.end(), refundsJobsPool?.end(), refundsLocksPool?.end(), refundsDb?.$disconnect()]);
}
