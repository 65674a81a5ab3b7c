import { metric, percentile, type Metric } from './metrics';
import type { BenchServer } from './server';
import type { BenchView } from './views';

const WARMUP = 3;

/**
 * `GET /refunds?…` on the production server for each grid view, as a signed-in admin: the time
 * until the whole server-rendered HTML has arrived (over loopback, so it is the server's time:
 * session check, queries, React render, streaming).
 */
export async function measureRender(views: BenchView[], server: BenchServer, options: { runs: number; log: (line: string) => void }): Promise<Metric[]> {
  const metrics: Metric[] = [];
  const fetchPage = async (query: string) => {
    const response = await fetch(`${server.url}/refunds${query}`, { headers: { cookie: server.cookie }, redirect: 'manual' });
    const html = await response.text();
    // A redirect to sign-in or an error page would be fast and wrong: insist on the rendered grid.
    if (response.status !== 200 || !html.includes('Marketplace Refund ID'))
      throw new Error(`GET /refunds${query} answered ${response.status} without the grid`);
    return html.length;
  };
  for (const view of views) {
    for (let i = 0; i < WARMUP; i++) await fetchPage(view.query);
    const samples: number[] = [];
    let bytes = 0;
    for (let i = 0; i < options.runs; i++) {
      const started = performance.now();
      bytes = await fetchPage(view.query);
      samples.push(performance.now() - started);
    }
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
