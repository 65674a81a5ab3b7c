import 'server-only';
import { db } from '@/server/db';

/** Columns the grid shows, selected explicitly: `raw` (the TikTok payload) stays in the database. */
export const gridSelect = {
  id: true,
  marketplaceRefundId: true,
  marketplaceOrderId: true,
  type: true,
  kind: true,
  status: true,
  statusDetail: true,
  marketplaceStatus: true,
  reason: true,
  reasonText: true,
  refundAmount: true,
  currency: true,
  respondBy: true,
  marketplaceCreatedAt: true,
  marketplaceUpdatedAt: true,
  account: { select: { id: true, name: true, shopId: true } },
} as const;

export async function listLatestRefunds(take = 50) {
  const [rows, total] = await Promise.all([
    db.refund.findMany({ select: gridSelect, orderBy: [{ marketplaceCreatedAt: 'desc' }, { id: 'desc' }], take }),
    db.refund.count(),
  ]);
  return { rows, total };
}
