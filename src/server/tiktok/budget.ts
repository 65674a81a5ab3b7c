import 'server-only';
import { sqlPool } from '@/server/db';
import type { RequestBudget } from './http';

/**
 * The per-shop TikTok request budget every process shares. TikTok counts requests per app and shop
 * (50 per second per API, doc 7.3), whichever machine sends them, so the count lives in PostgreSQL:
 * `tiktok_budget_take(key, limit)` (migration sync_jobs) grants a request when the shop's current
 * second has room and otherwise says how long to wait. A Retry-After TikTok sends for a shop blocks
 * that shop for every process until it has passed. One round trip (~0.2 ms) per request; a sync
 * page takes tens of milliseconds.
 */
export function databaseBudget(perSecond: number): RequestBudget {
  return {
    async take(key: string) {
      for (;;) {
        const { rows } = await sqlPool().query<{ wait: number }>('SELECT tiktok_budget_take($1, $2) AS wait', [key, perSecond]);
        const wait = rows[0]?.wait ?? 0;
        if (wait <= 0) return;
        await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait * 1000)));
      }
    },
    async block(key: string, ms: number) {
      await sqlPool().query(
        `INSERT INTO tiktok_budget_blocks AS b (key, blocked_until) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
         ON CONFLICT (key) DO UPDATE SET blocked_until = GREATEST(b.blocked_until, EXCLUDED.blocked_until)`,
        [key, ms],
      );
    },
  };
}

/** Forgets windows and blocks in the past (the supervisor calls this every few seconds). */
export async function pruneBudget(): Promise<void> {
  await sqlPool().query(`DELETE FROM tiktok_budget_windows WHERE window_start < clock_timestamp() - interval '1 minute'`);
  await sqlPool().query(`DELETE FROM tiktok_budget_blocks WHERE blocked_until < clock_timestamp() - interval '1 minute'`);
}
