import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { metric, type Metric } from './metrics';

/** The checkout (commands and tests run from it, like ROOT in ../lib/runtime.ts, which this module does not load so that tests can import it alone). */
const ROOT = process.cwd();

/**
 * JavaScript weight of a route, from the production build: its first load (every chunk the build
 * lists for it in .next/diagnostics/route-bundle-stats.json) and what it loads after, through
 * next/dynamic (the route's react-loadable-manifest.json: the analytics charts), each chunk gzipped
 * at the default level as a server would send it. The budgets are docs/performance.md's; the e2e
 * suite fails when a build exceeds one (tests/e2e/analytics.spec.ts).
 */

export const WEIGHT_BUDGETS = {
  refundsFirstLoadKb: 200,
  /** The page with its filters, totals and figure tables: usable before any chart is drawn. */
  analyticsFirstLoadKb: 170,
  /** Recharts and the chart components, fetched once the page is up. */
  analyticsChartsKb: 160,
};

/** Where each route's page lives in the build (route groups included). */
const PAGE_DIRS: Record<string, string> = { '/refunds': '(panel)/refunds', '/analytics': '(panel)/analytics' };

export interface RouteWeight {
  firstLoadFiles: string[];
  lazyFiles: string[];
  firstLoadKb: number;
  firstLoadRawKb: number;
  lazyKb: number;
}

const gzippedKb = (files: string[]) => files.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0) / 1024;

export function measureRouteWeight(route: string): RouteWeight {
  const stats = JSON.parse(readFileSync(path.join(ROOT, '.next/diagnostics/route-bundle-stats.json'), 'utf8')) as {
    route: string;
    firstLoadChunkPaths: string[];
  }[];
  const entry = stats.find((candidate) => candidate.route === route);
  if (!entry) throw new Error(`the build lists no ${route} route`);
  const firstLoadFiles = entry.firstLoadChunkPaths.map((chunk) => path.join(ROOT, chunk));
  const manifest = path.join(ROOT, '.next/server/app', PAGE_DIRS[route] ?? route, 'page/react-loadable-manifest.json');
  const loadable = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, { files: string[] }>) : {};
  const lazyFiles = [...new Set(Object.values(loadable).flatMap((entry) => entry.files))]
    .map((file) => path.join(ROOT, '.next', file))
    .filter((file) => !firstLoadFiles.includes(file));
  return {
    firstLoadFiles,
    lazyFiles,
    firstLoadKb: gzippedKb(firstLoadFiles),
    firstLoadRawKb: firstLoadFiles.reduce((sum, file) => sum + readFileSync(file).length, 0) / 1024,
    lazyKb: gzippedKb(lazyFiles),
  };
}

export function measureWeight(log: (line: string) => void): Metric[] {
  const refunds = measureRouteWeight('/refunds');
  const analytics = measureRouteWeight('/analytics');
  log(`  /refunds: ${refunds.firstLoadFiles.length} chunks, ${refunds.firstLoadRawKb.toFixed(0)} KB, ${refunds.firstLoadKb.toFixed(0)} KB gzipped`);
  log(`  /analytics: ${analytics.firstLoadKb.toFixed(0)} KB gzipped at first load, then ${analytics.lazyKb.toFixed(0)} KB of charts`);
  return [
    metric({
      name: 'client: /refunds first-load JS (gzip)',
      value: refunds.firstLoadKb,
      unit: 'KB',
      target: WEIGHT_BUDGETS.refundsFirstLoadKb,
      note: `${refunds.firstLoadFiles.length} chunks, ${refunds.firstLoadRawKb.toFixed(0)} KB uncompressed`,
    }),
    metric({
      name: 'client: /analytics first-load JS (gzip)',
      value: analytics.firstLoadKb,
      unit: 'KB',
      target: WEIGHT_BUDGETS.analyticsFirstLoadKb,
      note: `${analytics.firstLoadFiles.length} chunks, ${analytics.firstLoadRawKb.toFixed(0)} KB uncompressed`,
    }),
    metric({
      name: 'client: /analytics charts loaded after it (gzip)',
      value: analytics.lazyKb,
      unit: 'KB',
      target: WEIGHT_BUDGETS.analyticsChartsKb,
      note: `${analytics.lazyFiles.length} chunks (Recharts), fetched once the page is interactive`,
    }),
  ];
}
