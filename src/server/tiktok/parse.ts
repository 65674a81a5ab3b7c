import type { z } from 'zod';
import {
  authorizedShopSchema,
  cancellationSchema,
  parseLeniently,
  rejectReasonSchema,
  returnOrderSchema,
  returnRecordSchema,
  tokenDataSchema,
  type CancellationPayload,
  type lineItemSchema,
  type nextActionSchema,
  type RefundAmountPayload,
  type ReturnOrderPayload,
  type shippingFeeSchema,
  type discountSchema,
} from './schemas';
import type {
  AuthorizedShops,
  MarketplaceDiscount,
  MarketplaceLineItem,
  MarketplaceNextAction,
  MarketplaceRecord,
  MarketplaceRefund,
  MarketplaceRefundAmount,
  MarketplaceShippingFee,
  RejectReason,
  TokenPair,
} from './types';

/** TikTok payloads (validated by ./schemas.ts) reshaped into our own types (./types.ts). */

const seconds = (s: number) => new Date(s * 1000);

function toAmount(a: RefundAmountPayload | undefined): MarketplaceRefundAmount | undefined {
  if (!a) return undefined;
  return {
    currency: a.currency,
    total: a.refund_total,
    subtotal: a.refund_subtotal,
    shippingFee: a.refund_shipping_fee,
    tax: a.refund_tax,
    retailDeliveryFee: a.retail_delivery_fee,
    buyerServiceFee: a.buyer_service_fee,
  };
}

function toNextActions(list: z.infer<typeof nextActionSchema>[] | undefined): MarketplaceNextAction[] {
  return (list ?? []).map((a) => ({ action: a.action, deadline: a.deadline === undefined ? undefined : seconds(a.deadline) }));
}

function toLineItems(list: z.infer<typeof lineItemSchema>[] | undefined): MarketplaceLineItem[] {
  return (list ?? []).map((item) => ({
    lineItemId: item.return_line_item_id ?? item.cancel_line_item_id,
    orderLineItemId: item.order_line_item_id,
    skuId: item.sku_id,
    skuName: item.sku_name,
    sellerSku: item.seller_sku,
    productName: item.product_name,
    productImageUrl: item.product_image?.url,
    refundAmount: toAmount(item.refund_amount),
  }));
}

function toDiscounts(list: z.infer<typeof discountSchema>[] | undefined): MarketplaceDiscount[] {
  return (list ?? []).map((d) => ({
    currency: d.currency,
    productPlatformDiscount: d.product_platform_discount,
    productSellerDiscount: d.product_seller_discount,
    shippingFeePlatformDiscount: d.shipping_fee_platform_discount,
    shippingFeeSellerDiscount: d.shipping_fee_seller_discount,
  }));
}

function toShippingFees(list: z.infer<typeof shippingFeeSchema>[] | undefined): MarketplaceShippingFee[] {
  return (list ?? []).map((f) => ({
    currency: f.currency,
    buyerPaid: f.buyer_paid_return_shipping_fee ?? f.buyer_paid_return_shipping_fee_amount,
    sellerPaid: f.seller_paid_return_shipping_fee ?? f.seller_paid_return_shipping_fee_amount,
    platformPaid: f.platform_paid_return_shipping_fee ?? f.platform_paid_return_shipping_fee_amount,
  }));
}

/** The fields both kinds share, with the fallbacks decided in ./schemas.ts and a note for each. */
function common(
  payload: { order_id?: string; create_time?: number; update_time?: number; role?: string },
  status: { field: string; value: string | undefined },
  notes: string[],
  receivedAt: Date,
) {
  const all = [...notes];
  if (payload.order_id === undefined) all.push('order_id missing (stored empty)');
  if (status.value === undefined) all.push(`${status.field} missing (stored as an unmapped status)`);
  if (payload.update_time === undefined)
    all.push(payload.create_time === undefined ? 'update_time missing (time received used)' : 'update_time missing (create_time used)');
  if (payload.create_time === undefined)
    all.push(payload.update_time === undefined ? 'create_time missing (time received used)' : 'create_time missing (update_time used)');
  const created = payload.create_time ?? payload.update_time;
  const updated = payload.update_time ?? payload.create_time;
  return {
    orderId: payload.order_id ?? '',
    status: status.value ?? '',
    role: payload.role,
    createdAt: created === undefined ? receivedAt : seconds(created),
    updatedAt: updated === undefined ? receivedAt : seconds(updated),
    reportedUpdatedAt: payload.update_time === undefined ? undefined : seconds(payload.update_time),
    notes: all,
  };
}

function reshapeReturn(payload: ReturnOrderPayload, raw: Record<string, unknown>, notes: string[] = [], receivedAt = new Date()): MarketplaceRefund {
  return {
    kind: 'Return',
    id: payload.return_id,
    ...common(payload, { field: 'return_status', value: payload.return_status }, notes, receivedAt),
    type: payload.return_type,
    arbitrationStatus: payload.arbitration_status,
    reason: payload.return_reason,
    reasonText: payload.return_reason_text,
    nextActions: toNextActions(payload.seller_next_action_response),
    refundAmount: toAmount(payload.refund_amount),
    lineItems: toLineItems(payload.return_line_items),
    partialRefund: payload.partial_refund ? { currency: payload.partial_refund.currency, amount: payload.partial_refund.amount } : undefined,
    discounts: toDiscounts(payload.discount_amount),
    shippingFees: toShippingFees(payload.shipping_fee_amount ?? payload.return_shipping_fee_amount),
    sellerProposedReturnType: payload.seller_proposed_return_type,
    buyerRejectedPartialRefund: payload.buyer_rejected_partial_refund,
    canBuyerKeepItem: payload.can_buyer_keep_item,
    raw,
  };
}

function reshapeCancellation(payload: CancellationPayload, raw: Record<string, unknown>, notes: string[] = [], receivedAt = new Date()): MarketplaceRefund {
  return {
    kind: 'Cancellation',
    id: payload.cancel_id,
    ...common(payload, { field: 'cancel_status', value: payload.cancel_status }, notes, receivedAt),
    type: payload.cancel_type,
    reason: payload.cancel_reason,
    reasonText: payload.cancel_reason_text,
    nextActions: toNextActions(payload.seller_next_action_response),
    refundAmount: toAmount(payload.refund_amount),
    lineItems: toLineItems(payload.cancel_line_items),
    discounts: [],
    shippingFees: [],
    raw,
  };
}

export type ParsedRecord = { ok: true; refund: MarketplaceRefund } | { ok: false; error: string };

/** One Search Returns / Search Cancellations entry: our type, or why it cannot be stored (no usable id). */
export function parseRecord(kind: 'Return' | 'Cancellation', raw: unknown, receivedAt = new Date()): ParsedRecord {
  if (kind === 'Return') {
    const parsed = parseLeniently(returnOrderSchema, raw, ['return_id']);
    return parsed.ok ? { ok: true, refund: reshapeReturn(parsed.data, raw as Record<string, unknown>, parsed.notes, receivedAt) } : parsed;
  }
  const parsed = parseLeniently(cancellationSchema, raw, ['cancel_id']);
  return parsed.ok ? { ok: true, refund: reshapeCancellation(parsed.data, raw as Record<string, unknown>, parsed.notes, receivedAt) } : parsed;
}

function orThrow(parsed: ParsedRecord): MarketplaceRefund {
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.refund;
}

/** A return as the sync would store it; throws when it has no usable return_id. */
export function parseReturn(raw: unknown): MarketplaceRefund {
  return orThrow(parseRecord('Return', raw));
}

/** A cancellation as the sync would store it; throws when it has no usable cancel_id. */
export function parseCancellation(raw: unknown): MarketplaceRefund {
  return orThrow(parseRecord('Cancellation', raw));
}

/** Get Return Records entries; an entry without its time is left out (see returnRecordSchema). */
export function parseReturnRecords(records: unknown[]): MarketplaceRecord[] {
  return records.flatMap((raw) => {
    const parsed = parseLeniently(returnRecordSchema, raw, ['create_time']);
    if (!parsed.ok) return [];
    const record = parsed.data;
    return [
      {
        role: record.role,
        description: record.description,
        reasonText: record.reason_text,
        note: record.note,
        imageUrls: (record.images ?? []).flatMap((image) => (image.url ? [image.url] : [])),
        at: seconds(record.create_time),
      },
    ];
  });
}

/** Get Reject Reasons entries; one without a `name` cannot be sent back, so it is left out. */
export function parseRejectReasons(reasons: unknown[]): RejectReason[] {
  return reasons.flatMap((raw) => {
    const parsed = parseLeniently(rejectReasonSchema, raw, ['name']);
    return parsed.ok ? [{ name: parsed.data.name, text: parsed.data.text ?? parsed.data.name }] : [];
  });
}

/** Get Authorized Shops entries; a shop without its id or cipher is left out, and the reason kept. */
export function parseAuthorizedShops(shops: unknown[]): AuthorizedShops {
  const result: AuthorizedShops = { shops: [], leftOut: [] };
  for (const raw of shops) {
    const parsed = parseLeniently(authorizedShopSchema, raw, ['id', 'cipher']);
    if (!parsed.ok) {
      const object = (raw ?? {}) as Record<string, unknown>;
      const name = typeof object.name === 'string' ? object.name : typeof object.id === 'string' ? object.id : 'a shop';
      result.leftOut.push(`${name} left out (${parsed.error}): a shop without an id or a cipher cannot be called`);
      continue;
    }
    const shop = parsed.data;
    result.shops.push({ shopId: shop.id, name: shop.name, region: shop.region, sellerType: shop.seller_type, cipher: shop.cipher, code: shop.code });
  }
  return result;
}

/** A token get/refresh answer; null when it lacks the access or refresh token (the caller refuses it). */
export function parseTokenPair(data: unknown): { ok: true; pair: TokenPair } | { ok: false; error: string } {
  const parsed = parseLeniently(tokenDataSchema, data ?? {}, ['access_token', 'refresh_token']);
  if (!parsed.ok) return parsed;
  const d = parsed.data;
  return {
    ok: true,
    pair: {
      accessToken: d.access_token,
      accessTokenExpiresAt: d.access_token_expire_in === undefined ? null : seconds(d.access_token_expire_in),
      refreshToken: d.refresh_token,
      refreshTokenExpiresAt: d.refresh_token_expire_in === undefined ? null : seconds(d.refresh_token_expire_in),
      sellerName: d.seller_name,
      region: d.seller_base_region,
      userType: d.user_type,
      grantedScopes: d.granted_scopes ?? [],
    },
  };
}
