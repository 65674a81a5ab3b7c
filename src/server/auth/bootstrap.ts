import 'server-only';
import { randomBytes } from 'node:crypto';
import { db } from '@/server/db';
import { ConfigError, env } from '@/server/config';
import { audit } from '@/server/audit';
import { auth } from './auth';
import { passwordWeakness } from './password-strength';

/**
 * The first admin. With ADMIN_EMAIL and ADMIN_PASSWORD set, that user is created at start-up when
 * no admin exists. On the embedded default with neither set, an admin with a generated password is
 * created and the password is shown once, by `npm start`. There is never a default password.
 */
export const GENERATED_ADMIN_EMAIL = 'admin@refunds.local';

export type FirstAdmin = { email: string; password?: string } | null;

export async function ensureFirstAdmin(options: { generate: boolean }): Promise<FirstAdmin> {
  const email = env.ADMIN_EMAIL;
  const password = env.ADMIN_PASSWORD;
  if (Boolean(email) !== Boolean(password)) throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  const existing = await db.user.findFirst({ where: { role: 'admin', banned: { not: true } }, select: { id: true } });
  if (existing) return null;
  if (!email && !options.generate) return null;
  const weakness = password ? passwordWeakness(password, [email ?? '']) : null;
  if (weakness) throw new ConfigError(`ADMIN_PASSWORD is too easy to guess (choose one the Users page would accept): ${weakness}`);
  const chosen = email ? { email, password: password! } : { email: GENERATED_ADMIN_EMAIL, password: randomBytes(15).toString('base64url') };
  const taken = await db.user.findUnique({ where: { email: chosen.email.toLowerCase() }, select: { id: true } });
  if (taken) {
    // An account with that email exists but is not an admin (or is deactivated): promote it rather
    // than fail, and leave its password alone.
    await db.user.update({ where: { id: taken.id }, data: { role: 'admin', banned: false } });
    await audit({
      actor: { id: null, label: 'startup' },
      action: 'user.bootstrap_admin',
      outcome: 'ok',
      targetType: 'user',
      targetId: taken.id,
      details: { promoted: true },
    });
    return { email: chosen.email };
  }
  // Without request headers the admin API skips its permission check: this is the one intended use.
  const created = await auth().api.createUser({ body: { email: chosen.email, password: chosen.password, name: 'Administrator', role: 'admin' } });
  await audit({ actor: { id: null, label: 'startup' }, action: 'user.bootstrap_admin', outcome: 'ok', targetType: 'user', targetId: created.user.id });
  return email ? { email: chosen.email } : { email: chosen.email, password: chosen.password };
}
