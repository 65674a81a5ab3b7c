import { Prisma } from '@/generated/prisma/client';
import type { PrismaClient } from '@/generated/prisma/client';
import { toRefundRow } from '@/server/sync/to-refund-row';
import { parseCancellation, parseReturn } from '@/server/tiktok/parse';
import type { MarketplaceRefund } from '@/server/tiktok/types';

/** Parses a TikTok JSON object the way the client does (returns have `return_id`). */
export function parseMarketplaceJson(json: Record<string, unknown>): MarketplaceRefund {
  return 'return_id' in json ? parseReturn(json) : parseCancellation(json);
}

/** The refunds row a first sync would write for this TikTok object. */
function refundCreateData(accountId: number, refund: MarketplaceRefund, syncedAt: Date): Prisma.RefundCreateManyInput {
  const { mappedStatus, ...row } = toRefundRow(accountId, refund);
  return {
    ...row,
    status: mappedStatus,
    refundAmount: row.refundAmount === null ? null : new Prisma.Decimal(row.refundAmount),
    raw: row.raw as Prisma.InputJsonValue,
    amountDetails: row.amountDetails === null ? Prisma.DbNull : (row.amountDetails as Prisma.InputJsonValue),
    lineItems: row.lineItems as unknown as Prisma.InputJsonValue,
    statusSetAt: refund.updatedAt,
    lastSyncedAt: syncedAt,
  };
}

let sequence = 0;

/** `base` with `overrides` applied; an override of `undefined` drops the field. */
function withOverrides(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries({ ...base, ...overrides }).filter(([, value]) => value !== undefined));
}

/** A TikTok return object with sensible defaults; override any field, or drop one with `undefined`. */
export function returnJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  const suffix = String(sequence).padStart(6, '0');
  const now = Math.floor(Date.now() / 1000);
  const base: Record<string, unknown> = {
    return_id: `4035999000${suffix}001`,
    order_id: `5764999000${suffix}003`,
    return_type: 'REFUND',
    return_status: 'RETURN_OR_REFUND_REQUEST_PENDING',
    role: 'BUYER',
    return_reason: 'ecom_order_delivered_refund_and_return_reason_damaged',
    return_reason_text: 'Package or product is damaged',
    create_time: now - 3600,
    update_time: now - 1800,
    seller_next_action_response: [{ action: 'SELLER_RESPOND_REFUND', deadline: now + 40 * 3600 }],
    refund_amount: { currency: 'USD', refund_total: '25.40', refund_subtotal: '25.40' },
    return_line_items: [
      {
        return_line_item_id: `5781999${suffix}`,
        sku_id: '1729000001',
        product_name: 'Linen Overshirt',
        seller_sku: 'LIN-1',
        refund_amount: { currency: 'USD', refund_total: '25.40' },
      },
    ],
  };
  return withOverrides(base, overrides);
}

/** A TikTok cancellation object with sensible defaults. */
export function cancellationJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  const suffix = String(sequence).padStart(6, '0');
  const now = Math.floor(Date.now() / 1000);
  const base: Record<string, unknown> = {
    cancel_id: `5770999000${suffix}001`,
    order_id: `5764999100${suffix}003`,
    cancel_type: 'BUYER_CANCEL',
    cancel_status: 'CANCELLATION_REQUEST_PENDING',
    role: 'BUYER',
    cancel_reason: 'ecom_order_to_ship_cancel_reason_change_of_mind',
    cancel_reason_text: 'No longer needed',
    create_time: now - 7200,
    update_time: now - 7200,
    seller_next_action_response: [{ action: 'SELLER_RESPOND_CANCEL', deadline: now + 30 * 3600 }],
    refund_amount: { currency: 'GBP', refund_total: '12.00' },
    cancel_line_items: [],
  };
  return withOverrides(base, overrides);
}

/** Inserts TikTok objects as refunds of `accountId` (first-sync shape), with a "first seen" event each. */
export async function insertRefunds(db: PrismaClient, accountId: number, objects: Record<string, unknown>[], syncedAt = new Date()) {
  const data = objects.map((json) => refundCreateData(accountId, parseMarketplaceJson(json), syncedAt));
  // 5,000 rows × ~25 columns stays well under Postgres's 65,535 bind parameters per statement.
  const created: { id: number; status: Prisma.RefundCreateManyInput['status']; marketplaceStatus: string; marketplaceUpdatedAt: Date }[] = [];
  for (let i = 0; i < data.length; i += 2000) {
    const rows = await db.refund.createManyAndReturn({
      data: data.slice(i, i + 2000),
      select: { id: true, status: true, marketplaceStatus: true, marketplaceUpdatedAt: true },
    });
    created.push(...rows);
  }
  for (let i = 0; i < created.length; i += 5000) {
    await db.refundEvent.createMany({
      data: created.slice(i, i + 5000).map((row) => ({
        refundId: row.id,
        source: 'Sync' as const,
        occurredAt: row.marketplaceUpdatedAt,
        recordedAt: syncedAt,
        actorLabel: 'sync',
        action: 'first_seen',
        toStatus: row.status,
        toMarketplaceStatus: row.marketplaceStatus,
      })),
    });
  }
  return created;
}
