import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Sandbox tokens are stateless and verifiable: `<prefix><payload>.<mac>` with an HMAC under the
 * sandbox app secret. A restarted sandbox still accepts the tokens it issued, and the demo seed
 * can mint tokens for its accounts without talking to the server.
 */

export interface TokenClaims {
  /** Shop the seller authorized. */
  shopIndex: number;
  /** Unix seconds. */
  exp: number;
  /** Distinguishes tokens issued at the same second (refresh rotates the pair). */
  gen: string;
}

const PREFIX = { access: 'TTP_', refresh: 'TTR_', code: 'SBC_' } as const;
export type TokenKind = keyof typeof PREFIX;

function mac(secret: string, kind: TokenKind, payload: string): string {
  return createHmac('sha256', secret).update(`${kind}.${payload}`).digest('base64url').slice(0, 32);
}

export function mintToken(secret: string, kind: TokenKind, claims: TokenClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${PREFIX[kind]}${payload}.${mac(secret, kind, payload)}`;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'invalid' | 'expired' };

export function verifyToken(secret: string, kind: TokenKind, token: string, now: number): TokenCheck {
  if (!token.startsWith(PREFIX[kind])) return { ok: false, reason: 'invalid' };
  const [payload, signature] = token.slice(PREFIX[kind].length).split('.');
  if (!payload || !signature) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(mac(secret, kind, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof claims.exp !== 'number' || typeof claims.shopIndex !== 'number') return { ok: false, reason: 'invalid' };
  if (claims.exp <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
