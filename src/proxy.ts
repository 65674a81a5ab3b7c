import { NextResponse, type NextRequest } from 'next/server';
import { expectedOrigin, sameOrigin, securityHeaders } from '@/lib/security-headers';
import { checkActionBody, MAX_ACTION_BODY_BYTES, readBodyLimited } from '@/server/request-body';
import { CLIENT_ADDRESS_HEADER, requestClientAddress } from '@/server/auth/client-address';
import { env } from '@/server/config';

/**
 * Runs before every request: a fresh CSP nonce (Next reads it from the request's CSP header and
 * puts it on its own scripts), the security headers, the client's address (./server/auth/
 * client-address.ts), a same-origin check on every state-changing request, and a check of server
 * action bodies (./server/request-body.ts). Server actions are POSTs to page routes; Next checks
 * their Origin too but answers a forgery with a 500; this refuses it with a 403 before any code
 * runs. The TikTok webhook, at exactly its path, is the one POST from elsewhere, and it is
 * authenticated by its signature instead.
 */

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SIGNED_ELSEWHERE = new Set(['/api/webhooks/tiktok']);

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (UNSAFE_METHODS.has(request.method) && !SIGNED_ELSEWHERE.has(pathname)) {
    if (!sameOrigin(request.headers.get('origin'), expectedOrigin(env.APP_URL, request.nextUrl.origin))) {
      return NextResponse.json({ error: 'CROSS_ORIGIN_REQUEST' }, { status: 403 });
    }
    if (request.headers.has('next-action')) {
      const bytes = await readBodyLimited(request.body, MAX_ACTION_BODY_BYTES);
      if (!bytes) return NextResponse.json({ error: 'TOO_LARGE' }, { status: 413 });
      const verdict = await checkActionBody(bytes, request.headers.get('content-type'));
      if (!verdict.ok) return NextResponse.json({ error: verdict.error }, { status: verdict.status });
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
  // Whatever a client sent under this name is replaced: only the proxy says who the client is.
  const address = requestClientAddress(request.headers);
  if (address) forwarded.set(CLIENT_ADDRESS_HEADER, address);
  else forwarded.delete(CLIENT_ADDRESS_HEADER);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
