import 'server-only';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { hasRole, isRole, type Role } from '@/lib/roles';
import { audit } from '@/server/audit';
import { auth } from './auth';
import { clientAddress } from './client-address';

/**
 * Who is asking, checked on the server for every page, server action and route handler. Hiding a
 * button is never the protection: each entry point calls one of the three gates below.
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

export type AuthFailure = { ok: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN' };

/** Server actions: a typed refusal (audited) instead of a redirect. */
export async function authorizeAction(role: Role, action: string): Promise<{ ok: true; user: CurrentUser } | AuthFailure> {
  const user = await currentUser();
  if (!user) return { ok: false, code: 'UNAUTHENTICATED' };
  if (!hasRole(user.role, role)) {
    await audit({ actor: { id: user.id, label: user.email }, action, outcome: 'denied', details: { role: user.role, needed: role }, ipAddress: await requestAddress() });
    return { ok: false, code: 'FORBIDDEN' };
  }
  return { ok: true, user };
}

/** Route handlers: 401 / 403 JSON responses. */
export async function authorizeRequest(role: Role): Promise<{ ok: true; user: CurrentUser } | { ok: false; response: Response }> {
  const user = await currentUser();
  if (!user) return { ok: false, response: Response.json({ error: 'UNAUTHENTICATED' }, { status: 401 }) };
  if (!hasRole(user.role, role)) return { ok: false, response: Response.json({ error: 'FORBIDDEN' }, { status: 403 }) };
  return { ok: true, user };
}

export function actorOf(user: CurrentUser) {
  return { id: user.id, label: user.email };
}
