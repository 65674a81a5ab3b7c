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

/** TikTok's breakdown of discounts on a return (`discount_amount[]`); decimal strings. */
export interface MarketplaceDiscount {
  currency?: string;
  productPlatformDiscount?: string;
  productSellerDiscount?: string;
  shippingFeePlatformDiscount?: string;
  shippingFeeSellerDiscount?: string;
}

/** Who pays the return shipping (`shipping_fee_amount[]`); decimal strings. */
export interface MarketplaceShippingFee {
  currency?: string;
  buyerPaid?: string;
  sellerPaid?: string;
  platformPaid?: string;
}

/** A seller's partial-refund offer (`partial_refund`): an amount as a decimal string, never a float. */
export interface MarketplaceMoney {
  currency: string;
  amount: string;
}

/** A return/refund/replacement request or an order cancellation, as one shape. */
export interface MarketplaceRefund {
  kind: 'Return' | 'Cancellation';
  /** `return_id` or `cancel_id`: the one field a record cannot be stored without. */
  id: string;
  /** `order_id`; an empty string when TikTok left it out (the grid shows "—"). */
  orderId: string;
  /** `return_type` (REFUND, RETURN_AND_REFUND, REPLACEMENT, ...) or `cancel_type`, upper-cased. */
  type?: string;
  /**
   * `return_status` or `cancel_status` exactly as sent (aliases and case are the status mapping's
   * business, and the stored value stays TikTok's); "" when TikTok left it out, which the mapping
   * flags as unmapped (Pending), never guesses.
   */
  status: string;
  /** Upper-cased: TikTok's pages disagree on case (API doc 4.2 "Buyer" vs BUYER). */
  arbitrationStatus?: string;
  role?: string;
  reason?: string;
  reasonText?: string;
  /** `create_time`, else `update_time`, else the time we received the record. */
  createdAt: Date;
  /** `update_time`, else `create_time`, else the time we received the record. */
  updatedAt: Date;
  /** `update_time` as TikTok sent it; undefined when absent (the sync's keyset only trusts this). */
  reportedUpdatedAt?: Date;
  nextActions: MarketplaceNextAction[];
  refundAmount?: MarketplaceRefundAmount;
  lineItems: MarketplaceLineItem[];
  /** The seller's partial-refund offer, when one was made. */
  partialRefund?: MarketplaceMoney;
  discounts: MarketplaceDiscount[];
  shippingFees: MarketplaceShippingFee[];
  /** PARTIAL_REFUND when the seller counter-offered. */
  sellerProposedReturnType?: string;
  /** Only present after a partial-refund offer: the buyer turned it down. */
  buyerRejectedPartialRefund?: boolean;
  canBuyerKeepItem?: boolean;
  /**
   * What was missing or unusable and how it was handled ("update_time missing", "refund_amount.refund_total:
   * must be a decimal string (dropped)"), for the sync run's diagnostics. Empty for a complete record.
   */
  notes: string[];
  /** The object exactly as TikTok sent it, for the Refund Data modal and audits. */
  raw: Record<string, unknown>;
}

/** One page of Search Returns / Search Cancellations. */
export interface MarketplacePage {
  items: MarketplaceRefund[];
  /** Records TikTok sent without a usable id: they cannot be stored, so they are skipped and reported. */
  skipped: { raw: unknown; error: string }[];
  /** TikTok's `total_count`: a diagnostic only, nothing in the reference promises it is exact. */
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

/** Get Authorized Shops: the usable shops, and why any other was left out. */
export interface AuthorizedShops {
  shops: AuthorizedShop[];
  /** One line per shop left out (no id, or no cipher: a shop without a cipher cannot be called). */
  leftOut: string[];
}

interface AuthorizedShop {
  shopId: string;
  name?: string;
  region?: string;
  sellerType?: string;
  cipher: string;
  code?: string;
}

export interface TokenPair {
  accessToken: string;
  /** null when TikTok left the expiry out: unknown, so the token is refreshed on 105002 only. */
  accessTokenExpiresAt: Date | null;
  refreshToken: string;
  refreshTokenExpiresAt: Date | null;
  sellerName?: string;
  region?: string;
  userType?: number;
  grantedScopes: string[];
}

export type ReturnDecision = 'APPROVE_REFUND' | 'APPROVE_RETURN' | 'APPROVE_RECEIVED_PACKAGE' | 'APPROVE_REPLACEMENT' | 'ISSUE_REPLACEMENT_REFUND';

export interface ApproveOptions {
  /** With APPROVE_RETURN: a returnless refund, the buyer keeps the item (API doc 4.3). */
  buyerKeepItem?: boolean;
}

export type ReturnRejection = 'REJECT_REFUND' | 'REJECT_RETURN' | 'REJECT_RECEIVED_PACKAGE' | 'REJECT_REPLACEMENT';
