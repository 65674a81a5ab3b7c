import type { RefundRowFields } from '@/server/sync/to-refund-row';
import { copyLine } from './copy-text';

/** Columns the benchmark COPYs into `refunds`, in order; the rest take their defaults. */
export const REFUND_COPY_COLUMNS = [
  'account_id',
  'kind',
  'marketplace_refund_id',
  'marketplace_order_id',
  'type',
  'marketplace_type',
  'status',
  'marketplace_status',
  'arbitration_status',
  'status_detail',
  'unmapped_status',
  'status_source',
  'status_set_at',
  'initiator_role',
  'reason',
  'reason_text',
  'refund_amount',
  'currency',
  'seller_next_action',
  'respond_by',
  'marketplace_created_at',
  'marketplace_updated_at',
  'raw',
  'last_synced_at',
  'updated_at',
] as const;

/** One refunds row as a first sync would store it (the same fields `upsertRefunds` inserts). */
export function refundCopyLine(row: RefundRowFields, syncedAt: Date): string {
  return copyLine([
    row.accountId,
    row.kind,
    row.marketplaceRefundId,
    row.marketplaceOrderId,
    row.type,
    row.marketplaceType,
    row.mappedStatus,
    row.marketplaceStatus,
    row.arbitrationStatus,
    row.statusDetail,
    row.unmappedStatus,
    'Marketplace',
    row.marketplaceUpdatedAt,
    row.initiatorRole,
    row.reason,
    row.reasonText,
    row.refundAmount,
    row.currency,
    row.sellerNextAction,
    row.respondBy,
    row.marketplaceCreatedAt,
    row.marketplaceUpdatedAt,
    JSON.stringify(row.raw),
    syncedAt,
    syncedAt,
  ]);
}
