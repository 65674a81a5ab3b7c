import 'server-only';
import { clientForAccount, interactiveTransport } from '@/server/tiktok/account-client';
import { db } from '@/server/db';
import { TikTokApiError } from '@/server/tiktok/errors';
import type { Transport } from '@/server/tiktok/http';
import { parseCancellation, parseReturn } from '@/server/tiktok/parse';
import type { MarketplaceRefund } from '@/server/tiktok/types';
import { buildTimeline, type TikTokRecordInput } from './timeline';

/**
 * Everything the Refund Data modal shows about one refund: the stored row and its TikTok payload,
 * and its timeline, one line per change (./timeline.ts), from our history, the webhook deliveries and
 * TikTok's own return records (fetched live; the modal says so when TikTok cannot be reached).
 */

/** Seller Center hosts are per region (seller-us, seller-uk, seller-vn ...). */
function sellerCenterUrl(region: string | null, orderId: string): string | null {
  if (!region) return null;
  const host = region.toUpperCase() === 'GB' ? 'uk' : region.toLowerCase();
  return `https://seller-${host}.tiktok.com/order/detail?order_no=${encodeURIComponent(orderId)}&shop_region=${encodeURIComponent(region.toUpperCase())}`;
}

export async function refundDetail(id: number, transport: Transport = interactiveTransport()) {
  const row = await db.refund.findUnique({
    where: { id },
    include: {
      account: { select: { id: true, name: true, shopId: true, region: true, environment: true, writeBack: true, accessTokenEnc: true } },
      events: { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] },
    },
  });
  if (!row) return null;
  const deliveries = await db.webhookEvent.findMany({
    // A return and a cancellation may share an id (TikTok's own examples do): the type tells them apart.
    where: { accountId: row.accountId, subjectId: row.marketplaceRefundId, type: row.kind === 'Return' ? 12 : 11 },
    orderBy: { receivedAt: 'asc' },
    take: 100,
  });
  let records: TikTokRecordInput[] = [];
  let recordsNote: string | null = null;
  if (row.kind === 'Return' && row.account.accessTokenEnc) {
    try {
      const client = await clientForAccount(row.accountId, transport);
      records = await client.getReturnRecords(row.marketplaceRefundId);
    } catch (error) {
      if (!(error instanceof TikTokApiError)) throw error;
      recordsNote = `TikTok's own records could not be loaded (${error.describe()}); the history below is what this panel saw.`;
    }
  } else if (row.kind === 'Cancellation') {
    recordsNote = 'TikTok keeps no record timeline for cancellations; the history below is what this panel saw.';
  } else {
    recordsNote = "The account is not connected, so TikTok's own records are not shown.";
  }
  const timeline = buildTimeline({ records, events: row.events, deliveries });
  let parsed: MarketplaceRefund | null;
  try {
    parsed = row.kind === 'Return' ? parseReturn(row.raw) : parseCancellation(row.raw);
  } catch {
    parsed = null;
  }
  return {
    id: row.id,
    kind: row.kind,
    refundId: row.marketplaceRefundId,
    orderId: row.marketplaceOrderId,
    account: {
      id: row.account.id,
      name: row.account.name,
      shopId: row.account.shopId,
      region: row.account.region,
      environment: row.account.environment,
      writeBack: row.account.writeBack,
    },
    type: row.type,
    marketplaceType: row.marketplaceType,
    status: row.status,
    statusDetail: row.statusDetail,
    statusSource: row.statusSource,
    decisionKind: row.decisionKind,
    decisionBy: row.decisionBy,
    decisionAt: row.decisionAt?.toISOString() ?? null,
    claimPending: row.decisionClaimId !== null,
    reviewFlaggedAt: row.reviewFlaggedAt?.toISOString() ?? null,
    needsReview: row.needsReview,
    reviewNote: row.reviewNote,
    unmappedStatus: row.unmappedStatus,
    marketplaceStatus: row.marketplaceStatus,
    arbitrationStatus: row.arbitrationStatus,
    initiatorRole: row.initiatorRole,
    reason: row.reason,
    reasonText: row.reasonText,
    amount: row.refundAmount?.toString() ?? null,
    currency: row.currency,
    amounts: parsed?.refundAmount ?? null,
    lineItems: parsed?.lineItems ?? [],
    offer: parsed?.partialRefund
      ? { amount: parsed.partialRefund.amount, currency: parsed.partialRefund.currency, buyerDeclined: parsed.buyerRejectedPartialRefund === true }
      : null,
    discounts: parsed?.discounts ?? [],
    shippingFees: parsed?.shippingFees ?? [],
    shipping: {
      method: typeof row.raw === 'object' && row.raw ? (((row.raw as Record<string, unknown>).return_method as string | undefined) ?? null) : null,
      trackingNumber:
        typeof row.raw === 'object' && row.raw ? (((row.raw as Record<string, unknown>).return_tracking_number as string | undefined) ?? null) : null,
      carrier: typeof row.raw === 'object' && row.raw ? (((row.raw as Record<string, unknown>).return_provider_name as string | undefined) ?? null) : null,
    },
    sellerNextAction: row.sellerNextAction,
    respondBy: row.respondBy?.toISOString() ?? null,
    createdAt: row.marketplaceCreatedAt.toISOString(),
    updatedAt: row.marketplaceUpdatedAt.toISOString(),
    lastSyncedAt: row.lastSyncedAt.toISOString(),
    version: row.version,
    raw: row.raw,
    timeline,
    recordsNote,
    sellerCenterUrl: sellerCenterUrl(row.account.region, row.marketplaceOrderId),
  };
}

export type RefundDetail = NonNullable<Awaited<ReturnType<typeof refundDetail>>>;
