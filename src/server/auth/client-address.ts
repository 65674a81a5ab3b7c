import { env } from '@/server/config';

/**
 * The client's address for sign-in throttling. Next fills `x-forwarded-for` from the socket when
 * the request has none, but passes a client-supplied one through: in production the panel belongs
 * behind a reverse proxy that sets the header (AUTH_IP_HEADER names it, default x-forwarded-for).
 * With several hops, the last one is the address the nearest proxy saw.
 */
export function clientAddress(headers: Headers): string | null {
  const value = headers.get(env.AUTH_IP_HEADER);
  if (!value) return null;
  const last = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
  return last ? last.slice(0, 64) : null;
}
