import { after } from 'next/server';
import { processWebhook, receiveWebhook } from '@/server/sync/webhook';
import { logError } from '@/server/log';

/**
 * TikTok Shop webhook endpoint: the only unauthenticated route that changes data, and only with a
 * valid TikTok signature. Answers 200 with an empty body within TikTok's 3 seconds; the record is
 * fetched and stored after the answer.
 */
export async function POST(request: Request) {
  // Webhook payloads are small; refuse anything large before reading it.
  if (Number(request.headers.get('content-length') ?? 0) > 64_000) return Response.json({ error: 'TOO_LARGE' }, { status: 413 });
  const raw = await request.text();
  try {
    const verdict = await receiveWebhook(raw, request.headers.get('authorization'));
    if (verdict.status !== 200) return Response.json({ error: verdict.error }, { status: verdict.status });
    if (verdict.process) after(() => processWebhook(verdict.eventId));
    return new Response(null, { status: 200 });
  } catch (error) {
    logError('webhook.receive_failed', { error });
    return Response.json({ error: 'INTERNAL_ERROR' }, { status: 500 });
  }
}
