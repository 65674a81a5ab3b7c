import { NextResponse, type NextRequest } from 'next/server';
import { sameOrigin, securityHeaders } from '@/lib/security-headers';
import { env } from '@/server/config';

/**
 * Runs before every request: a fresh CSP nonce (Next reads it from the request's CSP header and
 * puts it on its own scripts), the security headers, and a same-origin check on every state-changing
 * request. Server actions are POSTs to page routes; Next checks their Origin too but answers a
 * forgery with a 500; this refuses it with a 403 before any code runs. The TikTok webhook is the one
 * POST from elsewhere, and it is authenticated by its signature instead.
 */

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SIGNED_ELSEWHERE = ['/api/webhooks/'];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (UNSAFE_METHODS.has(request.method) && !SIGNED_ELSEWHERE.some((prefix) => pathname.startsWith(prefix))) {
    if (!sameOrigin(request.headers.get('origin'), request.headers.get('host'), env.APP_URL)) {
      return NextResponse.json({ error: 'CROSS_ORIGIN_REQUEST' }, { status: 403 });
    }
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const headers = securityHeaders(nonce, {
    embedOrigins: env.EMBED_ALLOWED_ORIGINS,
    https: (env.APP_URL ?? '').startsWith('https://'),
    development: env.NODE_ENV === 'development',
  });
  const forwarded = new Headers(request.headers);
  forwarded.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  forwarded.set('x-nonce', nonce);
  // Lets pages send a signed-out visitor back to where they were after signing in.
  forwarded.set('x-request-path', `${pathname}${search}`);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
