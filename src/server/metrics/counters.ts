import 'server-only';
import { sqlPool } from '@/server/db';
import { logError } from '@/server/log';

/**
 * Counters and histograms that every process adds to: TikTok calls by outcome (the workers), HTTP
 * latency by route (each `next start`), webhook-to-row latency (whichever worker refreshed the
 * refund). Each process sums them in memory and adds the sums to `metric_counters` every few
 * seconds (and when it stops), so one scrape of /api/metrics, on any process, reports the whole
 * cluster, and a process that restarts loses at most its last few seconds. The series are the
 * ones Prometheus sees: a histogram is its `_bucket` (cumulative, with `le`), `_sum` and `_count`.
 */

export interface Family {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  buckets?: readonly number[];
}

export const FAMILIES = {
  tiktokCalls: {
    name: 'refunds_tiktok_calls_total',
    help: 'Requests sent to TikTok Shop (every attempt, retries included) by API and outcome: ok, rate_limited (HTTP 429), server, timeout, network, ...',
    type: 'counter',
  },
  webhookToRow: {
    name: 'refunds_webhook_to_row_seconds',
    help: "Time from a TikTok webhook's arrival to its refund's row being updated from TikTok",
    type: 'histogram',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  },
  http: {
    name: 'refunds_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route (pages, route handlers, server actions, RSC navigations), method and status class',
    type: 'histogram',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
} as const satisfies Record<string, Family>;

/** Prometheus label values escape backslash, double quote and newline. */
const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** `a="1",b="x"`, keys sorted: one string per series, the same in every process. */
function labelText(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}="${escape(labels[key]!)}"`)
    .join(',');
}

const holder = globalThis as unknown as { refundsMetrics?: { pending: Map<string, number>; timer: NodeJS.Timeout | null } };

function state() {
  holder.refundsMetrics ??= { pending: new Map(), timer: null };
  return holder.refundsMetrics;
}

function add(name: string, labels: string, by: number) {
  const current = state();
  const key = `${name}\u0000${labels}`;
  current.pending.set(key, (current.pending.get(key) ?? 0) + by);
  // Flushed every 5 s from the first figure on; the timer never keeps a process alive.
  if (!current.timer) {
    current.timer = setInterval(() => void flushMetrics(), 5000);
    current.timer.unref();
  }
}

function observe(family: { name: string; buckets: readonly number[] }, labels: Record<string, string>, value: number) {
  for (const le of family.buckets) if (value <= le) add(`${family.name}_bucket`, labelText({ ...labels, le: String(le) }), 1);
  add(`${family.name}_bucket`, labelText({ ...labels, le: '+Inf' }), 1);
  add(`${family.name}_sum`, labelText(labels), value);
  add(`${family.name}_count`, labelText(labels), 1);
}

export function countTikTokCall(api: string, outcome: string): void {
  add(FAMILIES.tiktokCalls.name, labelText({ api, outcome }), 1);
}

export function observeWebhookToRow(seconds: number): void {
  observe(FAMILIES.webhookToRow, {}, Math.max(0, seconds));
}

export function observeHttp(route: string, method: string, status: number, seconds: number): void {
  observe(FAMILIES.http, { route, method, status: `${Math.floor(status / 100)}xx` }, seconds);
}

/** Adds what this process counted since the last flush to the shared table. */
export async function flushMetrics(): Promise<void> {
  const current = state();
  if (current.pending.size === 0) return;
  const entries = [...current.pending];
  current.pending = new Map();
  try {
    await sqlPool().query(
      `INSERT INTO metric_counters (name, labels, value, updated_at)
       SELECT name, labels, value, now() FROM unnest($1::text[], $2::text[], $3::float8[]) AS v(name, labels, value)
       ON CONFLICT (name, labels) DO UPDATE SET value = metric_counters.value + EXCLUDED.value, updated_at = now()`,
      [entries.map(([key]) => key.split('\u0000')[0]), entries.map(([key]) => key.split('\u0000')[1]), entries.map(([, value]) => value)],
    );
  } catch (error) {
    // Kept for the next flush: a database hiccup must not lose counts.
    for (const [key, value] of entries) current.pending.set(key, (current.pending.get(key) ?? 0) + value);
    logError('metrics.flush_failed', { error });
  }
}

/** Stops the timer after a last flush (scripts and tests, before the pools close). */
export async function stopMetrics(): Promise<void> {
  const current = holder.refundsMetrics;
  if (!current) return;
  if (current.timer) clearInterval(current.timer);
  current.timer = null;
  await flushMetrics();
}
