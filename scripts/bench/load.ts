import { availableParallelism } from 'node:os';
import { cpuSince, cpuSnapshot, processCpuSeconds } from './cpu';
import { metric, percentile, type Metric } from './metrics';
import { sampleRss, type BenchServer } from './server';
import type { BenchView } from './views';

/**
 * Many users on one `next start`: `users` signed-in browsers each loading grid pages one after
 * another for `seconds` (the standard views in turn, so filters, keywords and keyset pages mix as
 * they do in an office), no think time: the server's saturation point, not a polite average.
 * Reports requests/s, p50 and p95 of the whole HTML, errors (any answer but the rendered grid),
 * and the server's peak resident memory while under load.
 */
/** What one grid page of 50 rows weighs: the HTML of a first load, and the RSC payload of a client navigation to it. */
export async function measurePageWeight(server: BenchServer): Promise<Metric[]> {
  // An RSC request is redirected to the URL with its cache-busting `_rsc` parameter first (Next 16): followed.
  const get = async (headers: Record<string, string>) => {
    const response = await fetch(`${server.url}/refunds`, { headers: { cookie: server.cookie, ...headers }, redirect: headers.rsc ? 'follow' : 'manual' });
    if (response.status !== 200) throw new Error(`GET /refunds answered ${response.status}`);
    return (await response.arrayBuffer()).byteLength;
  };
  const html = await get({});
  const rsc = await get({ rsc: '1' });
  return [
    metric({
      name: 'grid page: HTML per 50 rows',
      value: html / 1024,
      unit: 'KB',
      note: 'first load, uncompressed (the RSC payload for hydration is inlined in it)',
    }),
    metric({ name: 'grid page: RSC per 50 rows', value: rsc / 1024, unit: 'KB', note: 'a client navigation (Next/Previous, a filter), uncompressed' }),
  ];
}

export async function measureLoad(
  views: BenchView[],
  server: BenchServer,
  options: { users: number; seconds: number; log: (line: string) => void },
): Promise<Metric[]> {
  const queries = views.filter((view) => !view.informational).map((view) => view.query);
  const samples: number[] = [];
  let errors = 0;
  let bytes = 0;
  const memory = sampleRss(server.pid, 200);
  const cpuBefore = cpuSnapshot();
  const serverBefore = processCpuSeconds(server.pid);
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const user = async (n: number) => {
    for (let i = n; performance.now() < deadline; i++) {
      const query = queries[i % queries.length]!;
      const at = performance.now();
      try {
        const response = await fetch(`${server.url}/refunds${query}`, { headers: { cookie: server.cookie }, redirect: 'manual' });
        const html = await response.text();
        if (response.status !== 200 || !html.includes('Marketplace Refund ID')) errors += 1;
        else bytes = Math.max(bytes, html.length);
      } catch {
        errors += 1;
      }
      samples.push(performance.now() - at);
    }
  };
  await Promise.all(Array.from({ length: options.users }, (_, n) => user(n)));
  const seconds = (performance.now() - started) / 1000;
  const peak = memory.stop();
  const rate = samples.length / seconds;
  // CPU per page, by whom: what the machine's cores allow, whatever the latency says.
  const used = cpuSince(cpuBefore);
  const perPage = (cpuSeconds: number) => (cpuSeconds * 1000) / samples.length;
  const serverMs = perPage(processCpuSeconds(server.pid) - serverBefore);
  const machineMs = perPage(used.machine);
  const cores = availableParallelism();
  const cpuNote = `CPU per page: ${machineMs.toFixed(1)} ms on the machine, of which the server ${serverMs.toFixed(1)}, PostgreSQL ${perPage(used.postgres).toFixed(1)}, the load generator ${perPage(used.process).toFixed(1)}; ${cores} cores allow at most ${Math.round((cores * 1000) / machineMs)} pages/s, so ${options.users} users with no think time wait at least ${((options.users * machineMs) / cores / 1000).toFixed(2)} s a page on average (Little's law)`;
  options.log(
    `  ${options.users} users for ${seconds.toFixed(0)} s: ${rate.toFixed(1)} requests/s, p50 ${percentile(samples, 50).toFixed(0)} ms, p95 ${percentile(samples, 95).toFixed(0)} ms, ${errors} errors, server peak ${(peak / 1e6).toFixed(0)} MB; ${cpuNote}`,
  );
  const label = `load: ${options.users} users`;
  return [
    metric({
      name: `${label}: requests per second`,
      value: rate,
      unit: 'req/s',
      note: `${samples.length} pages in ${seconds.toFixed(0)} s, no think time; largest page ${(bytes / 1024).toFixed(0)} KB of HTML`,
    }),
    metric({ name: `${label}: p50`, value: percentile(samples, 50), unit: 'ms' }),
    metric({ name: `${label}: p95`, value: percentile(samples, 95), unit: 'ms', target: 500 }),
    metric({ name: `${label}: CPU per page`, value: machineMs, unit: 'ms', note: cpuNote }),
    metric({ name: `${label}: errors`, value: errors, unit: 'requests', target: 0 }),
    metric({ name: `${label}: server peak memory`, value: peak / 1e6, unit: 'MB' }),
  ];
}
