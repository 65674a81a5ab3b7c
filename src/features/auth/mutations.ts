import 'server-only';
import { APIError } from 'better-auth/api';
import { audit } from '@/server/audit';
import { auth } from '@/server/auth/auth';
import { clientAddress } from '@/server/auth/client-address';
import { lockedFor, recordFailure, recordSuccess, throttleKeys } from '@/server/auth/throttle';

export type SignInResult = { ok: true; userId: string } | { ok: false; code: 'INVALID_CREDENTIALS' | 'RATE_LIMITED'; retryAfterSeconds?: number };

/**
 * Checks the throttle (src/server/auth/throttle.ts: this email from this address, and this
 * address), then the password. Unknown email, wrong password and deactivated user all give the
 * same answer, and all count against the throttle.
 */
export async function signIn(email: string, password: string, requestHeaders: Headers): Promise<SignInResult> {
  const address = clientAddress(requestHeaders);
  const keys = throttleKeys(email, address);
  const wait = await lockedFor(keys);
  if (wait > 0) {
    await audit({ actor: { id: null, label: email }, action: 'auth.sign_in', outcome: 'denied', details: { reason: 'rate_limited' }, ipAddress: address });
    return { ok: false, code: 'RATE_LIMITED', retryAfterSeconds: wait };
  }
  try {
    const result = await auth().api.signInEmail({ body: { email, password }, headers: requestHeaders });
    await recordSuccess(keys);
    await audit({ actor: { id: result.user.id, label: result.user.email }, action: 'auth.sign_in', outcome: 'ok', ipAddress: address });
    return { ok: true, userId: result.user.id };
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    await recordFailure(keys);
    await audit({ actor: { id: null, label: email }, action: 'auth.sign_in', outcome: 'failed', ipAddress: address });
    return { ok: false, code: 'INVALID_CREDENTIALS' };
  }
}

export async function signOut(requestHeaders: Headers, actor: { id: string; label: string } | null): Promise<void> {
  await auth().api.signOut({ headers: requestHeaders });
  if (actor) await audit({ actor, action: 'auth.sign_out', outcome: 'ok', ipAddress: clientAddress(requestHeaders) });
}
