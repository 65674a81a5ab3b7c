import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { signRequest } from '@/server/tiktok/sign';
import { FaultPlan, faultRuleSchema, type FaultRule } from './faults';
import { envelope, escapeHtml, html, readBody } from './http-utils';
import type { SandboxProfile } from './profile';
import { rejectReasonsFor, SandboxState, type Change, type SearchQuery } from './state';
import { mintToken, verifyToken } from './tokens';
import { WebhookPusher } from './webhooks';

/**
 * A TikTok Shop stand-in for development, tests and benchmarks: the endpoints the refunds panel
 * uses, with TikTok's signature check, token rules, envelope and error codes, a seeded evolving
 * population, seller decisions, signed webhooks and switchable faults. Listens on 127.0.0.1 only.
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
  log?: (line: string) => void;
}

export interface RunningSandbox {
  url: string;
  port: number;
  state: SandboxState;
  faults: FaultPlan;
  webhooks: WebhookPusher;
  /** Calls received per kind, for tests that count attempts and refreshes. */
  stats: SandboxStats;
  close(): Promise<void>;
}

interface SandboxStats {
  api: number;
  tokenGet: number;
  tokenRefresh: number;
  byPath: Record<string, number>;
}

const DAY = 86400;
/** TikTok accepts timestamps from 5 minutes ago to 30 seconds ahead (doc 1.3). */
const TIMESTAMP_PAST = 300;
const TIMESTAMP_FUTURE = 30;
const SCOPES = ['seller.return_refund.basic', 'seller.authorization.info'];

const pageTokenSchema = z.object({ o: z.number().int().nonnegative(), q: z.string() });

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function equalStrings(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const searchBodySchema = z.looseObject({
  return_ids: z.array(z.string()).optional(),
  cancel_ids: z.array(z.string()).optional(),
  order_ids: z.array(z.string()).optional(),
  return_status: z.array(z.string()).optional(),
  cancel_status: z.array(z.string()).optional(),
  create_time_ge: z.number().int().optional(),
  create_time_lt: z.number().int().optional(),
  update_time_ge: z.number().int().optional(),
  update_time_lt: z.number().int().optional(),
});

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const { profile } = options;
  const log = options.log ?? (() => undefined);
  const state = new SandboxState(profile.population, options.clock, options.stateFile);
  await state.load();
  const faults = new FaultPlan();
  const webhooks = new WebhookPusher(profile, options.webhookUrl, log);
  const accessTtl = options.accessTokenTtlSeconds ?? 7 * DAY;
  const refreshTtl = options.refreshTokenTtlSeconds ?? 365 * DAY;
  const stats: SandboxStats = { api: 0, tokenGet: 0, tokenRefresh: 0, byPath: {} };
  /** Records served per search query, for the shifting and duplicate faults. */
  const served = new Map<string, number[]>();

  const realNow = () => Math.floor(Date.now() / 1000);

  function mintPair(shopIndex: number) {
    const now = state.now();
    const gen = randomBytes(6).toString('hex');
    return {
      access_token: mintToken(profile.appSecret, 'access', { shopIndex, exp: now + accessTtl, gen }),
      access_token_expire_in: now + accessTtl,
      refresh_token: mintToken(profile.appSecret, 'refresh', { shopIndex, exp: now + refreshTtl, gen }),
      refresh_token_expire_in: now + refreshTtl,
      open_id: `open_${state.shops[shopIndex]!.shopId.slice(-8)}`,
      seller_name: state.shops[shopIndex]!.name,
      seller_base_region: state.shops[shopIndex]!.market.region,
      user_type: 0,
      granted_scopes: SCOPES,
    };
  }

  /** Gateway checks, in TikTok's order: app key, timestamp, signature, token, shop cipher. */
  function authenticate(url: URL, body: string, req: IncomingMessage): { shopIndex: number } {
    const query = Object.fromEntries(url.searchParams.entries());
    if (query.app_key !== profile.appKey) throw new ApiError(400, 36009004, 'Invalid app_key');
    const timestamp = Number(query.timestamp);
    if (!/^\d{10}$/.test(query.timestamp ?? '') || timestamp < realNow() - TIMESTAMP_PAST || timestamp > realNow() + TIMESTAMP_FUTURE) {
      throw new ApiError(400, 36009004, 'Invalid timestamp');
    }
    const expected = signRequest({ path: url.pathname, query, body: body || undefined, appSecret: profile.appSecret });
    if (!query.sign || !equalStrings(query.sign, expected)) throw new ApiError(401, 106001, "Invalid credentials. The 'sign' query parameter is invalid.");
    const token = req.headers['x-tts-access-token'];
    if (typeof token !== 'string' || !token) throw new ApiError(401, 36009004, 'Invalid credentials. The x-tts-access-token header is missing.');
    const checked = verifyToken(profile.appSecret, 'access', token, state.now());
    if (!checked.ok) {
      if (checked.reason === 'expired') throw new ApiError(401, 105002, 'Access token is expired, please refresh it');
      throw new ApiError(401, 36009004, 'Invalid credentials. The x-tts-access-token header is invalid.');
    }
    const shopIndex = checked.claims.shopIndex;
    if (url.pathname.startsWith('/authorization/')) {
      if (query.shop_cipher) throw new ApiError(400, 36009004, 'Unexpected identifier: shop_cipher');
    } else {
      if (!query.shop_cipher) throw new ApiError(400, 106013, 'shop_cipher is required');
      if (query.shop_cipher !== state.shops[shopIndex]?.cipher) throw new ApiError(401, 101000, 'The token does not match shop_cipher');
    }
    return { shopIndex };
  }

  function pageToken(offset: number, queryHash: string): string {
    // Standard base64 with padding, like TikTok's tokens: `=`, `+` and `/` must survive encoding.
    return Buffer.from(JSON.stringify({ o: offset, q: queryHash, n: randomBytes(3).toString('hex') })).toString('base64');
  }

  function search(kind: 'Return' | 'Cancellation', url: URL, body: string, shopIndex: number) {
    const params = url.searchParams;
    const pageSize = Number(params.get('page_size') ?? 10);
    const [min, max] = kind === 'Return' ? [10, 50] : [1, 50];
    if (!Number.isInteger(pageSize) || pageSize < min || pageSize > max)
      throw new ApiError(400, 25001001, `Invalid request parameter: page_size must be ${min} to ${max}`);
    const sortField = params.get('sort_field') ?? 'create_time';
    const sortOrder = params.get('sort_order') ?? 'ASC';
    if (sortField !== 'create_time' && sortField !== 'update_time') throw new ApiError(400, 25001001, 'Invalid request parameter: sort_field');
    if (sortOrder !== 'ASC' && sortOrder !== 'DESC') throw new ApiError(400, 25001001, 'Invalid request parameter: sort_order');
    let json: unknown = {};
    if (body) {
      try {
        json = JSON.parse(body);
      } catch {
        throw new ApiError(400, 36009004, 'Invalid request body');
      }
    }
    const parsed = searchBodySchema.safeParse(json);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? 'body';
      throw new ApiError(400, 36009004, `param ${field} type invalid. expected type:int64 or string array`);
    }
    const b = parsed.data;
    const query: SearchQuery = {
      kind,
      shopIndex,
      ids: kind === 'Return' ? b.return_ids : b.cancel_ids,
      orderIds: b.order_ids,
      statuses: kind === 'Return' ? b.return_status : b.cancel_status,
      createdFrom: b.create_time_ge,
      createdBefore: b.create_time_lt,
      updatedFrom: b.update_time_ge,
      updatedBefore: b.update_time_lt,
      sortField,
      sortOrder,
    };
    const queryHash = Buffer.from(JSON.stringify(query)).toString('base64url').slice(-24) + String(body.length);
    let offset = 0;
    const tokenText = params.get('page_token');
    if (tokenText) {
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(tokenText, 'base64').toString('utf8'));
      } catch {
        throw new ApiError(400, 25001001, 'Invalid request parameter: page_token');
      }
      const token = pageTokenSchema.safeParse(decoded);
      if (!token.success || token.data.q !== queryHash) throw new ApiError(400, 25001001, 'Invalid request parameter: page_token');
      offset = token.data.o;
    }
    const path = url.pathname;
    const servedKey = `${shopIndex}:${kind}:${queryHash}`;
    if (offset > 0) {
      const shifting = faults.take(path, ['shifting_records']);
      if (shifting) {
        // Records already served get updated now: they leave an update_time window that ends
        // before now, so every later record moves up and one lands on the page already served.
        for (const index of (served.get(servedKey) ?? []).slice(0, shifting.records)) state.touch(shopIndex, index);
      }
    }
    const now = state.now();
    const matches = state.search(query, now);
    let pageIndexes = matches.slice(offset, offset + pageSize);
    if (offset > 0) {
      const duplicate = faults.take(path, ['duplicate_records']);
      if (duplicate) pageIndexes = [...matches.slice(Math.max(0, offset - duplicate.records), offset), ...pageIndexes];
    }
    served.set(servedKey, [...(offset === 0 ? [] : (served.get(servedKey) ?? [])), ...pageIndexes]);
    const next = offset + pageSize < matches.length ? pageToken(offset + pageSize, queryHash) : '';
    const items = pageIndexes.map((index) => state.json(shopIndex, index, now));
    return {
      [kind === 'Return' ? 'return_orders' : 'cancellations']: items,
      total_count: matches.length,
      next_page_token: next,
    };
  }

  function decide(kind: 'Return' | 'Cancellation', id: string, approve: boolean, url: URL, body: string, shopIndex: number) {
    let json: Record<string, unknown> = {};
    if (body) {
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        throw new ApiError(400, 36009004, 'Invalid request body');
      }
    }
    const found = state.find(id);
    if (!found || found.shopIndex !== shopIndex) throw new ApiError(200, 25007006, 'The order or aftersale request does not exist');
    if (!approve && typeof json.reject_reason !== 'string') throw new ApiError(200, 25001001, 'Invalid request parameter: reject_reason is required');
    if (kind === 'Return' && typeof json.decision !== 'string') throw new ApiError(200, 25001001, 'Invalid request parameter: decision is required');
    const result = state.decide({
      id,
      kind,
      approve,
      decision: typeof json.decision === 'string' ? json.decision : undefined,
      reason: typeof json.reject_reason === 'string' ? json.reject_reason : undefined,
      idempotencyKey: url.searchParams.get('idempotency_key') ?? undefined,
    });
    if (!result.ok) throw new ApiError(200, result.code, result.message);
    if (result.changed) webhooks.push([result.changed]);
    return {};
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = req.method === 'POST' ? await readBody(req) : '';
    stats.api += 1;
    stats.byPath[url.pathname] = (stats.byPath[url.pathname] ?? 0) + 1;
    const { shopIndex } = authenticate(url, body, req);
    const fault = faults.take(url.pathname, ['rate_limit', 'server_error', 'timeout', 'drop', 'malformed_json', 'expired_token']);
    if (fault && (await applyFault(fault, res))) return;
    const path = url.pathname;
    const returnAction = path.match(/^\/return_refund\/202309\/returns\/([^/]+)\/(approve|reject|records)$/);
    const cancelAction = path.match(/^\/return_refund\/202309\/cancellations\/([^/]+)\/(approve|reject)$/);
    let data: unknown;
    if (req.method === 'GET' && path === '/authorization/202309/shops') {
      const shop = state.shops[shopIndex]!;
      data = { shops: [{ id: shop.shopId, name: shop.name, region: shop.market.region, seller_type: shop.sellerType, cipher: shop.cipher, code: shop.code }] };
    } else if (req.method === 'POST' && path === '/return_refund/202309/returns/search') {
      data = search('Return', url, body, shopIndex);
    } else if (req.method === 'POST' && path === '/return_refund/202309/cancellations/search') {
      data = search('Cancellation', url, body, shopIndex);
    } else if (req.method === 'GET' && returnAction?.[2] === 'records') {
      const found = state.find(decodeURIComponent(returnAction[1]!));
      if (!found || found.shopIndex !== shopIndex || found.request.kind !== 'Return') throw new ApiError(200, 25007006, 'The aftersale request does not exist');
      data = { records: state.records(found.request, state.now()) };
    } else if (req.method === 'POST' && returnAction && returnAction[2] !== 'records') {
      data = decide('Return', decodeURIComponent(returnAction[1]!), returnAction[2] === 'approve', url, body, shopIndex);
    } else if (req.method === 'POST' && cancelAction) {
      data = decide('Cancellation', decodeURIComponent(cancelAction[1]!), cancelAction[2] === 'approve', url, body, shopIndex);
    } else if (req.method === 'GET' && path === '/return_refund/202309/reject_reasons') {
      const found = state.find(url.searchParams.get('return_or_cancel_id') ?? '');
      if (!found || found.shopIndex !== shopIndex) throw new ApiError(200, 25007006, 'The aftersale request does not exist');
      const action = state.awaitedAction(found.request, state.now());
      data = { reasons: rejectReasonsFor(action).map(([name, text]) => ({ name, text })) };
    } else {
      throw new ApiError(404, 36009009, 'Invalid path');
    }
    envelope(res, 200, 0, 'Success', data);
  }

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

  function tokens(res: ServerResponse, url: URL, grant: 'get' | 'refresh'): void {
    const q = url.searchParams;
    if (grant === 'get') stats.tokenGet += 1;
    else stats.tokenRefresh += 1;
    if (q.get('app_key') !== profile.appKey || !equalStrings(q.get('app_secret') ?? '', profile.appSecret)) {
      throw new ApiError(200, 36004004, 'Invalid app_key or app_secret');
    }
    if (grant === 'get') {
      if (q.get('grant_type') !== 'authorized_code') throw new ApiError(200, 36004004, 'grant_type must be authorized_code');
      const code = q.get('auth_code') ?? '';
      const checked = verifyToken(profile.appSecret, 'code', code, state.now());
      // Codes are single-use and expire after 30 minutes (doc 3.1).
      if (!checked.ok || state.usedCodes.has(code)) throw new ApiError(200, 36004004, 'The authorization code is invalid, expired or already used');
      state.usedCodes.add(code);
      envelope(res, 200, 0, 'success', mintPair(checked.claims.shopIndex));
      return;
    }
    if (q.get('grant_type') !== 'refresh_token') throw new ApiError(200, 36004004, 'grant_type must be refresh_token');
    const checked = verifyToken(profile.appSecret, 'refresh', q.get('refresh_token') ?? '', state.now());
    if (!checked.ok) throw new ApiError(200, 36004004, checked.reason === 'expired' ? 'The refresh token is expired' : 'The refresh token is invalid');
    envelope(res, 200, 0, 'success', mintPair(checked.claims.shopIndex));
  }

  function consentPage(res: ServerResponse, url: URL): void {
    const q = url.searchParams;
    const hidden = ['service_id', 'state', 'redirect_uri']
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(q.get(name) ?? '')}">`)
      .join('');
    const shops = state.shops
      .map(
        (shop, i) =>
          `<label><input type="radio" name="shop" value="${shop.index}"${i === 0 ? ' checked' : ''}> ${escapeHtml(shop.name)} (${shop.market.region}, shop ${shop.shopId})</label>`,
      )
      .join('<br>');
    html(
      res,
      200,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TikTok Shop sandbox: authorize</title></head><body>
<h1>Authorize the refunds panel</h1><p>Sandbox app <code>${escapeHtml(profile.appKey)}</code> asks for access to returns and refunds of one shop.</p>
<form method="post" action="/open/authorize">${hidden}${shops}<p><button type="submit" name="decision" value="allow">Authorize</button> <button type="submit" name="decision" value="deny">Cancel</button></p></form></body></html>`,
    );
  }

  async function consent(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req, 10_000));
    const redirect = form.get('redirect_uri') ?? '';
    let target: URL;
    try {
      target = new URL(redirect);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('scheme');
    } catch {
      html(res, 400, '<p>redirect_uri is missing or invalid</p>');
      return;
    }
    target.searchParams.set('state', form.get('state') ?? '');
    if (form.get('decision') !== 'allow') {
      target.searchParams.set('code', 'null');
      target.searchParams.set('error', 'auth_denied');
    } else {
      const shopIndex = Number(form.get('shop'));
      if (!state.shops[shopIndex]) {
        html(res, 400, '<p>unknown shop</p>');
        return;
      }
      target.searchParams.set('code', mintToken(profile.appSecret, 'code', { shopIndex, exp: state.now() + 1800, gen: randomBytes(6).toString('hex') }));
    }
    res.writeHead(302, { location: target.toString() });
    res.end();
  }

  async function control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const key = req.headers['x-sandbox-key'];
    if (typeof key !== 'string' || !equalStrings(key, profile.appSecret)) throw new ApiError(401, 401, 'x-sandbox-key must be the sandbox app secret');
    const body = req.method === 'POST' ? await readBody(req) : '';
    const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    const path = url.pathname.slice('/_sandbox'.length);
    let data: unknown;
    if (path === '/info') {
      data = {
        appKey: profile.appKey,
        now: state.now(),
        shops: state.shops.map((s) => ({ index: s.index, shopId: s.shopId, cipher: s.cipher, name: s.name, region: s.market.region })),
      };
    } else if (path === '/faults' && req.method === 'POST') {
      const rules = z.array(faultRuleSchema).parse(json.rules ?? []);
      faults.set(rules);
      data = { pending: faults.pending() };
    } else if (path === '/faults' && req.method === 'DELETE') {
      faults.clear();
      data = {};
    } else if (path === '/faults') {
      data = { pending: faults.pending(), fired: faults.fired };
    } else if (path === '/evolve') {
      const input = z.object({ advance: z.number().int().min(0).max(100_000).default(0), arrive: z.number().int().min(0).max(100_000).default(0) }).parse(json);
      const changes = state.evolve(input);
      webhooks.push(changes);
      data = { changes: changes.map(describeChange) };
    } else if (path === '/touch') {
      const found = state.find(typeof json.id === 'string' || typeof json.id === 'number' ? String(json.id) : '');
      if (!found) throw new ApiError(404, 404, 'unknown id');
      data = describeChange(state.touch(found.shopIndex, found.index));
    } else if (path === '/webhook') {
      webhooks.setUrl(typeof json.url === 'string' ? json.url : undefined);
      data = { url: webhooks.url ?? null };
    } else if (path === '/webhook/deliveries') {
      data = { deliveries: webhooks.deliveries };
    } else if (path === '/truth') {
      // Everything that exists now, as Search would return it: what a full sync must end up with.
      const now = state.now();
      data = {
        now,
        shops: state.shops.map((shop) => ({
          shopId: shop.shopId,
          returns: state
            .search({ kind: 'Return', shopIndex: shop.index, sortField: 'update_time', sortOrder: 'ASC' }, now)
            .map((i) => state.json(shop.index, i, now)),
          cancellations: state
            .search({ kind: 'Cancellation', shopIndex: shop.index, sortField: 'update_time', sortOrder: 'ASC' }, now)
            .map((i) => state.json(shop.index, i, now)),
        })),
      };
    } else {
      throw new ApiError(404, 404, 'unknown control path');
    }
    envelope(res, 200, 0, 'Success', data);
  }

  function describeChange(change: Change) {
    return {
      id: change.request.id,
      kind: change.request.kind,
      shopId: state.shops[change.shopIndex]!.shopId,
      status: change.step.status,
      updateTime: change.step.at,
    };
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handle = async () => {
      if (url.pathname.startsWith('/_sandbox/')) await control(req, res, url);
      else if (url.pathname === '/api/v2/token/get' && req.method === 'GET') tokens(res, url, 'get');
      else if (url.pathname === '/api/v2/token/refresh' && req.method === 'GET') tokens(res, url, 'refresh');
      else if (url.pathname === '/open/authorize' && req.method === 'GET') consentPage(res, url);
      else if (url.pathname === '/open/authorize' && req.method === 'POST') await consent(req, res);
      else await api(req, res, url);
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
  // Requests held by the timeout fault must not keep the process alive at shutdown.
  server.keepAliveTimeout = 1000;

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
    faults,
    webhooks,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
