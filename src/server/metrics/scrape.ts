import 'server-only';
import { Counter, Gauge, Registry } from 'prom-client';
import { Prisma } from '@/generated/prisma/client';
import { env } from '@/server/config';
import { sqlRows } from '@/server/sql';
import { FAMILIES, flushMetrics, type Family } from './counters';

/**
 * What /api/metrics answers: one Prometheus text exposition for the whole cluster, whichever
 * process is scraped. The gauges are read from the database at scrape time (sync lag per shop,
 * jobs waiting and their age, requests about to auto-approve); the counters and histograms are
 * the sums every process adds to `metric_counters` (./counters.ts). prom-client formats the
 * gauges and counters; a histogram's series are stored already cumulative per bucket, which
 * prom-client's Histogram cannot be given, so they are written out in the same text format here.
 */

const sql = Prisma.sql;

interface CounterRow {
  name: string;
  labels: string;
  value: number;
}

/** `a="1",b="x"` back to an object (values escaped as ./counters.ts wrote them). */
function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[match[1]!] = match[2]!.replace(/\\n/g, '\n').replace(/\\(.)/g, '$1');
  return labels;
}

async function gauges(registry: Registry): Promise<void> {
  const lag = new Gauge({
    name: 'refunds_sync_lag_seconds',
    help: "Seconds since the shop's sync watermark (everything TikTok changed before it is in the panel); shops never synced are absent",
    labelNames: ['account_id', 'shop'],
    registers: [registry],
  });
  for (const row of await sqlRows<{ id: number; name: string; lag: number }>(sql`
    SELECT id, name, extract(epoch FROM now() - sync_watermark)::float8 AS lag FROM shop_accounts WHERE active AND sync_watermark IS NOT NULL`))
    lag.set({ account_id: String(row.id), shop: row.name }, Math.max(0, row.lag));

  const queued = new Gauge({
    name: 'refunds_jobs_queued',
    help: 'Jobs waiting to run (created or waiting for a retry), by queue',
    labelNames: ['queue'],
    registers: [registry],
  });
  const active = new Gauge({ name: 'refunds_jobs_active', help: 'Jobs running now, by queue', labelNames: ['queue'], registers: [registry] });
  const age = new Gauge({
    name: 'refunds_jobs_oldest_queued_age_seconds',
    help: 'Age of the oldest job that could run now and waits, by queue (0 when none waits)',
    labelNames: ['queue'],
    registers: [registry],
  });
  // The partial index pg-boss keeps on (name, state < 'active') makes this cheap however many jobs are archived.
  for (const row of await sqlRows<{ queue: string; queued: number; active: number; age: number | null }>(sql`
    SELECT q.name AS queue,
           count(j.id) FILTER (WHERE j.state IN ('created', 'retry'))::int AS queued,
           count(j.id) FILTER (WHERE j.state = 'active')::int AS active,
           extract(epoch FROM now() - min(j.created_on) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= now()))::float8 AS age
      FROM pgboss.queue q LEFT JOIN pgboss.job j ON j.name = q.name AND j.state < 'completed'
     GROUP BY q.name`)) {
    queued.set({ queue: row.queue }, row.queued);
    active.set({ queue: row.queue }, row.active);
    age.set({ queue: row.queue }, Math.max(0, row.age ?? 0));
  }

  const autoApprove = new Gauge({
    name: 'refunds_auto_approve_within_warning',
    help: 'Requests waiting for the seller that TikTok will auto-approve within the warning window (RESPOND_BY_WARNING_HOURS), not being decided now',
    registers: [registry],
  });
  const [row] = await sqlRows<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM refunds
     WHERE respond_by > now() AND respond_by <= now() + make_interval(secs => ${env.RESPOND_BY_WARNING_HOURS * 3600})
       AND seller_next_action IS NOT NULL AND decision_claim_id IS NULL`);
  autoApprove.set(row?.n ?? 0);
}

function counters(registry: Registry, rows: CounterRow[]): void {
  const family = FAMILIES.tiktokCalls;
  const counter = new Counter({ name: family.name, help: family.help, labelNames: ['api', 'outcome'], registers: [registry] });
  for (const row of rows.filter((r) => r.name === family.name)) counter.inc(parseLabels(row.labels), row.value);
}

/** A histogram's series in the text format, its buckets in order with +Inf last. */
function histogramText(family: Family, rows: CounterRow[]): string {
  const mine = rows.filter((row) => row.name.startsWith(`${family.name}_`));
  const lines = [`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} histogram`];
  const order = (labels: string) => {
    const le = parseLabels(labels).le;
    return le === undefined ? -1 : le === '+Inf' ? Infinity : Number(le);
  };
  const groupOf = (labels: string) => labels.replace(/,?le="[^"]*"/, '').replace(/^,/, '');
  const sorted = [...mine].sort(
    (a, b) => groupOf(a.labels).localeCompare(groupOf(b.labels)) || a.name.localeCompare(b.name) || order(a.labels) - order(b.labels),
  );
  for (const row of sorted) lines.push(`${row.name}${row.labels ? `{${row.labels}}` : ''} ${row.value}`);
  return `${lines.join('\n')}\n`;
}

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  // This process's last few seconds count too.
  await flushMetrics();
  const registry = new Registry();
  await gauges(registry);
  const rows = await sqlRows<CounterRow>(sql`SELECT name, labels, value FROM metric_counters ORDER BY name, labels`);
  counters(registry, rows);
  const body = (await registry.metrics()) + histogramText(FAMILIES.webhookToRow, rows) + histogramText(FAMILIES.http, rows);
  return { contentType: registry.contentType, body };
}
