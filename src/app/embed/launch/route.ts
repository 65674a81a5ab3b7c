import { launch } from '@/features/auth/launch';
import { requestAddress } from '@/server/auth/current-user';
import { defineRoute, jsonError } from '@/server/route';

/**
 * A signed launch link from a store's admin (src/features/auth/launch.ts): signs that user in and
 * opens the grid URL it names, inside the store's frame. Anyone may call it; only a link signed
 * with EMBED_LAUNCH_SECRET (or the previous secret), recent and unused, signs anyone in.
 */
export const GET = defineRoute({ name: 'auth.embed_launch', role: null }, async ({ request }) => {
  const result = await launch(new URL(request.url).searchParams, request.headers, await requestAddress());
  if (!result.ok) {
    if (result.reason === 'DISABLED') return jsonError('NOT_FOUND', 404);
    // One answer for every refusal: nothing tells a caller which check failed.
    return new Response(
      '<!doctype html><title>Sign-in link refused</title><p>This sign-in link cannot be used: it has expired, was already used, or was not signed by your store. Open the refunds panel again from the store admin.</p>',
      { status: 403, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } },
    );
  }
  const headers = new Headers({ Location: result.target, 'cache-control': 'no-store' });
  for (const cookie of result.setCookies) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
});

export const dynamic = 'force-dynamic';
