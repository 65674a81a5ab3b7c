import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { analyticsApi } from './analytics-api';
import { consent, consentPage, tokens } from './auth-api';
import type { SandboxContext, SandboxStats } from './context';
import { control } from './control-api';
import { FaultPlan, type FaultRule } from './faults';
import { financeApi } from './finance-api';
import { ApiError, authenticate } from './gateway';
import { envelope, readBody } from './http-utils';
import { RequestLimits } from './limits';
import type { SandboxProfile } from './profile';
import { returnsApi } from './returns-api';
import { SandboxState } from './state';
import { WebhookPusher } from './webhooks';

/**
 * A TikTok Shop stand-in for development, tests and benchmarks: the endpoints the refunds panel
 * uses, with TikTok's signature check, token rules, envelope and error codes, a seeded evolving
 * population, seller decisions, signed webhooks and switchable faults. Listens on 127.0.0.1 only.
 * This file starts the server and routes requests; each API lives in its own module
 * (gateway.ts, auth-api.ts, returns-api.ts, finance-api.ts, analytics-api.ts, control-api.ts).
 */

export interface SandboxOptions {
  profile: SandboxProfile;
  port?: number;
  stateFile?: string;
  /** Seconds since the epoch; tests pin it. */
  clock?: () => number;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  webhookUrl?: string;
  /** Answer as TikTok's API reference examples do (./reference-mode.ts); POST /_sandbox/reference-mode switches it too. */
  referenceMode?: boolean;
  /** TikTok's per-shop limit (requests per second), enforced with 429s; unset: counted only (POST /_sandbox/limits switches it). */
  perShopPerSecond?: number;
  log?: (line: string) => void;
}

export interface RunningSandbox {
  url: string;
  port: number;
  state: SandboxState;
  faults: FaultPlan;
  limits: RequestLimits;
  webhooks: WebhookPusher;
  /** Calls received per kind, for tests that count attempts and refreshes. */
  stats: SandboxStats;
  close(): Promise<void>;
}

const DAY = 86400;

/** Returns true when the fault answered (or killed) the request. */
async function applyFault(fault: FaultRule, res: ServerResponse): Promise<boolean> {
  switch (fault.kind) {
    case 'rate_limit':
      envelope(res, 429, 36009002, 'Too many requests', null, { 'retry-after': String(fault.retryAfterSeconds) });
      return true;
    case 'server_error':
      envelope(res, 500, 36009003, 'Internal error');
      return true;
    case 'expired_token':
      envelope(res, 401, 105002, 'Access token is expired, please refresh it');
      return true;
    case 'refuse':
      envelope(res, 200, 25011012, 'Current status cannot approve application');
      return true;
    case 'malformed_json':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"code":0,"message":"Success","data":{"return_orders":[{"return_id":"40');
      return true;
    case 'drop':
      res.socket?.destroy();
      return true;
    case 'timeout':
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      return false;
    default:
      return false;
  }
}

/** Authorized Shops (doc 3.5): the one shop the token belongs to. */
function authorizedShops(ctx: SandboxContext, shopIndex: number) {
  const shop = ctx.state.shops[shopIndex]!;
  return { shops: [{ id: shop.shopId, name: shop.name, region: shop.market.region, seller_type: shop.sellerType, cipher: shop.cipher, code: shop.code }] };
}

/** Every signed API call: gateway checks, injected faults, then the route. */
async function api(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const body = req.method === 'POST' ? await readBody(req) : '';
  ctx.stats.api += 1;
  ctx.stats.byPath[url.pathname] = (ctx.stats.byPath[url.pathname] ?? 0) + 1;
  const { shopIndex } = authenticate(ctx, url, body, req);
  // TikTok's gateway counts the request against the shop's limit before anything else.
  if (!ctx.limits.admit(shopIndex)) {
    envelope(res, 429, 36009002, 'Too many requests', null, { 'retry-after': '1' });
    return;
  }
  const fault = ctx.faults.take(url.pathname, ['rate_limit', 'server_error', 'timeout', 'drop', 'malformed_json', 'expired_token', 'refuse']);
  if (fault && (await applyFault(fault, res))) return;
  const method = req.method ?? 'GET';
  const routed =
    method === 'GET' && url.pathname === '/authorization/202309/shops'
      ? { data: authorizedShops(ctx, shopIndex) }
      : (returnsApi(ctx, method, url, body, shopIndex) ?? financeApi(ctx, method, url, shopIndex) ?? analyticsApi(ctx, method, url, shopIndex));
  if (!routed) throw new ApiError(404, 36009009, 'Invalid path');
  if (ctx.faults.take(url.pathname, ['drop_after'])) {
    res.socket?.destroy();
    return;
  }
  envelope(res, 200, 0, 'Success', routed.data);
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const { profile } = options;
  const log = options.log ?? (() => undefined);
  const state = new SandboxState(profile.population, options.clock, options.stateFile);
  await state.load();
  if (options.referenceMode) state.setReferenceMode(true);
  const ctx: SandboxContext = {
    profile,
    state,
    faults: new FaultPlan(),
    limits: new RequestLimits(options.perShopPerSecond ?? null),
    webhooks: new WebhookPusher(profile, options.webhookUrl, log),
    stats: { api: 0, connections: 0, tokenGet: 0, tokenRefresh: 0, byPath: {} },
    served: new Map(),
    accessTtl: options.accessTokenTtlSeconds ?? 7 * DAY,
    refreshTtl: options.refreshTokenTtlSeconds ?? 365 * DAY,
    log,
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handle = async () => {
      if (url.pathname.startsWith('/_sandbox/')) await control(ctx, req, res, url);
      else if (url.pathname === '/api/v2/token/get' && req.method === 'GET') tokens(ctx, res, url, 'get');
      else if (url.pathname === '/api/v2/token/refresh' && req.method === 'GET') tokens(ctx, res, url, 'refresh');
      else if (url.pathname === '/open/authorize' && req.method === 'GET') consentPage(ctx, res, url);
      else if (url.pathname === '/open/authorize' && req.method === 'POST') await consent(ctx, req, res);
      else await api(ctx, req, res, url);
    };
    handle().catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (error instanceof ApiError) {
        envelope(res, error.status, error.code, error.message, null, error.headers);
      } else if (error instanceof z.ZodError) {
        envelope(res, 400, 25001001, `Invalid request parameter: ${error.issues[0]?.path.join('.')}`);
      } else {
        log(`sandbox error: ${error instanceof Error ? error.message : String(error)}`);
        envelope(res, 500, 36009003, 'Internal error');
      }
    });
  });
  server.on('connection', () => (ctx.stats.connections += 1));
  // Node's default (5 s), as a real API keeps idle connections. It was 1 s: the server then
  // announces `Keep-Alive: timeout=1`, and Node's client agent, which retires a socket a second
  // before the server's announced timeout, never reused one, so every request (2,011 in a
  // 100,000-refund backfill) opened a new TCP connection on both sides. Shutdown does not wait
  // for idle connections: close() closes them all.
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log(`TikTok Shop sandbox listening on ${url} (app key ${profile.appKey}, ${state.shops.length} shops)`);
  return {
    url,
    port,
    state,
    faults: ctx.faults,
    limits: ctx.limits,
    webhooks: ctx.webhooks,
    stats: ctx.stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
