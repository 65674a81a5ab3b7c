import { metric, percentile, type Metric } from './metrics';
import type { BenchServer } from './server';
import type { BenchView } from './views';

const WARMUP = 3;

/**
 * `GET /refunds?…` on the production server for each grid view, as a signed-in admin: the time
 * until the whole server-rendered HTML has arrived (over loopback, so it is the server's time:
 * session check, queries, React render, streaming).
 */
/**
 * Fetches `path` on the production server as a signed-in admin `runs` times (after a warm-up), each
 * time until the whole HTML has arrived; a redirect to sign-in or an error page would be fast and
 * wrong, so the page must contain `marker`. Shared by the grid's and the analytics' render figures.
 */
export async function timePage(
  server: BenchServer,
  path: string,
  marker: string,
  runs: number,
): Promise<{ samples: number[]; bytes: number; p50: number; p95: number }> {
  const fetchPage = async () => {
    const response = await fetch(`${server.url}${path}`, { headers: { cookie: server.cookie }, redirect: 'manual' });
    const html = await response.text();
    if (response.status !== 200 || !html.includes(marker)) throw new Error(`GET ${path} answered ${response.status} without "${marker}"`);
    return html.length;
  };
  for (let i = 0; i < WARMUP; i++) await fetchPage();
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    bytes = await fetchPage();
    samples.push(performance.now() - started);
  }
  return { samples, bytes, p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

export async function measureRender(views: BenchView[], server: BenchServer, options: { runs: number; log: (line: string) => void }): Promise<Metric[]> {
  const metrics: Metric[] = [];
  for (const view of views) {
    const { samples, bytes } = await timePage(server, `/refunds${view.query}`, 'Marketplace Refund ID', options.runs);
    options.log(
      `  ${view.name}: p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms, ${(bytes / 1024).toFixed(0)} KB of HTML`,
    );
    const note = `${(bytes / 1024).toFixed(0)} KB of HTML${view.informational ? `; ${view.informational}` : ''}`;
    metrics.push(metric({ name: `render: ${view.name} p50`, value: percentile(samples, 50), unit: 'ms' }));
    metrics.push(
      view.informational
        ? metric({ name: `render: ${view.name} p95`, value: percentile(samples, 95), unit: 'ms', note })
        : metric({ name: `render: ${view.name} p95`, value: percentile(samples, 95), unit: 'ms', target: 150, note }),
    );
  }
  return metrics;
}
