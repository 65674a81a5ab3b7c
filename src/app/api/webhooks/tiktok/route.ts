import { readBodyLimited } from '@/server/request-body';
import { defineRoute, jsonError } from '@/server/route';
import { enqueueRefresh } from '@/server/sync/refresh-job';
import { receiveWebhook, WEBHOOK_MAX_BYTES } from '@/server/sync/webhook';

/**
 * TikTok Shop webhook endpoint: the only unauthenticated route that changes data, and only with a
 * valid TikTok signature. Answers 200 with an empty body within TikTok's 3 seconds, once the
 * delivery is recorded and its "refresh this refund" job queued (deduplicated per refund); a
 * worker then fetches the record from TikTok and stores it.
 */
export const POST = defineRoute({ name: 'webhook.receive', role: null }, async ({ request }) => {
  // Webhook payloads are small: the declared length is refused before reading, and the bytes
  // actually read are counted too (a chunked body declares none).
  if (Number(request.headers.get('content-length') ?? 0) > WEBHOOK_MAX_BYTES) return jsonError('TOO_LARGE', 413);
  const bytes = await readBodyLimited(request.body, WEBHOOK_MAX_BYTES);
  if (!bytes) return jsonError('TOO_LARGE', 413);
  let raw: string;
  try {
    raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return jsonError('INVALID_JSON', 400);
  }
  const verdict = await receiveWebhook(raw, request.headers.get('authorization'));
  if (verdict.status !== 200) return jsonError(verdict.error, verdict.status);
  if (verdict.refresh) await enqueueRefresh(verdict.refresh);
  return new Response(null, { status: 200 });
});
