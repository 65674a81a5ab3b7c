import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SandboxContext } from './context';
import { faultRuleSchema } from './faults';
import { financeTruth } from './finance-truth';
import { ApiError, equalStrings } from './gateway';
import { envelope, readBody } from './http-utils';
import { answerOfferNow } from './partial-refunds';
import type { Change } from './state';

/**
 * The sandbox's control API (`/_sandbox/*`, header x-sandbox-key): faults, evolution, webhooks and
 * the truth a sync must reach. A GET only reads: everything that changes the sandbox is a POST (or
 * DELETE), so a link, a prefetch or a crawler can never evolve it or unset its webhook address.
 */

/** Paths that change the sandbox, whatever the body says. */
const CHANGES_STATE = new Set(['/evolve', '/touch', '/advance', '/partial-refund/answer']);

export async function control(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { profile, state, faults, webhooks } = ctx;
  const key = req.headers['x-sandbox-key'];
  if (typeof key !== 'string' || !equalStrings(key, profile.appSecret)) throw new ApiError(401, 401, 'x-sandbox-key must be the sandbox app secret');
  const body = req.method === 'POST' ? await readBody(req) : '';
  let json: Record<string, unknown> = {};
  try {
    if (body) json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw new ApiError(400, 400, 'the body must be JSON');
  }
  const path = url.pathname.slice('/_sandbox'.length);
  if (CHANGES_STATE.has(path) && req.method !== 'POST') throw new ApiError(405, 405, `${path} changes the sandbox: POST it`);
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
    // `shopIndex` keeps the changes to one shop (a test aims at a shop the panel has connected).
    const input = z
      .object({
        advance: z.number().int().min(0).max(100_000).default(0),
        arrive: z.number().int().min(0).max(100_000).default(0),
        shopIndex: z.number().int().min(0).max(10_000).optional(),
      })
      .parse(json);
    const changes = state.evolve(input);
    webhooks.push(changes);
    data = { changes: changes.map((change) => describeChange(ctx, change)) };
  } else if (path === '/touch') {
    const found = state.find(typeof json.id === 'string' || typeof json.id === 'number' ? String(json.id) : '');
    if (!found) throw new ApiError(404, 404, 'unknown id');
    data = describeChange(ctx, state.touch(found.shopIndex, found.index));
  } else if (path === '/advance') {
    // One request moves to its next scripted step now (and its webhook goes out), for tests and demos.
    const found = state.find(typeof json.id === 'string' ? json.id : '');
    if (!found) throw new ApiError(404, 404, 'unknown id');
    const change = state.advance(found.shopIndex, found.index);
    if (change) webhooks.push([change]);
    data = change ? describeChange(ctx, change) : null;
  } else if (path === '/reference-mode' && req.method === 'POST') {
    // Answer as TikTok's reference examples do (./reference-mode.ts); the truth follows.
    state.setReferenceMode(z.object({ on: z.boolean() }).parse(json).on);
    data = { on: state.referenceMode };
  } else if (path === '/reference-mode') {
    data = { on: state.referenceMode };
  } else if (path === '/partial-refund/answer' && req.method === 'POST') {
    // The buyer answers a seller's partial-refund offer now instead of after the scripted delay.
    const input = z.object({ id: z.string(), answer: z.enum(['accept', 'reject']), then: z.enum(['seller', 'arbitration']).default('seller') }).parse(json);
    const answered = answerOfferNow(state, input.id, input.answer, input.then);
    if (typeof answered === 'string') throw new ApiError(409, 409, answered);
    webhooks.push([answered]);
    data = describeChange(ctx, answered);
  } else if (path === '/limits' && req.method === 'POST') {
    // TikTok's per-shop limit: a number enforces it (429 beyond), null only counts; reset clears the counts.
    const input = z.object({ perShopPerSecond: z.number().int().min(1).max(10_000).nullable().optional(), reset: z.boolean().default(false) }).parse(json);
    if (input.perShopPerSecond !== undefined) ctx.limits.perShopPerSecond = input.perShopPerSecond;
    if (input.reset) ctx.limits.reset();
    data = ctx.limits.report((index) => state.shops[index]!.shopId);
  } else if (path === '/limits') {
    // Requests per shop, and the most one shop received in one second of the real clock.
    data = ctx.limits.report((index) => state.shops[index]!.shopId);
  } else if (path === '/webhook' && req.method === 'POST') {
    webhooks.setUrl(typeof json.url === 'string' ? json.url : undefined);
    data = { url: webhooks.url ?? null };
  } else if (path === '/webhook') {
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
  } else if (path === '/finance/truth') {
    // Statements, transactions and payments as served, and the discrepancies planted in them.
    data = financeTruth(state);
  } else {
    throw new ApiError(404, 404, 'unknown control path');
  }
  envelope(res, 200, 0, 'Success', data);
}

function describeChange(ctx: SandboxContext, change: Change) {
  const { state } = ctx;
  return {
    id: change.request.id,
    kind: change.request.kind,
    shopId: state.shops[change.shopIndex]!.shopId,
    status: change.step.status,
    updateTime: change.step.at,
  };
}
