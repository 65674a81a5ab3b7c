import type { RefundKind, RefundStatus, RefundType } from '@/generated/prisma/enums';
import type { MarketplaceDiscount, MarketplaceMoney, MarketplaceRefund, MarketplaceShippingFee } from '@/server/tiktok/types';
import { mapMarketplaceStatus, mapRefundType } from './status-mapping';

/** The marketplace-owned columns of a refunds row (what a sync writes). */
export interface RefundRowFields {
  accountId: number;
  kind: RefundKind;
  marketplaceRefundId: string;
  marketplaceOrderId: string;
  type: RefundType;
  marketplaceType: string | null;
  /** What the mapping says; the sync decides whether it may replace an admin's decision. */
  mappedStatus: RefundStatus;
  marketplaceStatus: string;
  arbitrationStatus: string | null;
  statusDetail: string | null;
  unmappedStatus: boolean;
  initiatorRole: string | null;
  reason: string | null;
  reasonText: string | null;
  /** Decimal string, e.g. "12.30"; Postgres numeric parses it exactly. */
  refundAmount: string | null;
  currency: string | null;
  sellerNextAction: string | null;
  respondBy: Date | null;
  marketplaceCreatedAt: Date;
  marketplaceUpdatedAt: Date;
  raw: Record<string, unknown>;
  amountDetails: AmountDetails | null;
  lineItems: RefundLine[];
}

/** One refunded unit as stored in `line_items` (TikTok sends one line item per unit and no quantity). */
interface RefundLine {
  skuId?: string;
  sellerSku?: string;
  skuName?: string;
  productName?: string;
  /** Decimal string, TikTok's `refund_amount.refund_total` of the line. */
  amount?: string;
  currency?: string;
}

function lineItemsOf(refund: MarketplaceRefund): RefundLine[] {
  return refund.lineItems.map((item) => {
    const line: RefundLine = {
      skuId: item.skuId,
      sellerSku: item.sellerSku,
      skuName: item.skuName,
      productName: item.productName,
      amount: item.refundAmount?.total,
      currency: item.refundAmount?.currency ?? refund.refundAmount?.currency,
    };
    // Absent fields stay absent (as jsonb_strip_nulls leaves them in the migration's backfill).
    return Object.fromEntries(Object.entries(line).filter(([, value]) => value !== undefined));
  });
}

/**
 * The money facts beyond the refund total (stored as `amount_details`, read by the export and the
 * Refund Data modal): the seller's partial-refund offer and the buyer's answer, discounts, and who
 * paid the return shipping. Amounts stay TikTok's decimal strings, each with its own currency.
 */
export interface AmountDetails {
  partialRefund?: MarketplaceMoney;
  buyerRejectedPartialRefund?: boolean;
  sellerProposedReturnType?: string;
  discounts?: MarketplaceDiscount[];
  shippingFees?: MarketplaceShippingFee[];
}

function amountDetailsOf(refund: MarketplaceRefund): AmountDetails | null {
  const details: AmountDetails = {
    ...(refund.partialRefund ? { partialRefund: refund.partialRefund } : {}),
    ...(refund.buyerRejectedPartialRefund === undefined ? {} : { buyerRejectedPartialRefund: refund.buyerRejectedPartialRefund }),
    ...(refund.sellerProposedReturnType ? { sellerProposedReturnType: refund.sellerProposedReturnType } : {}),
    ...(refund.discounts.length ? { discounts: refund.discounts } : {}),
    ...(refund.shippingFees.length ? { shippingFees: refund.shippingFees } : {}),
  };
  return Object.keys(details).length ? details : null;
}

/** TikTok lists what it waits for; the earliest deadline is the one that auto-approves first. */
function firstNextAction(refund: MarketplaceRefund): { action: string | null; deadline: Date | null } {
  const sorted = [...refund.nextActions].sort(
    (a, b) => (a.deadline?.getTime() ?? Number.MAX_SAFE_INTEGER) - (b.deadline?.getTime() ?? Number.MAX_SAFE_INTEGER),
  );
  const first = sorted.find((a) => a.action !== 'NO_ACTION');
  return { action: first?.action ?? null, deadline: first?.deadline ?? null };
}

export function toRefundRow(accountId: number, refund: MarketplaceRefund, previousMarketplaceStatus?: string | null): RefundRowFields {
  const mapped = mapMarketplaceStatus({
    marketplaceStatus: refund.status,
    arbitrationStatus: refund.arbitrationStatus,
    previousMarketplaceStatus,
  });
  const type = mapRefundType(refund.kind, refund.type);
  const next = firstNextAction(refund);
  return {
    accountId,
    kind: refund.kind,
    marketplaceRefundId: refund.id,
    marketplaceOrderId: refund.orderId,
    type: type.type,
    marketplaceType: refund.type ?? null,
    mappedStatus: mapped.status,
    marketplaceStatus: refund.status,
    arbitrationStatus: refund.arbitrationStatus ?? null,
    statusDetail: type.unmapped && !mapped.unmapped ? `Unknown TikTok type ${refund.type ?? '(none)'}` : mapped.detail,
    unmappedStatus: mapped.unmapped || type.unmapped,
    initiatorRole: refund.role ?? null,
    reason: refund.reason ?? null,
    reasonText: refund.reasonText ?? null,
    refundAmount: refund.refundAmount?.total ?? null,
    currency: refund.refundAmount?.currency ?? null,
    sellerNextAction: next.action,
    respondBy: next.deadline,
    marketplaceCreatedAt: refund.createdAt,
    marketplaceUpdatedAt: refund.updatedAt,
    raw: refund.raw,
    amountDetails: amountDetailsOf(refund),
    lineItems: lineItemsOf(refund),
  };
}
