import { type NextRequest } from 'next/server';
import { completeConnect } from '@/features/accounts/mutations';
import { actorOf, authorizeRequest } from '@/server/auth/current-user';
import { logError } from '@/server/log';

/** TikTok's (or the sandbox's) redirect after the seller authorized the app (API doc 3.1). */
export async function GET(request: NextRequest) {
  const gate = await authorizeRequest('admin');
  if (!gate.ok) return gate.response;
  const params = request.nextUrl.searchParams;
  const back = new URLSearchParams();
  try {
    const result = await completeConnect(actorOf(gate.user), { state: params.get('state'), code: params.get('code'), error: params.get('error') });
    if (result.ok) back.set('connected', String(result.data.id));
    else back.set('connect_error', result.code);
  } catch (error) {
    logError('account.connect_failed', { error });
    back.set('connect_error', 'INTERNAL_ERROR');
  }
  // A relative Location keeps the redirect on whatever host the admin used (proxies included).
  return new Response(null, { status: 303, headers: { Location: `/accounts?${back}` } });
}
