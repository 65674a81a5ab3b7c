'use server';

import { revalidatePath } from 'next/cache';
import { fail, type ActionResult } from '@/lib/action-result';
import { defineFormAction } from '@/server/action';
import { changeRole, createUser, resetPassword, setUserActive, type UserMutationResult } from './mutations';
import { changeRoleSchema, createUserSchema, resetPasswordSchema, USER_FIELD_LABELS as labels, userIdSchema } from './schemas';

type UserCode = Extract<UserMutationResult, { ok: false }>['code'];

/** A mutation's outcome as the Users page shows it. */
function done(result: UserMutationResult): ActionResult<{ userId: string }, UserCode> {
  if (!result.ok) return fail(result.code, result.message);
  revalidatePath('/users');
  return { ok: true, data: { userId: result.userId } };
}

export const createUserAction = defineFormAction({ name: 'user.create', role: 'admin', input: createUserSchema, labels }, async (input, { actor }) =>
  done(await createUser(actor, input)),
);

export const changeRoleAction = defineFormAction({ name: 'user.change_role', role: 'admin', input: changeRoleSchema, labels }, async (input, { actor }) =>
  done(await changeRole(actor, input.userId, input.role)),
);

export const deactivateUserAction = defineFormAction({ name: 'user.deactivate', role: 'admin', input: userIdSchema, labels }, async (input, { actor }) =>
  done(await setUserActive(actor, input.userId, false)),
);

export const reactivateUserAction = defineFormAction({ name: 'user.reactivate', role: 'admin', input: userIdSchema, labels }, async (input, { actor }) =>
  done(await setUserActive(actor, input.userId, true)),
);

export const resetPasswordAction = defineFormAction(
  { name: 'user.reset_password', role: 'admin', input: resetPasswordSchema, labels },
  async (input, { actor }) => done(await resetPassword(actor, input.userId, input.password)),
);
