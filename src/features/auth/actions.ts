'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { currentUser } from '@/server/auth/current-user';
import { logError } from '@/server/log';
import { signIn, signOut } from './mutations';
import { safeNextPath, signInSchema } from './schemas';

export interface SignInState {
  error?: string;
  email?: string;
}

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({ email: form.get('email'), password: form.get('password'), next: form.get('next') ?? undefined });
  const email = typeof form.get('email') === 'string' ? String(form.get('email')).slice(0, 254) : '';
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'Enter your email and password', email };
  let result;
  try {
    result = await signIn(parsed.data.email, parsed.data.password, await headers());
  } catch (error) {
    logError('auth.sign_in_failed', { error });
    return { error: 'Sign-in is unavailable right now. Try again in a minute.', email };
  }
  if (!result.ok) {
    return result.code === 'RATE_LIMITED'
      ? { error: `Too many sign-in attempts. Try again in ${Math.ceil((result.retryAfterSeconds ?? 60) / 60)} minute(s).`, email }
      : { error: 'Invalid email or password.', email };
  }
  redirect(safeNextPath(parsed.data.next));
}

export async function signOutAction(): Promise<void> {
  const user = await currentUser();
  await signOut(await headers(), user ? { id: user.id, label: user.email } : null);
  redirect('/login');
}
