import 'server-only';
import type pg from 'pg';
import { locksPool } from '@/server/db';

/**
 * A shop's lock, held by the job that syncs it for as long as the job runs: a PostgreSQL advisory
 * lock on a connection of its own. pg-boss's singleton policy already keeps two jobs of one shop
 * from being active at once; the lock adds what pg-boss cannot know, that the worker holding the
 * job is alive. When a worker dies (a crash, SIGKILL, a lost machine), its connections close and
 * PostgreSQL releases the lock at once, so the supervisor (./reaper.ts) can see an active job
 * whose lock nobody holds and hand it to another worker, instead of waiting for the job to expire.
 */

/** The advisory lock class (first key) of shop locks; the second key is the account id. */
export const SHOP_LOCK_CLASS = 7_412_100;

export interface ShopLock {
  release(): Promise<void>;
}

/** Takes the shop's lock, or returns null when another live job holds it. */
export async function lockShop(accountId: number): Promise<ShopLock | null> {
  const client: pg.PoolClient = await locksPool().connect();
  let taken = false;
  try {
    const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS taken', [SHOP_LOCK_CLASS, accountId]);
    taken = rows[0]?.taken === true;
  } finally {
    if (!taken) client.release();
  }
  if (!taken) return null;
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      try {
        await client.query('SELECT pg_advisory_unlock($1, $2)', [SHOP_LOCK_CLASS, accountId]);
        client.release();
      } catch {
        // A connection that cannot unlock is discarded: closing it releases the lock anyway.
        client.release(true);
      }
    },
  };
}
