import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';
import { env } from './config';
import { closeSqlPool } from './sql';

export type Db = PrismaClient;
/** What functions that may run inside a transaction accept. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function createDb(url: string, options: { max?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: options.max ?? 10 }) });
}

/**
 * The one Prisma client of the app, created on first use so that `next build` (which imports
 * pages without a database) and scripts (which set DATABASE_URL after starting the embedded
 * server) both work. Kept on globalThis because Next's dev server re-evaluates modules on edits.
 */
const holder = globalThis as unknown as { refundsDb?: PrismaClient };

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

/** Closes the pools, Prisma's and the raw reads' (scripts and tests call this before exiting). */
export async function disconnectDb(): Promise<void> {
  await closeSqlPool();
  if (holder.refundsDb) {
    await holder.refundsDb.$disconnect();
    holder.refundsDb = undefined;
  }
}
