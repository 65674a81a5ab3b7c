import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { env } from '@/server/config';
import { jsonError } from '@/server/route';
import { metricsText } from './scrape';

/**
 * The Prometheus scrape answer (README: Observability). Off unless METRICS_TOKEN is set (404, as
 * if it did not exist); with it, only `Authorization: Bearer <METRICS_TOKEN>` is answered (401
 * otherwise). The token is compared in constant time, over digests so that its length leaks
 * nothing either, and never logged.
 */
const digest = (text: string) => createHash('sha256').update(text).digest();

export async function metricsResponse(request: Request): Promise<Response> {
  const token = env.METRICS_TOKEN;
  if (!token) return jsonError('NOT_FOUND', 404);
  const header = request.headers.get('authorization') ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  if (!timingSafeEqual(digest(given), digest(token))) {
    return new Response(JSON.stringify({ error: 'UNAUTHENTICATED' }), {
      status: 401,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'www-authenticate': 'Bearer realm="metrics"' },
    });
  }
  const { contentType, body } = await metricsText();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
