import 'server-only';
import type { RefundDecisionKind, RefundKind, RefundStatus, RefundType, StatusSource } from '@/generated/prisma/enums';
import { display, sum, units } from '@/lib/money';
import { statusGroup, type StatusGroup } from '@/lib/refund-decisions';
import { selectFields, type SqlRow } from '@/server/sql';
import { mapMarketplaceStatus } from '@/server/sync/status-mapping';
import type { AmountDetails } from '@/server/sync/to-refund-row';
import type { MarketplaceDiscount } from '@/server/tiktok/types';

/** One row of the refunds grid as the browser gets it: what the columns, the row actions and the keyset cursors need. */
export interface GridRow {
  id: number;
  refundId: string;
  orderId: string;
  accountId: number;
  kind: RefundKind;
  type: RefundType;
  status: RefundStatus;
  statusDetail: string | null;
  statusSource: StatusSource;
  unmappedStatus: boolean;
  needsReview: boolean;
  reviewNote: string | null;
  marketplaceStatus: string;
  arbitrationStatus: string | null;
  reason: string | null;
  reasonText: string | null;
  /** Decimal string as stored (numeric), never a float. */
  amount: string | null;
  currency: string | null;
  respondBy: string | null;
  sellerNextAction: string | null;
  createdAt: string;
  updatedAt: string;
  /** The last decision made here (shown beside TikTok's status), and whether one is on its way to TikTok. */
  decisionKind: RefundDecisionKind | null;
  decisionBy: string | null;
  decisionAt: string | null;
  claimPending: boolean;
  /** Where the request stands for a decision (the decision table's row), from TikTok's status and deadline. */
  group: StatusGroup;
  version: number;
  /** TikTok's partial refund offer on this request, with the buyer's answer when declined. */
  offer: { amount: string; currency: string; declined: boolean } | null;
  /** Seller- and platform-funded discounts, summed per field only when every entry is in the refund's currency. */
  discounts: { seller: string | null; platform: string | null } | null;
}
/** The fields a grid row reads; their types come from the Prisma model (see selectFields). */
const ROW_FIELDS = [
  'id',
  'marketplaceRefundId',
  'marketplaceOrderId',
  'accountId',
  'kind',
  'type',
  'status',
  'statusDetail',
  'statusSource',
  'unmappedStatus',
  'needsReview',
  'reviewNote',
  'marketplaceStatus',
  'arbitrationStatus',
  'reason',
  'reasonText',
  'refundAmount',
  'currency',
  'respondBy',
  'sellerNextAction',
  'marketplaceCreatedAt',
  'marketplaceUpdatedAt',
  'decisionKind',
  'decisionBy',
  'decisionAt',
  'decisionClaimId',
  'version',
  'amountDetails',
] as const;
export const rowColumns = selectFields('Refund', ROW_FIELDS);
export type RawRow = SqlRow<'Refund', (typeof ROW_FIELDS)[number]>;

export function toGridRow(row: RawRow): GridRow {
  return {
    id: row.id,
    refundId: row.marketplaceRefundId,
    orderId: row.marketplaceOrderId,
    accountId: row.accountId,
    kind: row.kind,
    type: row.type,
    status: row.status,
    statusDetail: row.statusDetail,
    statusSource: row.statusSource,
    unmappedStatus: row.unmappedStatus,
    needsReview: row.needsReview,
    reviewNote: row.reviewNote,
    marketplaceStatus: row.marketplaceStatus,
    arbitrationStatus: row.arbitrationStatus,
    reason: row.reason,
    reasonText: row.reasonText,
    amount: row.refundAmount,
    currency: row.currency,
    respondBy: row.respondBy?.toISOString() ?? null,
    sellerNextAction: row.sellerNextAction,
    createdAt: row.marketplaceCreatedAt.toISOString(),
    updatedAt: row.marketplaceUpdatedAt.toISOString(),
    decisionKind: row.decisionKind,
    decisionBy: row.decisionBy,
    decisionAt: row.decisionAt?.toISOString() ?? null,
    claimPending: row.decisionClaimId !== null,
    group: statusGroup(
      mapMarketplaceStatus({ marketplaceStatus: row.marketplaceStatus, arbitrationStatus: row.arbitrationStatus }).status,
      row.respondBy && row.respondBy > new Date() ? row.sellerNextAction : null,
      row.arbitrationStatus?.toUpperCase() === 'IN_PROGRESS',
    ),
    version: row.version,
    ...adjustmentsOf(row.amountDetails as AmountDetails | null, row.currency),
  };
}

/** The grid's view of `amount_details`: the offer, and discounts summed exactly within the refund's currency. */
function adjustmentsOf(details: AmountDetails | null, currency: string | null): Pick<GridRow, 'offer' | 'discounts'> {
  const offer = details?.partialRefund
    ? { amount: details.partialRefund.amount, currency: details.partialRefund.currency, declined: details.buyerRejectedPartialRefund === true }
    : null;
  const entries = details?.discounts ?? [];
  if (entries.length === 0 || entries.some((d) => (d.currency ?? currency) !== currency)) return { offer, discounts: null };
  const total = (pick: (d: MarketplaceDiscount) => (string | undefined)[]) => {
    const values = entries.flatMap(pick).filter((v): v is string => v !== undefined);
    return values.length ? display(sum(values.map((v) => units(v))), currency) : null;
  };
  return {
    offer,
    discounts: {
      seller: total((d) => [d.productSellerDiscount, d.shippingFeeSellerDiscount]),
      platform: total((d) => [d.productPlatformDiscount, d.shippingFeePlatformDiscount]),
    },
  };
}
