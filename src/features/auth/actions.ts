'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { fail } from '@/lib/action-result';
import { definePublicFormAction } from '@/server/action';
import { currentUser } from '@/server/auth/current-user';
import { signIn, signOut } from './mutations';
import { safeNextPath, signInSchema } from './schemas';

function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Sign-in: the one action anyone may call. A refusal keeps the typed email for the form. */
export const signInAction = definePublicFormAction({ name: 'auth.sign_in', input: signInSchema, invalid: 'Enter your email and password' }, async (input) => {
  const result = await signIn(input.email, input.password, await headers());
  if (!result.ok) {
    const message =
      result.code === 'RATE_LIMITED' ? `Too many sign-in attempts. Try again in ${waitText(result.retryAfterSeconds ?? 60)}.` : 'Invalid email or password.';
    return { ...fail(result.code, message), detail: { email: input.email } };
  }
  redirect(safeNextPath(input.next));
});

export async function signOutAction(): Promise<void> {
  const user = await currentUser();
  await signOut(await headers(), user ? { id: user.id, label: user.email } : null);
  redirect('/login');
}
