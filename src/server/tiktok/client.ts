import type { z } from 'zod';
import { TikTokApiError } from './errors';
import type { Transport } from './http';
import { parseAuthorizedShops, parseRecord, parseRejectReasons, parseReturnRecords } from './parse';
import {
  authorizedShopsDataSchema,
  describeIssues,
  rejectReasonsDataSchema,
  returnRecordsDataSchema,
  searchCancellationsDataSchema,
  searchReturnsDataSchema,
} from './schemas';
import type {
  ApproveOptions,
  AuthorizedShops,
  MarketplaceMoney,
  MarketplacePage,
  MarketplaceRecord,
  MarketplaceRefund,
  RejectReason,
  ReturnDecision,
  ReturnRejection,
  SearchFilter,
} from './types';

/** Paths of the 202309 Return & Refund API (doc 4.0) and Authorized Shops (doc 3.5). */
const PATHS = {
  searchReturns: '/return_refund/202309/returns/search',
  searchCancellations: '/return_refund/202309/cancellations/search',
  returnRecords: (id: string) => `/return_refund/202309/returns/${encodeURIComponent(id)}/records`,
  approveReturn: (id: string) => `/return_refund/202309/returns/${encodeURIComponent(id)}/approve`,
  rejectReturn: (id: string) => `/return_refund/202309/returns/${encodeURIComponent(id)}/reject`,
  approveCancellation: (id: string) => `/return_refund/202309/cancellations/${encodeURIComponent(id)}/approve`,
  rejectCancellation: (id: string) => `/return_refund/202309/cancellations/${encodeURIComponent(id)}/reject`,
  rejectReasons: '/return_refund/202309/reject_reasons',
  authorizedShops: '/authorization/202309/shops',
} as const;

export interface ShopCredentials {
  /** Throttle bucket: one per account. */
  rateKey: string;
  apiBaseUrl: string;
  appKey: string;
  appSecret: string;
  shopCipher?: string | null;
}

/** Supplies access tokens and renews them; implemented over the accounts table (../accounts). */
export interface TokenProvider {
  /** A token valid for a while yet (refreshed first when it expires within minutes). */
  accessToken(): Promise<string>;
  /** After TikTok said 105002 for `expired`: refresh unless someone already did; return the new token. */
  renewAfterRejection(expired: string): Promise<string>;
}

const seconds = (date: Date | undefined) => (date ? Math.floor(date.getTime() / 1000) : undefined);
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.trunc(value)));

function parseItems(list: unknown[], kind: 'Return' | 'Cancellation'): Pick<MarketplacePage, 'items' | 'skipped'> {
  const receivedAt = new Date();
  const items: MarketplaceRefund[] = [];
  const skipped: MarketplacePage['skipped'] = [];
  for (const raw of list) {
    const parsed = parseRecord(kind, raw, receivedAt);
    if (parsed.ok) items.push(parsed.refund);
    else skipped.push({ raw, error: parsed.error });
  }
  return { items, skipped };
}

/** A decimal string with at most 6 decimals, as TikTok's amounts are: money never travels as a float. */
const DECIMAL = /^\d{1,14}(\.\d{1,6})?$/;

function parseData<T extends z.ZodType>(schema: T, data: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) throw new TikTokApiError('invalid_response', `${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * A typed client for one shop account. Every response is validated and reshaped into our own
 * types (./types.ts) before it leaves this module; errors are TikTokApiError only.
 */
export class TikTokShopClient {
  constructor(
    private readonly transport: Transport,
    private readonly credentials: ShopCredentials,
    private readonly tokens: TokenProvider,
  ) {}

  /**
   * Sends a signed call; on 105002 renews the token once and sends it again. Public for the other
   * API modules of this folder (finance-client.ts), which share the shop's transport and tokens.
   */
  async call(
    method: 'GET' | 'POST',
    path: string,
    options: { query?: Record<string, string | number | undefined>; body?: unknown; shopScoped?: boolean } = {},
  ) {
    const send = (accessToken: string) =>
      this.transport.send({
        baseUrl: this.credentials.apiBaseUrl,
        method,
        path,
        query: options.query,
        body: options.body,
        signed: true,
        appKey: this.credentials.appKey,
        appSecret: this.credentials.appSecret,
        accessToken,
        // Authorization endpoints refuse a shop_cipher (36009004 "Unexpected identifier").
        shopCipher: options.shopScoped === false ? undefined : (this.credentials.shopCipher ?? undefined),
        rateKey: this.credentials.rateKey,
      });
    const token = await this.tokens.accessToken();
    try {
      return (await send(token)).data;
    } catch (error) {
      if (error instanceof TikTokApiError && error.kind === 'token_expired') return (await send(await this.tokens.renewAfterRejection(token))).data;
      throw error;
    }
  }

  private searchBody(filter: SearchFilter, idsKey: 'return_ids' | 'cancel_ids') {
    return {
      ...(filter.ids?.length ? { [idsKey]: filter.ids } : {}),
      ...(filter.orderIds?.length ? { order_ids: filter.orderIds } : {}),
      // Integers, not strings: TikTok answers 36009004 "type invalid" to "1700000000".
      ...(filter.updatedFrom ? { update_time_ge: seconds(filter.updatedFrom) } : {}),
      ...(filter.updatedBefore ? { update_time_lt: seconds(filter.updatedBefore) } : {}),
      ...(filter.createdFrom ? { create_time_ge: seconds(filter.createdFrom) } : {}),
      ...(filter.createdBefore ? { create_time_lt: seconds(filter.createdBefore) } : {}),
    };
  }

  async searchReturns(filter: SearchFilter, pageToken?: string): Promise<MarketplacePage> {
    const data = await this.call('POST', PATHS.searchReturns, {
      // Search Returns accepts page_size 10..50 (doc 4.1); the same body and sort on every page.
      query: { page_size: clamp(filter.pageSize ?? 50, 10, 50), sort_field: filter.sortField ?? 'update_time', sort_order: 'ASC', page_token: pageToken },
      body: this.searchBody(filter, 'return_ids'),
    });
    const page = parseData(searchReturnsDataSchema, data, 'Search Returns');
    return { ...parseItems(page.return_orders ?? [], 'Return'), totalCount: page.total_count ?? null, nextPageToken: page.next_page_token || null };
  }

  async searchCancellations(filter: SearchFilter, pageToken?: string): Promise<MarketplacePage> {
    const data = await this.call('POST', PATHS.searchCancellations, {
      // Search Cancellations accepts page_size 1..50 (doc 4.6).
      query: { page_size: clamp(filter.pageSize ?? 50, 1, 50), sort_field: filter.sortField ?? 'update_time', sort_order: 'ASC', page_token: pageToken },
      body: this.searchBody(filter, 'cancel_ids'),
    });
    const page = parseData(searchCancellationsDataSchema, data, 'Search Cancellations');
    return { ...parseItems(page.cancellations ?? [], 'Cancellation'), totalCount: page.total_count ?? null, nextPageToken: page.next_page_token || null };
  }

  /** The current state of one request (there is no "get by id" endpoint; doc 4.0). */
  async findRefund(kind: 'Return' | 'Cancellation', id: string): Promise<MarketplaceRefund | null> {
    const page = kind === 'Return' ? await this.searchReturns({ ids: [id], pageSize: 10 }) : await this.searchCancellations({ ids: [id], pageSize: 10 });
    return page.items.find((item) => item.id === id) ?? null;
  }

  async getReturnRecords(returnId: string, locale = 'en-US'): Promise<MarketplaceRecord[]> {
    const data = parseData(returnRecordsDataSchema, await this.call('GET', PATHS.returnRecords(returnId), { query: { locale } }), 'Get Return Records');
    return parseReturnRecords(data.records ?? []);
  }

  async getRejectReasons(returnOrCancelId: string, locale = 'en-US'): Promise<RejectReason[]> {
    const data = parseData(
      rejectReasonsDataSchema,
      await this.call('GET', PATHS.rejectReasons, { query: { return_or_cancel_id: returnOrCancelId, locale } }),
      'Get Reject Reasons',
    );
    return parseRejectReasons(data.reasons ?? []);
  }

  async approveReturn(returnId: string, decision: ReturnDecision, idempotencyKey: string, options: ApproveOptions = {}): Promise<void> {
    const body = { decision, ...(options.buyerKeepItem === undefined ? {} : { buyer_keep_item: options.buyerKeepItem }) };
    await this.call('POST', PATHS.approveReturn(returnId), { query: { idempotency_key: idempotencyKey }, body });
  }

  /**
   * Offers the buyer a partial refund instead (Approve Return with OFFER_PARTIAL_REFUND, API doc
   * 4.3): TikTok then waits for the buyer (AWAITING_BUYER_RESPONSE). `amount` is a decimal string.
   */
  async offerPartialRefund(returnId: string, offer: MarketplaceMoney, idempotencyKey: string): Promise<void> {
    if (!DECIMAL.test(offer.amount) || !/^[A-Z]{3}$/.test(offer.currency)) {
      throw new TikTokApiError('rejected', `a partial refund needs a decimal amount and a currency code (got ${offer.amount} ${offer.currency})`);
    }
    await this.call('POST', PATHS.approveReturn(returnId), {
      query: { idempotency_key: idempotencyKey },
      body: { decision: 'OFFER_PARTIAL_REFUND', partial_refund: { currency: offer.currency, amount: offer.amount } },
    });
  }

  async rejectReturn(returnId: string, input: { decision: ReturnRejection; reason: string; comment?: string }, idempotencyKey: string): Promise<void> {
    await this.call('POST', PATHS.rejectReturn(returnId), {
      query: { idempotency_key: idempotencyKey },
      body: { decision: input.decision, reject_reason: input.reason, ...(input.comment ? { comment: input.comment } : {}) },
    });
  }

  async approveCancellation(cancelId: string, idempotencyKey: string): Promise<void> {
    // TikTok's own cURL sends `{}`; signing `{}` and sending `{}` keeps the bytes identical.
    await this.call('POST', PATHS.approveCancellation(cancelId), { query: { idempotency_key: idempotencyKey }, body: {} });
  }

  async rejectCancellation(cancelId: string, input: { reason: string; comment?: string }, idempotencyKey: string): Promise<void> {
    await this.call('POST', PATHS.rejectCancellation(cancelId), {
      query: { idempotency_key: idempotencyKey },
      body: { reject_reason: input.reason, ...(input.comment ? { comment: input.comment } : {}) },
    });
  }

  /** The shops the token may call; a shop TikTok lists without its id or cipher is in `leftOut`, with why. */
  async getAuthorizedShops(): Promise<AuthorizedShops> {
    const data = parseData(authorizedShopsDataSchema, await this.call('GET', PATHS.authorizedShops, { shopScoped: false }), 'Get Authorized Shops');
    return parseAuthorizedShops(data.shops ?? []);
  }
}
