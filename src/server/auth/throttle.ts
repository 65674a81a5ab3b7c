import 'server-only';
import { db } from '@/server/db';

/**
 * Sign-in throttling, with no lock anyone can put on someone else (README, "Sign-in throttling"):
 *
 * - Per email and client address: the first 5 failures cost nothing; from the 5th on, that
 *   address must wait before trying that email again, 30 s doubling with each failure up to
 *   15 minutes. Nothing else waits: the same email from any other address (its owner's desk) is
 *   untouched, so five wrong passwords from anywhere no longer lock an account. A failure series
 *   is forgotten a day after it last grew; a success clears it.
 * - Per client address: 20 failures within 15 minutes, whatever the emails, block that address for
 *   15 minutes (password spraying from one place).
 *
 * The client address is the socket's unless TRUSTED_PROXIES says otherwise (./client-address.ts),
 * so it cannot be spoofed with a header. Keyed on the email as typed, so unknown emails are
 * throttled exactly like real ones and a wait reveals nothing.
 */

export const THROTTLE_POLICY = {
  pair: { freeFailures: 5, firstDelaySeconds: 30, maxDelaySeconds: 900, forgetAfterSeconds: 86_400 },
  address: { max: 20, windowSeconds: 900, lockSeconds: 900 },
} as const;

export interface ThrottleKeys {
  /** email + address ("unknown" when the panel cannot tell the address). */
  pair: string;
  address: string | null;
}

export function throttleKeys(email: string, address: string | null): ThrottleKeys {
  const normalized = email.trim().toLowerCase();
  return { pair: `pair:${normalized}|${address ?? 'unknown'}`, address: address ? `ip:${address}` : null };
}

const keyList = (keys: ThrottleKeys) => [keys.pair, ...(keys.address ? [keys.address] : [])];

/** Seconds until this email may be tried from this address again (0: now). */
export async function lockedFor(keys: ThrottleKeys): Promise<number> {
  const rows = await db.$queryRaw<{ seconds: number | null }[]>`
    SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS seconds
      FROM login_throttle WHERE key = ANY(${keyList(keys)}) AND locked_until > now()`;
  return rows[0]?.seconds ?? 0;
}

export async function recordFailure(keys: ThrottleKeys): Promise<void> {
  const { pair, address } = THROTTLE_POLICY;
  // One statement per key: concurrent failures count correctly without a read-modify-write race.
  // The wait after failure n (n >= 5) is 30 s * 2^(n-5), at most 15 min.
  await db.$executeRaw`
    INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
    VALUES (${keys.pair}, 1, now(), NULL)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN coalesce(t.locked_until, t.window_start) < now() - make_interval(secs => ${pair.forgetAfterSeconds}) THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN coalesce(t.locked_until, t.window_start) < now() - make_interval(secs => ${pair.forgetAfterSeconds}) THEN now() ELSE t.window_start END`;
  await db.$executeRaw`
    UPDATE login_throttle SET locked_until = now() + make_interval(secs => least(${pair.maxDelaySeconds}::float8,
      ${pair.firstDelaySeconds}::float8 * power(2, least(failures - ${pair.freeFailures}, 20))))
    WHERE key = ${keys.pair} AND failures >= ${pair.freeFailures}`;
  if (keys.address) {
    await db.$executeRaw`
      INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
      VALUES (${keys.address}, 1, now(), NULL)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.window_start < now() - make_interval(secs => ${address.windowSeconds}) THEN 1 ELSE t.failures + 1 END,
        window_start = CASE WHEN t.window_start < now() - make_interval(secs => ${address.windowSeconds}) THEN now() ELSE t.window_start END,
        locked_until = CASE
          WHEN (CASE WHEN t.window_start < now() - make_interval(secs => ${address.windowSeconds}) THEN 1 ELSE t.failures + 1 END) >= ${address.max}
          THEN now() + make_interval(secs => ${address.lockSeconds}) ELSE t.locked_until END`;
  }
  // Old rows are useless after a day; keep the table small.
  await db.$executeRaw`DELETE FROM login_throttle WHERE coalesce(locked_until, window_start) < now() - interval '1 day'`;
}

/** A success forgets its own series (email + this address); the address's spraying count stays. */
export async function recordSuccess(keys: ThrottleKeys): Promise<void> {
  await db.$executeRaw`DELETE FROM login_throttle WHERE key = ${keys.pair}`;
}
