import 'server-only';
import { db } from '@/server/db';

/**
 * Sign-in throttle: 5 failures per submitted email, or 20 per client address, within 15 minutes
 * lock that key for 15 minutes. Keyed on the email as typed, so unknown emails lock exactly like
 * real ones and a lock reveals nothing. A success clears its email's counter, not the address's.
 */

interface Rule {
  max: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const THROTTLE_RULES = {
  email: { max: 5, windowSeconds: 900, lockSeconds: 900 },
  address: { max: 20, windowSeconds: 900, lockSeconds: 900 },
} satisfies Record<string, Rule>;

export interface ThrottleKey {
  key: string;
  rule: Rule;
}

export function throttleKeys(email: string, address: string | null): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ key: `email:${email.trim().toLowerCase()}`, rule: THROTTLE_RULES.email }];
  if (address) keys.push({ key: `ip:${address}`, rule: THROTTLE_RULES.address });
  return keys;
}

/** Seconds until every key is unlocked (0 when none is locked). */
export async function lockedFor(keys: ThrottleKey[]): Promise<number> {
  const rows = await db.$queryRaw<{ seconds: number | null }[]>`
    SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS seconds
      FROM login_throttle WHERE key = ANY(${keys.map((k) => k.key)}) AND locked_until > now()`;
  return rows[0]?.seconds ?? 0;
}

export async function recordFailure(keys: ThrottleKey[]): Promise<void> {
  for (const { key, rule } of keys) {
    // One statement per key: concurrent failures count correctly without a read-modify-write race.
    await db.$executeRaw`
      INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
      VALUES (${key}, 1, now(), CASE WHEN 1 >= ${rule.max} THEN now() + make_interval(secs => ${rule.lockSeconds}) END)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.window_start < now() - make_interval(secs => ${rule.windowSeconds}) THEN 1 ELSE t.failures + 1 END,
        window_start = CASE WHEN t.window_start < now() - make_interval(secs => ${rule.windowSeconds}) THEN now() ELSE t.window_start END,
        locked_until = CASE
          WHEN (CASE WHEN t.window_start < now() - make_interval(secs => ${rule.windowSeconds}) THEN 1 ELSE t.failures + 1 END) >= ${rule.max}
          THEN now() + make_interval(secs => ${rule.lockSeconds}) ELSE t.locked_until END`;
  }
  // Old rows are useless after a day; keep the table small.
  await db.$executeRaw`DELETE FROM login_throttle WHERE coalesce(locked_until, window_start) < now() - interval '1 day'`;
}

export async function recordSuccess(email: string): Promise<void> {
  await db.$executeRaw`DELETE FROM login_throttle WHERE key = ${`email:${email.trim().toLowerCase()}`}`;
}
