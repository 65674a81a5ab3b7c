'use server';

import { revalidatePath } from 'next/cache';
import { AUTH_MESSAGES, fail, fieldErrorsOf, type ActionResult } from '@/lib/action-result';
import { actorOf, authorizeAction } from '@/server/auth/current-user';
import { logError } from '@/server/log';
import { changeRole, createUser, resetPassword, setUserActive, type UserMutationResult } from './mutations';
import { changeRoleSchema, createUserSchema, resetPasswordSchema, userIdSchema } from './schemas';

type UserCode = Extract<UserMutationResult, { ok: false }>['code'];

async function run<T>(action: string, form: FormData, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, work: (actor: { id: string; label: string }, data: T) => Promise<UserMutationResult>): Promise<ActionResult<{ userId: string }, UserCode>> {
  const gate = await authorizeAction('admin', action);
  if (!gate.ok) return fail(gate.code, AUTH_MESSAGES[gate.code]);
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return fail('INVALID_INPUT', 'Check the highlighted fields.', fieldErrorsOf(parsed.error.issues));
  try {
    const result = await work(actorOf(gate.user), parsed.data);
    if (!result.ok) return fail(result.code, result.message);
    revalidatePath('/users');
    return { ok: true, data: { userId: result.userId } };
  } catch (error) {
    logError(`${action}_failed`, { error });
    return fail('INTERNAL_ERROR', AUTH_MESSAGES.INTERNAL_ERROR);
  }
}

export async function createUserAction(_previous: unknown, form: FormData) {
  return run('user.create', form, createUserSchema, (actor, data) => createUser(actor, data));
}

export async function changeRoleAction(_previous: unknown, form: FormData) {
  return run('user.change_role', form, changeRoleSchema, (actor, data) => changeRole(actor, data.userId, data.role));
}

export async function deactivateUserAction(_previous: unknown, form: FormData) {
  return run('user.deactivate', form, userIdSchema, (actor, data) => setUserActive(actor, data.userId, false));
}

export async function reactivateUserAction(_previous: unknown, form: FormData) {
  return run('user.reactivate', form, userIdSchema, (actor, data) => setUserActive(actor, data.userId, true));
}

export async function resetPasswordAction(_previous: unknown, form: FormData) {
  return run('user.reset_password', form, resetPasswordSchema, (actor, data) => resetPassword(actor, data.userId, data.password));
}
