import { describe, expect, it } from 'vitest';
import { signIn } from '@/features/auth/mutations';
import { changeRole, createUser, resetPassword, setUserActive } from '@/features/users/mutations';
import { auth } from '@/server/auth/auth';
import { ensureFirstAdmin, GENERATED_ADMIN_EMAIL } from '@/server/auth/bootstrap';
import { CLIENT_ADDRESS_HEADER } from '@/server/auth/client-address';
import { THROTTLE_POLICY } from '@/server/auth/throttle';
import { db } from '@/server/db';

const cli = { id: null, label: 'test' };
/** A request from this client address, as the proxy resolves it (src/proxy.ts). */
const headersFrom = (address: string) => new Headers({ [CLIENT_ADDRESS_HEADER]: address, 'user-agent': 'vitest' });

async function newUser(role: 'viewer' | 'operator' | 'admin', email = `${role}-${Math.random().toString(36).slice(2)}@test.dev`) {
  const result = await createUser(cli, { email, name: role, role, password: 'correct horse battery' });
  if (!result.ok) throw new Error(result.message);
  return { id: result.userId, email };
}

describe('first admin', () => {
  it('is generated once on the embedded default, never twice, and never with a default password', async () => {
    delete process.env.ADMIN_EMAIL;
    delete process.env.ADMIN_PASSWORD;
    expect(await ensureFirstAdmin({ generate: false })).toBeNull();
    const first = await ensureFirstAdmin({ generate: true });
    expect(first?.email).toBe(GENERATED_ADMIN_EMAIL);
    expect(first?.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await ensureFirstAdmin({ generate: true })).toBeNull();
    const signedIn = await signIn(GENERATED_ADMIN_EMAIL, first!.password!, headersFrom('10.0.0.1'));
    expect(signedIn.ok).toBe(true);
    const audit = await db.auditLog.findFirst({ where: { action: 'user.bootstrap_admin' } });
    expect(audit?.details ?? {}).not.toHaveProperty('password');
  });

  it('refuses a short ADMIN_PASSWORD and a lone ADMIN_EMAIL', async () => {
    process.env.ADMIN_EMAIL = 'boss@test.dev';
    process.env.ADMIN_PASSWORD = 'short';
    await expect(ensureFirstAdmin({ generate: false })).rejects.toThrow(/at least 12 characters/);
    // Checked when the admin is created (no active admin yet), not on every start of a running panel.
    const admins = await db.user.findMany({ where: { role: 'admin', banned: { not: true } }, select: { id: true } });
    await db.user.updateMany({ where: { id: { in: admins.map((a) => a.id) } }, data: { banned: true } });
    process.env.ADMIN_PASSWORD = 'password1234';
    await expect(ensureFirstAdmin({ generate: false })).rejects.toThrow(/ADMIN_PASSWORD is too easy to guess/);
    await db.user.updateMany({ where: { id: { in: admins.map((a) => a.id) } }, data: { banned: false } });
    delete process.env.ADMIN_PASSWORD;
    await expect(ensureFirstAdmin({ generate: false })).rejects.toThrow(/set together/);
    delete process.env.ADMIN_EMAIL;
  });
});

describe('sign-in', () => {
  it('stores a scrypt hash, not the password, and answers the same for unknown email and wrong password', async () => {
    const user = await newUser('viewer');
    const credential = await db.account.findFirstOrThrow({ where: { userId: user.id } });
    expect(credential.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
    expect(await signIn(user.email, 'wrong password!!', headersFrom('10.0.1.1'))).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    expect(await signIn('nobody@test.dev', 'wrong password!!', headersFrom('10.0.1.1'))).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    expect(await signIn(user.email, 'correct horse battery', headersFrom('10.0.1.1'))).toMatchObject({ ok: true, userId: user.id });
  });

  it('makes the address that failed wait, growing from 30 s to 15 min, while the owner signs in from their own address', async () => {
    const user = await newUser('viewer');
    const attacker = '10.1.0.66';
    const { freeFailures, firstDelaySeconds, maxDelaySeconds } = THROTTLE_POLICY.pair;
    for (let i = 0; i < freeFailures; i++)
      expect(await signIn(user.email, 'wrong password!!', headersFrom(attacker))).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const waiting = await signIn(user.email, 'correct horse battery', headersFrom(attacker));
    expect(waiting).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(!waiting.ok && waiting.retryAfterSeconds).toBe(firstDelaySeconds);
    // The owner, at their own desk, is not locked out by someone else's failures.
    expect(await signIn(user.email, 'correct horse battery', headersFrom('10.1.0.7'))).toMatchObject({ ok: true });
    // Each further failure doubles the wait, up to the cap; none of it is a lock on the account.
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      await db.loginThrottle.updateMany({ where: { key: { startsWith: 'pair:' } }, data: { lockedUntil: new Date(Date.now() - 1000) } });
      await signIn(user.email, 'wrong password!!', headersFrom(attacker));
      const next = await signIn(user.email, 'wrong password!!', headersFrom(attacker));
      waits.push(!next.ok && next.code === 'RATE_LIMITED' ? next.retryAfterSeconds! : 0);
    }
    expect(waits).toEqual([60, 120, 240, 480, maxDelaySeconds, maxDelaySeconds, maxDelaySeconds]);
    expect(await signIn(user.email, 'correct horse battery', headersFrom('10.1.0.8'))).toMatchObject({ ok: true });
    // Unknown emails wait exactly like real ones.
    for (let i = 0; i < freeFailures; i++) await signIn('ghost@test.dev', 'wrong password!!', headersFrom('10.2.0.1'));
    expect(await signIn('ghost@test.dev', 'wrong password!!', headersFrom('10.2.0.1'))).toMatchObject({ code: 'RATE_LIMITED' });
    const denied = await db.auditLog.count({ where: { action: 'auth.sign_in', outcome: 'denied', actorLabel: user.email } });
    expect(denied).toBe(8);
  });

  it('blocks an address after 20 failures whatever the emails, and only that address', async () => {
    for (let i = 0; i < THROTTLE_POLICY.address.max; i++) await signIn(`spray${i}@test.dev`, 'wrong password!!', headersFrom('10.3.3.3'));
    const user = await newUser('viewer');
    expect(await signIn(user.email, 'correct horse battery', headersFrom('10.3.3.3'))).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await signIn(user.email, 'correct horse battery', headersFrom('10.3.3.4'))).toMatchObject({ ok: true });
  });

  it('sets HttpOnly, SameSite=Lax session cookies, Secure when the panel is served over https', async () => {
    const user = await newUser('viewer');
    const plain = await auth().api.signInEmail({ body: { email: user.email, password: 'correct horse battery' }, returnHeaders: true });
    const cookie = plain.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const holder = globalThis as { refundsAuth?: unknown };
    const saved = holder.refundsAuth;
    process.env.APP_URL = 'https://refunds.example.com';
    holder.refundsAuth = undefined;
    try {
      const secure = await auth().api.signInEmail({ body: { email: user.email, password: 'correct horse battery' }, returnHeaders: true });
      expect(secure.headers.get('set-cookie')).toMatch(/__Secure-refunds\.session_token=.*Secure/i);
    } finally {
      delete process.env.APP_URL;
      holder.refundsAuth = saved;
    }
  });
});

describe('user administration', () => {
  it('changes roles, deactivates (ending sessions) and resets passwords, all audited', async () => {
    const admin = await newUser('admin');
    const actor = { id: admin.id, label: admin.email };
    const user = await newUser('viewer');
    await auth().api.signInEmail({ body: { email: user.email, password: 'correct horse battery' } });
    expect(await changeRole(actor, user.id, 'operator')).toEqual({ ok: true, userId: user.id });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe('operator');
    expect(await setUserActive(actor, user.id, false)).toEqual({ ok: true, userId: user.id });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await signIn(user.email, 'correct horse battery', headersFrom('10.4.0.1'))).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });
    await setUserActive(actor, user.id, true);
    expect(await resetPassword(actor, user.id, 'a brand new passphrase')).toEqual({ ok: true, userId: user.id });
    expect(await signIn(user.email, 'a brand new passphrase', headersFrom('10.4.0.2'))).toMatchObject({ ok: true });
    const actions = (await db.auditLog.findMany({ where: { actorId: admin.id }, orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['user.change_role', 'user.deactivate', 'user.reactivate', 'user.reset_password']);
    expect(await createUser(actor, { email: user.email, name: 'dup', role: 'viewer', password: 'correct horse battery' })).toMatchObject({
      ok: false,
      code: 'EMAIL_TAKEN',
    });
  });

  it('never leaves the panel without an active admin', async () => {
    await db.user.updateMany({ where: { role: 'admin' }, data: { banned: true } });
    const admin = await newUser('admin');
    const actor = { id: admin.id, label: admin.email };
    expect(await changeRole(actor, admin.id, 'viewer')).toMatchObject({ ok: false, code: 'LAST_ADMIN' });
    expect(await setUserActive(actor, admin.id, false)).toMatchObject({ ok: false, code: 'SELF' });
    const other = await newUser('admin');
    expect(await setUserActive(actor, other.id, false)).toMatchObject({ ok: true });
    expect(await setUserActive({ id: other.id, label: other.email }, admin.id, false)).toMatchObject({ ok: false, code: 'LAST_ADMIN' });
  });
});
