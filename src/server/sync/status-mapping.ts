import type { RefundStatus } from '@/generated/prisma/enums';

/**
 * The one table that turns TikTok's raw statuses into our five internal states. Every value
 * TikTok documents (API doc sections 5.2 and 5.3) has a decision here; a test fails for any
 * documented value without one. Anything else maps to Pending and is flagged "unmapped".
 */
export const MARKETPLACE_STATUS_MAP: Readonly<Record<string, RefundStatus>> = {
  // Buyer submitted; nobody has reviewed it yet.
  RETURN_OR_REFUND_REQUEST_PENDING: 'Requested',
  REPLACEMENT_REQUEST_PENDING: 'Requested',
  CANCELLATION_REQUEST_PENDING: 'Requested',
  // Waiting on the buyer or the courier.
  AWAITING_BUYER_RESPONSE: 'Pending',
  AWAITING_BUYER_SHIP: 'Pending',
  BUYER_SHIPPED_ITEM: 'Pending',
  // Approved; the money has not moved yet.
  RETURN_OR_REFUND_REQUEST_SUCCESS: 'Accepted',
  CANCELLATION_REQUEST_SUCCESS: 'Accepted',
  REPLACEMENT_REQUEST_REFUND_SUCCESS: 'Accepted',
  // Done.
  RETURN_OR_REFUND_REQUEST_COMPLETE: 'Refund',
  CANCELLATION_REQUEST_COMPLETE: 'Refund',
  REPLACEMENT_REQUEST_COMPLETE: 'Refund',
  // Declined or closed without a refund (see statusDetail for which).
  REFUND_OR_RETURN_REQUEST_REJECT: 'Rejected',
  REJECT_RECEIVE_PACKAGE: 'Rejected',
  REPLACEMENT_REQUEST_REJECT: 'Rejected',
  RETURN_OR_REFUND_REQUEST_CANCEL: 'Rejected',
  REPLACEMENT_REQUEST_CANCEL: 'Rejected',
  CANCELLATION_REQUEST_CANCEL: 'Rejected',
  CANCELLATION_REQUEST_CANCELLED: 'Rejected',
};

/**
 * Other spellings of documented statuses, each mapped to the value it stands for (so to the same
 * internal state). TikTok's overview page uses short names in its prose and diagrams (API doc 5.2
 * "Spelling traps"), its webhook page once writes a double underscore, and one SDK validates a
 * `_REJECTED` spelling. None of them is a documented API value; we map them rather than flag a
 * request that TikTok might one day send that way. The stored marketplace status stays as sent.
 */
export const MARKETPLACE_STATUS_ALIASES: Readonly<Record<string, keyof typeof MARKETPLACE_STATUS_MAP>> = {
  REQUEST_SUCCESS: 'RETURN_OR_REFUND_REQUEST_SUCCESS',
  REQUEST_REJECTED: 'REFUND_OR_RETURN_REQUEST_REJECT',
  RECEIVE_REJECTED: 'REJECT_RECEIVE_PACKAGE',
  RETURN_OR_REFUND_CANCEL: 'RETURN_OR_REFUND_REQUEST_CANCEL',
  RETURN_OR_REFUND__REQUEST_CANCELLED: 'RETURN_OR_REFUND_REQUEST_CANCEL',
  RETURN_OR_REFUND_REQUEST_REJECTED: 'REFUND_OR_RETURN_REQUEST_REJECT',
};

/**
 * The documented value a raw status stands for: compared case-insensitively (TikTok's pages
 * disagree on case, API doc 4.2), aliases resolved. Undefined for anything else.
 */
export function canonicalStatus(raw: string | null | undefined): string | undefined {
  const folded = (raw ?? '').trim().toUpperCase();
  if (folded in MARKETPLACE_STATUS_MAP) return folded;
  return MARKETPLACE_STATUS_ALIASES[folded];
}

/** Rejections TikTok's arbitration can still reverse (API doc 5.2: "rejected statuses are not final"). */
const APPEALABLE_REJECTIONS = new Set(['REFUND_OR_RETURN_REQUEST_REJECT', 'REJECT_RECEIVE_PACKAGE', 'REPLACEMENT_REQUEST_REJECT']);
/** Closed without a refund: the buyer withdrew, missed a deadline, or a rejection stood. */
const CLOSED = new Set(['RETURN_OR_REFUND_REQUEST_CANCEL', 'REPLACEMENT_REQUEST_CANCEL', 'CANCELLATION_REQUEST_CANCEL', 'CANCELLATION_REQUEST_CANCELLED']);

export interface MappedStatus {
  status: RefundStatus;
  /** Sub-reason shown beside the badge; never a sixth state. */
  detail: string | null;
  unmapped: boolean;
}

export function mapMarketplaceStatus(input: {
  marketplaceStatus: string;
  arbitrationStatus?: string | null;
  /** The marketplace status we held before this one, to tell "rejection stood" from "withdrawn". */
  previousMarketplaceStatus?: string | null;
}): MappedStatus {
  const { marketplaceStatus, previousMarketplaceStatus } = input;
  const status = canonicalStatus(marketplaceStatus);
  const arbitrationStatus = input.arbitrationStatus?.trim().toUpperCase();
  // TikTok, not the seller, decides while a dispute runs; seller actions fail with 25011010.
  if (arbitrationStatus === 'IN_PROGRESS') return { status: 'Pending', detail: 'In TikTok arbitration', unmapped: status === undefined };
  // Never claim more than TikTok confirms: no status (or an unknown one) is Pending, flagged.
  if (!marketplaceStatus.trim()) return { status: 'Pending', detail: 'TikTok sent no status', unmapped: true };
  if (status === undefined) return { status: 'Pending', detail: `Unmapped TikTok status ${marketplaceStatus}`, unmapped: true };
  return {
    status: MARKETPLACE_STATUS_MAP[status]!,
    detail: statusDetail(status, arbitrationStatus, canonicalStatus(previousMarketplaceStatus)),
    unmapped: false,
  };
}

function statusDetail(status: string, arbitration?: string | null, previous?: string | null): string | null {
  if (APPEALABLE_REJECTIONS.has(status)) return 'Rejected by seller; the buyer can still appeal';
  if (CLOSED.has(status)) {
    if (arbitration === 'SUPPORT_SELLER') return 'Closed: arbitration ruled for the seller';
    if (previous && APPEALABLE_REJECTIONS.has(previous)) return 'Closed: the rejection stood';
    return 'Closed: withdrawn by the buyer or expired';
  }
  if (arbitration === 'SUPPORT_BUYER') return 'Arbitration ruled for the buyer';
  if (status === 'REPLACEMENT_REQUEST_COMPLETE') return 'Replacement sent; no money refunded';
  if (status === 'REPLACEMENT_REQUEST_REFUND_SUCCESS') return 'Replacement resolved by a refund';
  return null;
}

/** TikTok `return_type` → our type. Cancellations are refunds before shipment. */
export function mapRefundType(
  kind: 'Return' | 'Cancellation',
  marketplaceType?: string,
): { type: 'Refund' | 'ReturnAndRefund' | 'Replacement'; unmapped: boolean } {
  if (kind === 'Cancellation') return { type: 'Refund', unmapped: false };
  switch (marketplaceType?.trim().toUpperCase()) {
    case 'REFUND':
      return { type: 'Refund', unmapped: false };
    case 'RETURN_AND_REFUND':
      return { type: 'ReturnAndRefund', unmapped: false };
    case 'REPLACEMENT':
      return { type: 'Replacement', unmapped: false };
    default:
      // Unknown (e.g. the EXCHANGE type seen in Seller Center): show it as a refund, flag it.
      return { type: 'Refund', unmapped: true };
  }
}
