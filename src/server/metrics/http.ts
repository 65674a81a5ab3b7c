import 'server-only';
import dc from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { observeHttp } from './counters';

/**
 * HTTP latency by route, for every request this Next server answers: Node's own `http.server`
 * diagnostics channels mark when a request arrives and when its response has been sent, so
 * pages, route handlers, server actions and RSC navigations are all measured the same way,
 * without wrapping any of them. The route label is the app's route, never the raw URL (ids and
 * query strings would make a series per request).
 */

const ROUTES = [
  '/refunds',
  '/sync-runs',
  '/accounts/callback',
  '/accounts',
  '/audit',
  '/reconciliation',
  '/settings',
  '/users',
  '/login',
  '/api/events',
  '/api/health',
  '/api/metrics',
  '/api/refunds/export',
  '/api/reconciliation/export',
  '/api/webhooks/tiktok',
];

/** The route a request belongs to: a known route (with "(action)" for a server action, "(rsc)" for a client navigation), static assets, or "other". */
function routeLabel(url: string, headers: IncomingMessage['headers']): string {
  const path = url.split('?')[0] ?? '/';
  if (path.startsWith('/_next/static/') || path.startsWith('/_next/image')) return '/_next/static';
  if (path === '/' || path === '/favicon.ico' || path === '/icon.svg') return path;
  const route = ROUTES.find((known) => path === known || path.startsWith(`${known}/`)) ?? 'other';
  if (headers['next-action']) return `${route} (action)`;
  if (headers.rsc === '1') return `${route} (rsc)`;
  return route;
}

const started = new WeakMap<IncomingMessage, number>();
let observing = false;

/** Starts measuring this process's HTTP requests (once; the Next server calls it at start-up). */
export function observeHttpRequests(): void {
  if (observing) return;
  observing = true;
  dc.subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    started.set(request, performance.now());
  });
  dc.subscribe('http.server.response.finish', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const at = started.get(request);
    if (at === undefined) return;
    started.delete(request);
    observeHttp(routeLabel(request.url ?? '/', request.headers), request.method ?? 'GET', response.statusCode, (performance.now() - at) / 1000);
  });
}
