import { completeConnect } from '@/features/accounts/mutations';
import { logError } from '@/server/log';
import { defineRoute } from '@/server/route';

/** TikTok's (or the sandbox's) redirect after the seller authorized the app (API doc 3.1). */
export const GET = defineRoute({ name: 'account.connect', role: 'admin' }, async ({ request, user }) => {
  const params = new URL(request.url).searchParams;
  const back = new URLSearchParams();
  try {
    const result = await completeConnect(
      { id: user!.id, label: user!.email },
      { state: params.get('state'), code: params.get('code'), error: params.get('error') },
    );
    if (result.ok) back.set('connected', String(result.data.id));
    else back.set('connect_error', result.code);
  } catch (error) {
    logError('account.connect_failed', { error });
    back.set('connect_error', 'INTERNAL_ERROR');
  }
  // A relative Location keeps the redirect on whatever host the admin used (proxies included).
  return new Response(null, { status: 303, headers: { Location: `/accounts?${back}` } });
});
