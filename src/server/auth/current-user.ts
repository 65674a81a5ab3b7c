import 'server-only';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { hasRole, isRole, type Role } from '@/lib/roles';
import { auth } from './auth';
import { clientAddress } from './client-address';

/**
 * Who is asking, checked on the server for every page, server action and route handler. Hiding a
 * button is never the protection: pages call requirePageUser, actions and route handlers go
 * through their wrappers (src/server/action.ts, src/server/route.ts), which call authorize.
 */

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** The signed-in user of this request (sessions are read from Postgres: bans and role changes apply at once). */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth().api.getSession({ headers: await headers() });
  if (!session || session.user.banned) return null;
  const role = session.user.role;
  return { id: session.user.id, email: session.user.email, name: session.user.name, role: isRole(role) ? role : 'viewer' };
});

export async function requestAddress(): Promise<string | null> {
  return clientAddress(await headers());
}

/** Pages: sign-in page when signed out, 403 page when the role is too low. */
export async function requirePageUser(role: Role): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) {
    const path = (await headers()).get('x-request-path') ?? '/refunds';
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  if (!hasRole(user.role, role)) forbidden();
  return user;
}

export type Authorization = { ok: true; user: CurrentUser } | { ok: false; code: 'UNAUTHENTICATED' } | { ok: false; code: 'FORBIDDEN'; user: CurrentUser };

/** Whether the caller is signed in with at least `role`. */
export async function authorize(role: Role): Promise<Authorization> {
  const user = await currentUser();
  if (!user) return { ok: false, code: 'UNAUTHENTICATED' };
  if (!hasRole(user.role, role)) return { ok: false, code: 'FORBIDDEN', user };
  return { ok: true, user };
}
