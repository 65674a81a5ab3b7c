import { defineRoute, jsonError } from '@/server/route';
import { enqueueRefresh } from '@/server/sync/refresh-job';
import { receiveWebhook } from '@/server/sync/webhook';

/**
 * TikTok Shop webhook endpoint: the only unauthenticated route that changes data, and only with a
 * valid TikTok signature. Answers 200 with an empty body within TikTok's 3 seconds, once the
 * delivery is recorded and its "refresh this refund" job queued (deduplicated per refund); a
 * worker then fetches the record from TikTok and stores it.
 */
export const POST = defineRoute({ name: 'webhook.receive', role: null }, async ({ request }) => {
  // Webhook payloads are small; refuse anything large before reading it.
  if (Number(request.headers.get('content-length') ?? 0) > 64_000) return jsonError('TOO_LARGE', 413);
  const raw = await request.text();
  const verdict = await receiveWebhook(raw, request.headers.get('authorization'));
  if (verdict.status !== 200) return jsonError(verdict.error, verdict.status);
  if (verdict.refresh) await enqueueRefresh(verdict.refresh);
  return new Response(null, { status: 200 });
});
