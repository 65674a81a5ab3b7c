import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SandboxContext } from './context';
import { ApiError } from './gateway';
import type { Offer } from './partial-refunds';
import { REFERENCE_TOTAL_COUNT } from './reference-mode';
import { decide as sellerDecision, rejectReasonsFor } from './seller-decisions';
import type { SearchQuery } from './state';

/** The Return & Refund API (202309) as the sandbox serves it: search, records, reject reasons, decisions. */

const pageTokenSchema = z.object({ o: z.number().int().nonnegative(), q: z.string() });

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

function pageToken(offset: number, queryHash: string): string {
  // Standard base64 with padding, like TikTok's tokens: `=`, `+` and `/` must survive encoding.
  return Buffer.from(JSON.stringify({ o: offset, q: queryHash, n: randomBytes(3).toString('hex') })).toString('base64');
}

function search(ctx: SandboxContext, kind: 'Return' | 'Cancellation', url: URL, body: string, shopIndex: number) {
  const { state, faults, served } = ctx;
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
  // Faults that move or repeat records fire on the 2nd and later request of one feed window (the
  // same shop, kind and update_time_lt: a sync's keyset restarts and its page tokens alike).
  const windowKey = b.update_time_lt === undefined ? undefined : `${shopIndex}:${kind}:${b.update_time_lt}:${sortField}:${sortOrder}`;
  const servedBefore = windowKey === undefined ? undefined : served.get(windowKey);
  if (servedBefore) {
    const shifting = faults.take(path, ['shifting_records']);
    if (shifting) {
      // Records already served get updated now: they move to the end of the window (or out of
      // it), so offsets shift under a reader that pages by offset.
      for (const index of servedBefore.slice(0, shifting.records)) state.touch(shopIndex, index);
    }
  }
  const now = state.now();
  const matches = state.search(query, now);
  let pageIndexes = matches.slice(offset, offset + pageSize);
  if (servedBefore?.length) {
    const duplicate = faults.take(path, ['duplicate_records']);
    // The page repeats records this window already served.
    if (duplicate) pageIndexes = [...servedBefore.slice(-duplicate.records), ...pageIndexes];
  }
  if (windowKey !== undefined) {
    if (!servedBefore && served.size > 256) served.clear();
    served.set(windowKey, [...(servedBefore ?? []), ...pageIndexes]);
  }
  const next = offset + pageSize < matches.length ? pageToken(offset + pageSize, queryHash) : '';
  const items = pageIndexes.map((index) => state.json(shopIndex, index, now));
  return {
    [kind === 'Return' ? 'return_orders' : 'cancellations']: items,
    // Reference mode answers as TikTok's example does: a count that is not the number of matches.
    total_count: state.referenceMode ? REFERENCE_TOTAL_COUNT : matches.length,
    next_page_token: next,
  };
}

function decide(ctx: SandboxContext, kind: 'Return' | 'Cancellation', id: string, approve: boolean, url: URL, body: string, shopIndex: number) {
  const { state, webhooks } = ctx;
  let json: Record<string, unknown> = {};
  if (body) {
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      throw new ApiError(400, 36009004, 'Invalid request body');
    }
  }
  const found = state.find(id, kind);
  if (!found || found.shopIndex !== shopIndex) throw new ApiError(200, 25007006, 'The order or aftersale request does not exist');
  if (!approve && typeof json.reject_reason !== 'string') throw new ApiError(200, 25001001, 'Invalid request parameter: reject_reason is required');
  if (kind === 'Return' && typeof json.decision !== 'string') throw new ApiError(200, 25001001, 'Invalid request parameter: decision is required');
  const offer = json.partial_refund as Partial<Offer> | undefined;
  const result = sellerDecision(state, {
    id,
    kind,
    approve,
    decision: typeof json.decision === 'string' ? json.decision : undefined,
    reason: typeof json.reject_reason === 'string' ? json.reject_reason : undefined,
    partialRefund:
      offer && typeof offer.currency === 'string' && typeof offer.amount === 'string' ? { currency: offer.currency, amount: offer.amount } : undefined,
    buyerKeepItem: typeof json.buyer_keep_item === 'boolean' ? json.buyer_keep_item : undefined,
    idempotencyKey: url.searchParams.get('idempotency_key') ?? undefined,
  });
  if (!result.ok) throw new ApiError(200, result.code, result.message);
  if (result.changed) webhooks.push([result.changed]);
  return {};
}

/** The Return & Refund routes; undefined when the path is not one of them. */
export function returnsApi(ctx: SandboxContext, method: string, url: URL, body: string, shopIndex: number): { data: unknown } | undefined {
  const { state } = ctx;
  const path = url.pathname;
  const returnAction = /^\/return_refund\/202309\/returns\/([^/]+)\/(approve|reject|records)$/.exec(path);
  const cancelAction = /^\/return_refund\/202309\/cancellations\/([^/]+)\/(approve|reject)$/.exec(path);
  if (method === 'POST' && path === '/return_refund/202309/returns/search') return { data: search(ctx, 'Return', url, body, shopIndex) };
  if (method === 'POST' && path === '/return_refund/202309/cancellations/search') return { data: search(ctx, 'Cancellation', url, body, shopIndex) };
  if (method === 'GET' && returnAction?.[2] === 'records') {
    const found = state.find(decodeURIComponent(returnAction[1]!), 'Return');
    if (!found || found.shopIndex !== shopIndex) throw new ApiError(200, 25007006, 'The aftersale request does not exist');
    return { data: { records: state.records(found.request, state.now()) } };
  }
  if (method === 'POST' && returnAction && returnAction[2] !== 'records')
    return { data: decide(ctx, 'Return', decodeURIComponent(returnAction[1]!), returnAction[2] === 'approve', url, body, shopIndex) };
  if (method === 'POST' && cancelAction)
    return { data: decide(ctx, 'Cancellation', decodeURIComponent(cancelAction[1]!), cancelAction[2] === 'approve', url, body, shopIndex) };
  if (method === 'GET' && path === '/return_refund/202309/reject_reasons') {
    const found = state.find(url.searchParams.get('return_or_cancel_id') ?? '');
    if (!found || found.shopIndex !== shopIndex) throw new ApiError(200, 25007006, 'The aftersale request does not exist');
    const action = state.awaitedAction(found.request, state.now());
    return { data: { reasons: rejectReasonsFor(action).map(([name, text]) => ({ name, text })) } };
  }
  return undefined;
}
