/**
 * Our own shapes for what TikTok Shop returns. Nothing outside src/server/tiktok sees TikTok's
 * snake_case JSON: responses are validated with zod (./schemas.ts) and reshaped into these.
 * Enum-like fields stay `string` on purpose: TikTok adds values without notice, and we keep the
 * raw value rather than reject the record (the status mapping flags what it does not know).
 */

/** Amounts are decimal strings exactly as TikTok sent them ("12.30"); never parsed to float. */
export interface MarketplaceRefundAmount {
  currency?: string;
  total?: string;
  subtotal?: string;
  shippingFee?: string;
  tax?: string;
  retailDeliveryFee?: string;
  buyerServiceFee?: string;
}

export interface MarketplaceNextAction {
  action: string;
  deadline?: Date;
}

export interface MarketplaceLineItem {
  lineItemId?: string;
  orderLineItemId?: string;
  skuId?: string;
  skuName?: string;
  sellerSku?: string;
  productName?: string;
  productImageUrl?: string;
  refundAmount?: MarketplaceRefundAmount;
}

/** A return/refund/replacement request or an order cancellation, as one shape. */
export interface MarketplaceRefund {
  kind: 'Return' | 'Cancellation';
  /** `return_id` or `cancel_id`. */
  id: string;
  orderId: string;
  /** Raw `return_type` (REFUND, RETURN_AND_REFUND, REPLACEMENT, ...) or `cancel_type`. */
  type?: string;
  /** Raw `return_status` or `cancel_status`. */
  status: string;
  arbitrationStatus?: string;
  role?: string;
  reason?: string;
  reasonText?: string;
  createdAt: Date;
  updatedAt: Date;
  nextActions: MarketplaceNextAction[];
  refundAmount?: MarketplaceRefundAmount;
  lineItems: MarketplaceLineItem[];
  /** The object exactly as TikTok sent it, for the Refund Data modal and audits. */
  raw: Record<string, unknown>;
}
