import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { filterQuery, loadRefundSearch } from '@/features/refunds/search-params';
import { ROOT } from '../lib/runtime';
import { cpuSince, cpuSnapshot, processCpuSeconds } from './cpu';
import { metric, percentile, type Metric } from './metrics';
import { sampleRss, type BenchServer } from './server';
import type { BenchView } from './views';

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

/**
 * The router state a browser on the grid sends with a client navigation (`Next-Router-State-Tree`,
 * copied from Chromium's request when the grid pages, Next 16.4): the root and (panel) layouts are
 * already on screen, so the server renders the page segment alone. Next's internal format; if an
 * upgrade changes it the server renders the whole tree and the answer lacks the grid, which counts
 * as an error below.
 */
const GRID_ROUTER_STATE = encodeURIComponent(
  JSON.stringify([
    '',
    { children: ['(panel)', { children: ['refunds', { children: ['__PAGE__', {}, null, 'refetch', 0] }, null, null, 4] }, null, null, 8] },
    null,
    null,
    24,
  ]),
);

/** The id of the grid's money-totals action in this build (the browser posts it after the rows). */
function totalsActionId(): string {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, '.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName: string }>;
  };
  const ids = Object.entries(manifest.node).filter(([, entry]) => entry.exportedName === 'refundTotalsAction');
  if (ids.length !== 1) throw new Error(`expected one refundTotalsAction in the build, found ${ids.length}`);
  return ids[0]![0];
}

type RequestKind = 'document' | 'navigation' | 'totals';

/**
 * What one user's browser asks of the server, in one of two models:
 * - `browser`: what Chromium sends on the grid (recorded with Playwright): the document once, then
 *   for every click (a filter, a sort, Next) one RSC request for the page segment, and the money
 *   totals action when the filters changed (a sort or a page keeps them) and the page did not
 *   carry them (it does when the count logs answer: counting-log.ts). Prefetches of the nav
 *   links (~300 bytes each, once per session) and the live-updates stream are left out.
 * - `reload`: every click a full page load (the document), the server's worst case.
 */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * The load generator's HTTP client: node:http on kept-alive connections, gzip accepted and
 * unpacked as a browser does. It shares the 2 cores with the server it measures, so it is kept
 * lean: fetch spent ~2 ms of CPU per click here (WHATWG streams), more than PostgreSQL did.
 */
function httpClient(base: string, connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const origin = new URL(base);
  return (method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string) =>
    new Promise<Answer>((resolve, reject) => {
      const request = httpRequest(
        { agent, host: origin.hostname, port: origin.port, method, path, headers: { 'accept-encoding': 'gzip', ...headers } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const raw = Buffer.concat(chunks);
            const text = (response.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text });
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
}

/**
 * What one user's browser asks of the server, in one of two models:
 * - `browser`: what Chromium sends on the grid (recorded with Playwright): the document once, then
 *   for every click (a filter, a sort, Next) one RSC request for the page segment, and the money
 *   totals action when the filters changed (a sort or a page keeps them) and the page did not
 *   carry them (it does when the count logs answer: counting-log.ts). Prefetches of the nav
 *   links (~300 bytes each, once per session) and the live-updates stream are left out.
 * - `reload`: every click a full page load (the document), the server's worst case.
 */
function browserOf(server: BenchServer, connections: number, record: (kind: RequestKind, ms: number, failure: string | null) => void) {
  const actionId = totalsActionId();
  const send = httpClient(server.url, connections);
  let rscParam: string | null = null;
  /** Sends one request; answers whether the page carried the money totals (the browser then posts no totals action). */
  const timed = async (kind: RequestKind, exchange: () => Promise<{ ok: boolean; totals?: boolean; answer?: Answer }>) => {
    const at = performance.now();
    let result: { ok: boolean; totals?: boolean; answer?: Answer };
    let failure: string | null = null;
    try {
      result = await exchange();
      if (!result.ok) failure = `${result.answer?.status ?? '?'} ${result.answer?.headers['content-type'] ?? ''}: ${(result.answer?.body ?? '').slice(0, 300)}`;
    } catch (error) {
      result = { ok: false };
      failure = String(error);
    }
    record(kind, performance.now() - at, failure);
    return result.totals === true;
  };
  // The grid page's props, as the flight payload writes them (escaped once more inside the HTML).
  const carriesTotals = (payload: string) => payload.includes('"totals":[') || payload.includes('\\"totals\\":[');
  return {
    document: (query: string) =>
      timed('document', async () => {
        const answer = await send('GET', `/refunds${query}`, { cookie: server.cookie });
        return { ok: answer.status === 200 && answer.body.includes('Marketplace Refund ID'), totals: carriesTotals(answer.body), answer };
      }),
    navigation: (query: string) =>
      timed('navigation', async () => {
        const headers = { cookie: server.cookie, rsc: '1', 'next-router-state-tree': GRID_ROUTER_STATE, 'next-url': '/refunds' };
        const withParam = (param: string) => `/refunds${query}${query ? '&' : '?'}_rsc=${param}`;
        const param = rscParam;
        let answer = await send('GET', param ? withParam(param) : `/refunds${query}`, headers);
        // Next 16 first redirects to the URL with its cache-busting `_rsc` parameter (a hash of these
        // headers, so the same for every grid navigation); a browser computes it, we learn it once.
        if (answer.status === 307 && !param) {
          rscParam = new URL(answer.headers.location ?? '', server.url).searchParams.get('_rsc');
          if (!rscParam) return { ok: false, answer };
          answer = await send('GET', withParam(rscParam), headers);
        }
        const ok = answer.status === 200 && answer.headers['content-type'] === 'text/x-component' && answer.body.includes('RefundsGrid');
        return { ok, totals: carriesTotals(answer.body), answer };
      }),
    totals: (filters: string) =>
      timed('totals', async () => {
        const answer = await send(
          'POST',
          '/refunds',
          {
            cookie: server.cookie,
            'next-action': actionId,
            accept: 'text/x-component',
            'content-type': 'text/plain;charset=UTF-8',
            origin: server.url,
            'next-router-state-tree': GRID_ROUTER_STATE,
          },
          JSON.stringify([{ query: filters }]),
        );
        return { ok: answer.status === 200 && answer.body.includes('"ok":true'), answer };
      }),
  };
}

/**
 * Many users on one `next start`: `users` signed-in browsers clicking through the standard grid
 * views in turn (filters, keywords and keyset pages mix as they do in an office), with no think
 * time: the server's saturation point, not a polite average. Reports clicks/s, p50 and p95 of what
 * shows the rows (the document or the RSC payload), the totals' p95, errors (any answer but the
 * grid), the CPU per click by whom, and the server's peak resident memory under load.
 */
export async function measureLoad(
  views: BenchView[],
  server: BenchServer,
  options: { users: number; seconds: number; model: 'browser' | 'reload'; processes: number; log: (line: string) => void },
): Promise<Metric[]> {
  const queries = views.filter((view) => !view.informational).map((view) => view.query);
  const filtersOf = new Map(queries.map((query) => [query, filterQuery(loadRefundSearch(query))]));
  const samples: Record<RequestKind, number[]> = { document: [], navigation: [], totals: [] };
  const failed: Record<RequestKind, number> = { document: 0, navigation: 0, totals: 0 };
  let clicks = 0;
  const browser = browserOf(server, options.users, (kind, ms, failure) => {
    samples[kind].push(ms);
    if (failure === null) return;
    failed[kind] += 1;
    // What went wrong, for the first two of each kind (an error is a bug to find, not a figure).
    if (failed[kind] <= 2) options.log(`  ${kind} failed after ${ms.toFixed(0)} ms: ${failure.replace(/\s+/g, ' ')}`);
  });
  const memory = sampleRss(server.pid, 200);
  const cpuBefore = cpuSnapshot();
  const serverBefore = processCpuSeconds(server.pid);
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const user = async (n: number) => {
    let filters: string | null = null;
    for (let i = n; performance.now() < deadline; i++) {
      const query = queries[i % queries.length]!;
      clicks += 1;
      const carried = options.model === 'reload' || filters === null ? await browser.document(query) : await browser.navigation(query);
      // Totals the page did not carry are loaded after the rows (once per filter set; a sort or a
      // page keeps them): the user sees the rows, then clicks on.
      if (options.model === 'browser' && filtersOf.get(query) !== filters) {
        filters = filtersOf.get(query)!;
        if (!carried) await browser.totals(filters);
      }
    }
  };
  await Promise.all(Array.from({ length: options.users }, (_, n) => user(n)));
  const seconds = (performance.now() - started) / 1000;
  const peak = memory.stop();
  const errors = failed.document + failed.navigation + failed.totals;
  const pages = [...samples.document, ...samples.navigation];
  const requests = pages.length + samples.totals.length;
  // CPU per click, by whom: what the machine's cores allow, whatever the latency says.
  const used = cpuSince(cpuBefore);
  const perClick = (cpuSeconds: number) => (cpuSeconds * 1000) / clicks;
  const serverMs = perClick(processCpuSeconds(server.pid) - serverBefore);
  const machineMs = perClick(used.machine);
  const cores = availableParallelism();
  const cpuNote = `CPU per click: ${machineMs.toFixed(1)} ms on the machine, of which the server ${serverMs.toFixed(1)}, PostgreSQL ${perClick(used.postgres).toFixed(1)}, the load generator ${perClick(used.process).toFixed(1)}; ${cores} cores allow at most ${Math.round((cores * 1000) / machineMs)} clicks/s, so ${options.users} users with no think time wait at least ${((options.users * machineMs) / cores / 1000).toFixed(2)} s a click on average (Little's law)`;
  const p = (list: number[], q: number) => (list.length ? percentile(list, q) : 0);
  const on = options.processes > 1 ? `, ${options.processes} server processes` : '';
  const kinds = (Object.keys(samples) as RequestKind[]).filter((kind) => samples[kind].length > 0);
  options.log(
    `  ${options.model}${on}: ${options.users} users for ${seconds.toFixed(0)} s: ${(clicks / seconds).toFixed(1)} clicks/s, ${(requests / seconds).toFixed(1)} requests/s; ${kinds
      .map(
        (kind) => `${kind} ${samples[kind].length} (${failed[kind]} failed) p50 ${p(samples[kind], 50).toFixed(0)} p95 ${p(samples[kind], 95).toFixed(0)} ms`,
      )
      .join('; ')}; ${errors} errors, server peak ${(peak / 1e6).toFixed(0)} MB; ${cpuNote}`,
  );
  const label = `load: ${options.users} users ${options.model === 'browser' ? 'browsing' : ', every click a full page load'}${on}`.replace(' ,', ',');
  const pageNote =
    options.model === 'browser'
      ? `what shows the rows: ${samples.document.length} first loads (HTML) and ${samples.navigation.length} client navigations (RSC)`
      : `${pages.length} documents`;
  return [
    metric({
      name: `${label}: clicks per second`,
      value: clicks / seconds,
      unit: 'clicks/s',
      note: `${clicks} clicks (${requests} requests) in ${seconds.toFixed(0)} s, no think time`,
    }),
    metric({ name: `${label}: page p50`, value: p(pages, 50), unit: 'ms', note: pageNote }),
    // The target is the browser's: a full page load per click is the worst case, kept for information
    // (it was this stage's only model until 2026-11-30).
    options.model === 'browser'
      ? metric({ name: `${label}: page p95`, value: p(pages, 95), unit: 'ms', target: 500, note: pageNote })
      : metric({ name: `${label}: page p95`, value: p(pages, 95), unit: 'ms', note: `${pageNote}; information: browsers load the document once` }),
    ...(samples.totals.length
      ? [
          metric({
            name: `${label}: money totals p95`,
            value: p(samples.totals, 95),
            unit: 'ms',
            target: 500,
            note: `${samples.totals.length} calls of the totals action, sent after the rows when the filters change`,
          }),
        ]
      : []),
    metric({ name: `${label}: CPU per click`, value: machineMs, unit: 'ms', note: cpuNote }),
    metric({ name: `${label}: errors`, value: errors, unit: 'requests', target: 0 }),
    metric({ name: `${label}: server peak memory`, value: peak / 1e6, unit: 'MB' }),
  ];
}
