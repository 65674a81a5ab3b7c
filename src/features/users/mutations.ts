import 'server-only';
import type { Role } from '@/lib/roles';
import { audit, type AuditActor } from '@/server/audit';
import { auth } from '@/server/auth/auth';
import { db } from '@/server/db';

/**
 * User administration. Callers have checked the admin role; these functions enforce the rules
 * that must hold whoever calls: emails are unique, and the last active admin can be neither
 * demoted nor deactivated (the panel would have nobody to manage it).
 */

export type UserMutationResult = { ok: true; userId: string } | { ok: false; code: 'EMAIL_TAKEN' | 'NOT_FOUND' | 'LAST_ADMIN' | 'SELF'; message: string };

async function isLastActiveAdmin(userId: string): Promise<boolean> {
  const admins = await db.user.findMany({ where: { role: 'admin', banned: { not: true } }, select: { id: true } });
  return admins.length === 1 && admins[0]!.id === userId;
}

export async function createUser(actor: AuditActor, input: { email: string; name: string; role: Role; password: string }): Promise<UserMutationResult> {
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    await audit({ actor, action: 'user.create', outcome: 'failed', details: { email: input.email, reason: 'email_taken' } });
    return { ok: false, code: 'EMAIL_TAKEN', message: 'A user with this email already exists.' };
  }
  // The caller is an authorized admin; the admin API without request headers performs the creation.
  const created = await auth().api.createUser({ body: { email: input.email, name: input.name, password: input.password, role: input.role } });
  await audit({
    actor,
    action: 'user.create',
    outcome: 'ok',
    targetType: 'user',
    targetId: created.user.id,
    details: { email: input.email, role: input.role },
  });
  return { ok: true, userId: created.user.id };
}

export async function changeRole(actor: AuditActor, userId: string, role: Role): Promise<UserMutationResult> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true } });
  if (!user) return { ok: false, code: 'NOT_FOUND', message: 'No such user.' };
  if (user.role === 'admin' && role !== 'admin' && (await isLastActiveAdmin(userId))) {
    await audit({ actor, action: 'user.change_role', outcome: 'denied', targetType: 'user', targetId: userId, details: { reason: 'last_admin' } });
    return { ok: false, code: 'LAST_ADMIN', message: 'This is the last admin; make someone else admin first.' };
  }
  await db.user.update({ where: { id: userId }, data: { role } });
  await audit({ actor, action: 'user.change_role', outcome: 'ok', targetType: 'user', targetId: userId, details: { from: user.role, to: role } });
  return { ok: true, userId };
}

/** Deactivating bans the user and ends their sessions at once. */
export async function setUserActive(actor: AuditActor, userId: string, active: boolean): Promise<UserMutationResult> {
  if (!active && actor.id === userId) return { ok: false, code: 'SELF', message: 'You cannot deactivate yourself.' };
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) return { ok: false, code: 'NOT_FOUND', message: 'No such user.' };
  if (!active && (await isLastActiveAdmin(userId))) return { ok: false, code: 'LAST_ADMIN', message: 'This is the last admin; make someone else admin first.' };
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { banned: !active, banReason: active ? null : 'deactivated by an admin' } }),
    ...(active ? [] : [db.session.deleteMany({ where: { userId } })]),
  ]);
  await audit({ actor, action: active ? 'user.reactivate' : 'user.deactivate', outcome: 'ok', targetType: 'user', targetId: userId });
  return { ok: true, userId };
}

/** Sets a new password (hashed by better-auth's KDF) and ends the user's sessions. */
export async function resetPassword(actor: AuditActor, userId: string, password: string): Promise<UserMutationResult> {
  const credential = await db.account.findFirst({ where: { userId, providerId: 'credential' }, select: { id: true } });
  if (!credential) return { ok: false, code: 'NOT_FOUND', message: 'No such user.' };
  const context = await auth().$context;
  const hash = await context.password.hash(password);
  await db.$transaction([db.account.update({ where: { id: credential.id }, data: { password: hash } }), db.session.deleteMany({ where: { userId } })]);
  await audit({ actor, action: 'user.reset_password', outcome: 'ok', targetType: 'user', targetId: userId });
  return { ok: true, userId };
}
