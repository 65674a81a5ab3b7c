import { metric, type Metric } from './metrics';
import { sampleRss, treeRss, type BenchServer } from './server';

/**
 * "Export CSV" with no filter, i.e. every refund, through the route handler as the browser downloads
 * it: seconds to the last byte, rows per second, and the peak resident memory of the server process
 * tree while it streams (sampled every 50 ms from /proc).
 */
export async function measureExport(server: BenchServer, options: { rows: number; log: (line: string) => void }): Promise<Metric[]> {
  const before = treeRss(server.pid);
  const sampler = sampleRss(server.pid);
  const started = performance.now();
  const response = await fetch(`${server.url}/api/refunds/export`, { headers: { cookie: server.cookie } });
  if (response.status !== 200 || !response.body) throw new Error(`export answered ${response.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  const peak = sampler.stop();
  // Header line plus one per refund (a quoted buyer text may add line breaks, never remove rows).
  if (lines < options.rows + 1) throw new Error(`export sent ${lines - 1} rows, expected ${options.rows}`);
  const rowsPerSecond = options.rows / seconds;
  options.log(
    `  ${options.rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s (${Math.round(rowsPerSecond).toLocaleString('en-US')} rows/s); server RSS ${(before / 1e6).toFixed(0)} MB before, peak ${(peak / 1e6).toFixed(0)} MB`,
  );
  return [
    metric({ name: 'export: all rows, seconds', value: seconds, unit: 's', note: `${options.rows} rows, ${(bytes / 1e6).toFixed(0)} MB of CSV` }),
    metric({ name: 'export: rows per second', value: rowsPerSecond, unit: 'rows/s', target: 100_000, comparison: '>=' }),
    metric({
      name: 'export: peak server memory',
      value: peak / 1e6,
      unit: 'MB',
      target: 300,
      note: `resident set of the next start process tree; ${(before / 1e6).toFixed(0)} MB before the export`,
    }),
  ];
}
