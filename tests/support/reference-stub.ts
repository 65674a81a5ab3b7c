import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * TikTok's API reference examples (tests/fixtures/tiktok-reference/*.json, each with its source
 * page), served by a real HTTP server that answers every request with its endpoint's example,
 * verbatim: the same record and the same next_page_token whatever is asked, however often. No
 * signature, token or filter is checked: the point is what our client and sync make of TikTok's
 * documented answers, not the gateway (the sandbox plays that).
 */

export type ReferenceExample = 'search-returns' | 'search-cancellations' | 'return-records' | 'reject-reasons' | 'authorized-shops' | 'token-refresh';

interface Fixture {
  source: string;
  note: string;
  response: { code: number; message: string; request_id: string; data: Record<string, unknown> };
}

export function referenceExample(name: ReferenceExample): Fixture {
  return JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/tiktok-reference', `${name}.json`), 'utf8')) as Fixture;
}

function exampleFor(pathname: string): ReferenceExample | null {
  if (pathname === '/return_refund/202309/returns/search') return 'search-returns';
  if (pathname === '/return_refund/202309/cancellations/search') return 'search-cancellations';
  if (/^\/return_refund\/202309\/returns\/[^/]+\/records$/.test(pathname)) return 'return-records';
  if (pathname === '/return_refund/202309/reject_reasons') return 'reject-reasons';
  if (pathname === '/authorization/202309/shops') return 'authorized-shops';
  if (pathname === '/api/v2/token/refresh' || pathname === '/api/v2/token/get') return 'token-refresh';
  return null;
}

/** Starts the stub; `responses` replaces an example's whole envelope (e.g. one without optional fields). */
export async function startReferenceStub(responses: Partial<Record<ReferenceExample, unknown>> = {}) {
  const requests: { method: string; path: string; query: string }[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    req.resume();
    req.on('end', () => {
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search });
      const name = exampleFor(url.pathname);
      if (!name) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":36009009,"message":"Invalid path","data":null}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(responses[name] ?? referenceExample(name).response));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
