import { z } from 'zod';
import type { MarketplaceLineItem, MarketplaceNextAction, MarketplaceRefund, MarketplaceRefundAmount } from './types';

/*
 * zod at the edge: every TikTok payload is parsed here and reshaped into ./types.ts.
 * TikTok omits fields rather than sending null (API doc 4.1, real captures), and adds enum values
 * without notice, so optional fields are `.optional()`, enums are plain strings, and unknown keys
 * pass through into `raw`. What we cannot work without (ids, status, times) is required.
 */

/** 64-bit ids must arrive as strings: a JSON number above 2^53 has already lost digits. */
const id = z.string({ error: 'must be a string id' }).regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a TikTok id');
/** Unix seconds (TikTok's `*_time` and `deadline`). */
const unixSeconds = z.number({ error: 'must be Unix seconds' }).int().nonnegative();
/** Money is a decimal string ("12.30"); anything else is a corrupted payload, not a zero. */
const decimal = z.string().regex(/^-?\d{1,14}(\.\d{1,6})?$/, 'must be a decimal string');
const optionalText = z.string().optional();
/** null is treated like an omitted field: TikTok's gateway sometimes sends `data: null`. */
const nullish = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

const refundAmountSchema = z.looseObject({
  currency: nullish(z.string().min(1).max(8)),
  refund_total: nullish(decimal),
  refund_subtotal: nullish(decimal),
  refund_shipping_fee: nullish(decimal),
  refund_tax: nullish(decimal),
  retail_delivery_fee: nullish(decimal),
  buyer_service_fee: nullish(decimal),
});

const nextActionSchema = z.looseObject({ action: z.string(), deadline: nullish(unixSeconds) });

const lineItemSchema = z.looseObject({
  return_line_item_id: nullish(z.string()),
  cancel_line_item_id: nullish(z.string()),
  order_line_item_id: nullish(z.string()),
  sku_id: nullish(z.string()),
  sku_name: nullish(z.string()),
  seller_sku: nullish(z.string()),
  product_name: nullish(z.string()),
  product_image: nullish(z.looseObject({ url: optionalText })),
  refund_amount: nullish(refundAmountSchema),
});

export const returnOrderSchema = z.looseObject({
  return_id: id,
  order_id: id,
  return_type: nullish(z.string()),
  return_status: z.string().min(1),
  arbitration_status: nullish(z.string()),
  role: nullish(z.string()),
  return_reason: nullish(z.string()),
  return_reason_text: nullish(z.string()),
  create_time: unixSeconds,
  update_time: unixSeconds,
  seller_next_action_response: nullish(z.array(nextActionSchema)),
  refund_amount: nullish(refundAmountSchema),
  return_line_items: nullish(z.array(lineItemSchema)),
});

export const cancellationSchema = z.looseObject({
  cancel_id: id,
  order_id: id,
  cancel_type: nullish(z.string()),
  cancel_status: z.string().min(1),
  role: nullish(z.string()),
  cancel_reason: nullish(z.string()),
  cancel_reason_text: nullish(z.string()),
  create_time: unixSeconds,
  update_time: unixSeconds,
  seller_next_action_response: nullish(z.array(nextActionSchema)),
  refund_amount: nullish(refundAmountSchema),
  cancel_line_items: nullish(z.array(lineItemSchema)),
});

export type ReturnOrderPayload = z.infer<typeof returnOrderSchema>;
export type CancellationPayload = z.infer<typeof cancellationSchema>;

const seconds = (s: number) => new Date(s * 1000);

function toAmount(a: z.infer<typeof refundAmountSchema> | undefined): MarketplaceRefundAmount | undefined {
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

export function reshapeReturn(payload: ReturnOrderPayload, raw: Record<string, unknown>): MarketplaceRefund {
  return {
    kind: 'Return',
    id: payload.return_id,
    orderId: payload.order_id,
    type: payload.return_type,
    status: payload.return_status,
    arbitrationStatus: payload.arbitration_status,
    role: payload.role,
    reason: payload.return_reason,
    reasonText: payload.return_reason_text,
    createdAt: seconds(payload.create_time),
    updatedAt: seconds(payload.update_time),
    nextActions: toNextActions(payload.seller_next_action_response),
    refundAmount: toAmount(payload.refund_amount),
    lineItems: toLineItems(payload.return_line_items),
    raw,
  };
}

export function reshapeCancellation(payload: CancellationPayload, raw: Record<string, unknown>): MarketplaceRefund {
  return {
    kind: 'Cancellation',
    id: payload.cancel_id,
    orderId: payload.order_id,
    type: payload.cancel_type,
    status: payload.cancel_status,
    role: payload.role,
    reason: payload.cancel_reason,
    reasonText: payload.cancel_reason_text,
    createdAt: seconds(payload.create_time),
    updatedAt: seconds(payload.update_time),
    nextActions: toNextActions(payload.seller_next_action_response),
    refundAmount: toAmount(payload.refund_amount),
    lineItems: toLineItems(payload.cancel_line_items),
    raw,
  };
}

/** Describes a zod failure in one line, naming the field, for sync errors and logs. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

export function parseReturn(raw: unknown): MarketplaceRefund {
  const payload = returnOrderSchema.parse(raw);
  return reshapeReturn(payload, raw as Record<string, unknown>);
}

export function parseCancellation(raw: unknown): MarketplaceRefund {
  const payload = cancellationSchema.parse(raw);
  return reshapeCancellation(payload, raw as Record<string, unknown>);
}

/* ---------- Envelope `data` of each endpoint ---------- */

export const searchReturnsDataSchema = z.looseObject({
  return_orders: nullish(z.array(z.unknown())),
  total_count: nullish(z.number().int().nonnegative()),
  next_page_token: nullish(z.string()),
});

export const searchCancellationsDataSchema = z.looseObject({
  cancellations: nullish(z.array(z.unknown())),
  total_count: nullish(z.number().int().nonnegative()),
  next_page_token: nullish(z.string()),
});

export const returnRecordsDataSchema = z.looseObject({
  records: nullish(
    z.array(
      z.looseObject({
        event: nullish(z.string()),
        role: nullish(z.string()),
        description: nullish(z.string()),
        reason_text: nullish(z.string()),
        note: nullish(z.string()),
        images: nullish(z.array(z.looseObject({ url: nullish(z.string()) }))),
        videos: nullish(z.array(z.looseObject({ url: nullish(z.string()), cover: nullish(z.string()) }))),
        create_time: unixSeconds,
      }),
    ),
  ),
});

export const rejectReasonsDataSchema = z.looseObject({
  reasons: nullish(z.array(z.looseObject({ name: z.string().min(1), text: nullish(z.string()) }))),
});

export const authorizedShopsDataSchema = z.looseObject({
  shops: nullish(
    z.array(
      z.looseObject({
        id: id,
        name: nullish(z.string()),
        region: nullish(z.string()),
        seller_type: nullish(z.string()),
        cipher: z.string().min(1),
        code: nullish(z.string()),
      }),
    ),
  ),
});

export const tokenDataSchema = z.looseObject({
  access_token: z.string().min(1),
  /** An absolute Unix time despite its name (API doc 3.4). */
  access_token_expire_in: unixSeconds,
  refresh_token: z.string().min(1),
  refresh_token_expire_in: unixSeconds,
  open_id: nullish(z.string()),
  seller_name: nullish(z.string()),
  seller_base_region: nullish(z.string()),
  user_type: nullish(z.number().int()),
  granted_scopes: nullish(z.array(z.string())),
});
