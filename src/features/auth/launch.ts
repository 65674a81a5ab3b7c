import 'server-only';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { isStorableText } from '@/lib/safe-text';
import { audit } from '@/server/audit';
import { auth } from '@/server/auth/auth';
import { CLIENT_ADDRESS_HEADER } from '@/server/auth/client-address';
import { env } from '@/server/config';
import { db } from '@/server/db';
import { safeNextPath } from './schemas';

/**
 * Signed launch links: single sign-on from a store's admin (README, "Embedding in a store admin").
 * The store's backend signs, with EMBED_LAUNCH_SECRET, the canonical string
 *
 *     v1\n<email>\n<timestamp>\n<nonce>\n<target>
 *
 * (HMAC-SHA256, lowercase hex) and opens `<APP_URL>/embed/launch?email=…&ts=…&nonce=…&target=…&sig=…`
 * in its frame. The panel accepts a link within LAUNCH_WINDOW_SECONDS of its timestamp, once (its
 * nonce is stored until the link expires), compares signatures in constant time under the current
 * and the previous secret (rotation), signs in that active user and opens the target, a path on
 * the panel only (the sign-in page's own rule). Unknown or deactivated users are refused, unless
 * EMBED_LAUNCH_NEW_USERS=viewer, which creates an unknown email as a viewer.
 */

const LAUNCH_WINDOW_SECONDS = 60;

interface LaunchFields {
  email: string;
  ts: number;
  nonce: string;
  target: string;
}

function launchCanonical(fields: LaunchFields): string {
  return ['v1', fields.email, String(fields.ts), fields.nonce, fields.target].join('\n');
}

/** The signature a store's backend sends (the README's PHP and Node examples compute the same). */
function signLaunch(secret: string, fields: LaunchFields): string {
  return createHmac('sha256', secret).update(launchCanonical(fields)).digest('hex');
}

const storable = (max: number) => z.string().max(max).refine(isStorableText);
const launchSchema = z.object({
  email: storable(254).check(z.email()),
  ts: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/),
  target: storable(2000).refine((t) => t.startsWith('/')),
  sig: z.string().regex(/^[0-9a-f]{64}$/),
});

type LaunchRefusal = 'DISABLED' | 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' | 'REPLAYED' | 'UNKNOWN_USER';
export type LaunchResult = { ok: true; target: string; setCookies: string[] } | { ok: false; reason: LaunchRefusal };

/** Whether `sig` is the signature under any of the secrets; every secret is checked, each in constant time. */
function signedByAny(secrets: string[], fields: LaunchFields, sig: string): boolean {
  const given = Buffer.from(sig, 'hex');
  let match = false;
  for (const secret of secrets) {
    const expected = Buffer.from(signLaunch(secret, fields), 'hex');
    match = (given.length === expected.length && timingSafeEqual(given, expected)) || match;
  }
  return match;
}

/** Stores the nonce; false when it was already used. Expired nonces are dropped on the way. */
async function claimNonce(nonce: string, ts: number): Promise<boolean> {
  await db.embedLaunchNonce.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  const inserted = await db.$executeRaw`
    INSERT INTO embed_launch_nonces (nonce, expires_at) VALUES (${nonce}, to_timestamp(${ts + 2 * LAUNCH_WINDOW_SECONDS}))
    ON CONFLICT (nonce) DO NOTHING`;
  return inserted === 1;
}

async function launchUser(email: string): Promise<{ id: string } | null> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, banned: true } });
  if (user) return user.banned ? null : user;
  if (env.EMBED_LAUNCH_NEW_USERS !== 'viewer') return null;
  // A password nobody knows: this user signs in through launch links (an admin can set one later).
  const created = await auth().api.createUser({ body: { email, name: email.split('@')[0]!, password: randomBytes(24).toString('base64url'), role: 'viewer' } });
  await audit({
    actor: { id: null, label: 'launch link' },
    action: 'user.create',
    outcome: 'ok',
    targetType: 'user',
    targetId: created.user.id,
    details: { email, role: 'viewer' },
  });
  return { id: created.user.id };
}

/** Verifies a launch link and, when it holds, creates the session; `setCookies` are the cookies to send with the redirect. */
export async function launch(params: URLSearchParams, requestHeaders: Headers, ipAddress: string | null, now = Date.now()): Promise<LaunchResult> {
  const secrets = [env.EMBED_LAUNCH_SECRET, env.EMBED_LAUNCH_SECRET_PREVIOUS].filter((s): s is string => Boolean(s));
  if (!secrets.length) return { ok: false, reason: 'DISABLED' };
  const parsed = launchSchema.safeParse(Object.fromEntries(params));
  const refuse = async (reason: LaunchRefusal, email?: string): Promise<LaunchResult> => {
    await audit({ actor: { id: null, label: email ?? 'launch link' }, action: 'auth.embed_launch', outcome: 'denied', details: { reason }, ipAddress });
    return { ok: false, reason };
  };
  if (!parsed.success) return refuse('MALFORMED');
  const { sig, ...fields } = parsed.data;
  if (!signedByAny(secrets, fields, sig)) return refuse('BAD_SIGNATURE');
  if (Math.abs(now / 1000 - fields.ts) > LAUNCH_WINDOW_SECONDS) return refuse('EXPIRED', fields.email);
  if (!(await claimNonce(fields.nonce, fields.ts))) return refuse('REPLAYED', fields.email);
  const email = fields.email.trim().toLowerCase();
  const user = await launchUser(email);
  if (!user) return refuse('UNKNOWN_USER', email);
  // Only what a session records (user agent, client address): the link itself is the proof, and
  // better-auth's cross-site checks are for its own HTTP routes, not a verified server-side sign-in.
  const headers = new Headers();
  for (const name of ['user-agent', CLIENT_ADDRESS_HEADER]) {
    const value = requestHeaders.get(name);
    if (value) headers.set(name, value);
  }
  const session = await auth().api.embedLaunchSession({ body: { userId: user.id }, headers, returnHeaders: true });
  await audit({ actor: { id: user.id, label: email }, action: 'auth.embed_launch', outcome: 'ok', ipAddress });
  return { ok: true, target: safeNextPath(fields.target), setCookies: session.headers.getSetCookie() };
}
