import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../lib/runtime';
import { metric, type Metric } from './metrics';

/**
 * First-load JavaScript of /refunds: every chunk the build lists for the route
 * (.next/diagnostics/route-bundle-stats.json), each gzipped at the default level as a server
 * would send it, summed.
 */
export async function measureWeight(log: (line: string) => void): Promise<Metric[]> {
  const stats = JSON.parse(await readFile(path.join(ROOT, '.next/diagnostics/route-bundle-stats.json'), 'utf8')) as {
    route: string;
    firstLoadChunkPaths: string[];
  }[];
  const route = stats.find((entry) => entry.route === '/refunds');
  if (!route) throw new Error('the build lists no /refunds route');
  let raw = 0;
  let gzipped = 0;
  for (const chunk of route.firstLoadChunkPaths) {
    const bytes = await readFile(path.join(ROOT, chunk));
    raw += bytes.length;
    gzipped += gzipSync(bytes).length;
  }
  log(`  /refunds: ${route.firstLoadChunkPaths.length} chunks, ${(raw / 1024).toFixed(0)} KB, ${(gzipped / 1024).toFixed(0)} KB gzipped`);
  return [
    metric({
      name: 'client: /refunds first-load JS (gzip)',
      value: gzipped / 1024,
      unit: 'KB',
      target: 200,
      note: `${route.firstLoadChunkPaths.length} chunks, ${(raw / 1024).toFixed(0)} KB uncompressed`,
    }),
  ];
}
