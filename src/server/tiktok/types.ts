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

/** One page of Search Returns / Search Cancellations. */
export interface MarketplacePage {
  items: MarketplaceRefund[];
  /** Records TikTok sent that lack what we need (ids, status, times): kept out, reported. */
  rejected: { id: string | null; error: string }[];
  totalCount: number | null;
  nextPageToken: string | null;
}

export interface SearchFilter {
  updatedFrom?: Date;
  updatedBefore?: Date;
  createdFrom?: Date;
  createdBefore?: Date;
  ids?: string[];
  orderIds?: string[];
  /** 10 to 50 for returns, 1 to 50 for cancellations (API doc 4.1 and 4.6). */
  pageSize?: number;
  sortField?: 'update_time' | 'create_time';
}

/** A line of TikTok's own timeline for a return (Get Return Records). */
export interface MarketplaceRecord {
  role?: string;
  description?: string;
  reasonText?: string;
  note?: string;
  imageUrls: string[];
  at: Date;
}

export interface RejectReason {
  name: string;
  text: string;
}

export interface AuthorizedShop {
  shopId: string;
  name?: string;
  region?: string;
  sellerType?: string;
  cipher: string;
  code?: string;
}

export interface TokenPair {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  sellerName?: string;
  region?: string;
  userType?: number;
  grantedScopes: string[];
}

export type ReturnDecision = 'APPROVE_REFUND' | 'APPROVE_RETURN' | 'APPROVE_RECEIVED_PACKAGE' | 'APPROVE_REPLACEMENT' | 'ISSUE_REPLACEMENT_REFUND';

export type ReturnRejection = 'REJECT_REFUND' | 'REJECT_RETURN' | 'REJECT_RECEIVED_PACKAGE' | 'REJECT_REPLACEMENT';
