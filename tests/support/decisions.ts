import { db } from '@/server/db';
import { mapMarketplaceStatus } from '@/server/sync/status-mapping';
import { statusGroup, type StatusGroup } from '@/lib/refund-decisions';
import type { Expected } from '@/features/refunds/decide';
import type { TestSandbox } from './sync';

export const ana = { id: 'user-ana', label: 'ana@store.test' };
export const bo = { id: 'user-bo', label: 'bo@store.test' };

/** What the grid showed the operator for a row (the guard compares with it). */
export async function expectedOf(id: number): Promise<Expected> {
  const row = await db.refund.findUniqueOrThrow({ where: { id } });
  return {
    marketplaceStatus: row.marketplaceStatus,
    marketplaceUpdatedAt: row.marketplaceUpdatedAt.toISOString(),
    decisionAt: row.decisionAt?.toISOString() ?? null,
  };
}

/** The decision-table group of a stored row, computed the way the grid computes it. */
export function groupOf(row: {
  marketplaceStatus: string;
  arbitrationStatus: string | null;
  sellerNextAction: string | null;
  respondBy: Date | null;
}): StatusGroup {
  const mapped = mapMarketplaceStatus({ marketplaceStatus: row.marketplaceStatus, arbitrationStatus: row.arbitrationStatus }).status;
  return statusGroup(mapped, row.respondBy && row.respondBy > new Date() ? row.sellerNextAction : null, row.arbitrationStatus === 'IN_PROGRESS');
}

/** Rows in a group that nobody decided yet, oldest id first; `kind` narrows to returns or cancellations. */
export async function rowsIn(group: StatusGroup, options: { kind?: 'Return' | 'Cancellation'; type?: 'Refund' | 'ReturnAndRefund' | 'Replacement' } = {}) {
  const rows = await db.refund.findMany({
    where: { decisionKind: null, decisionClaimId: null, ...(options.kind ? { kind: options.kind } : {}), ...(options.type ? { type: options.type } : {}) },
    orderBy: { id: 'asc' },
  });
  return rows.filter((row) => groupOf(row) === group);
}

/** Everything a refused decision must leave as it was: the row, its decisions, and TikTok's copy. */
export async function snapshot(sandbox: TestSandbox, id: number) {
  const row = await db.refund.findUniqueOrThrow({ where: { id } });
  const found = sandbox.state.find(row.marketplaceRefundId)!;
  return {
    row: {
      version: row.version,
      status: row.status,
      statusSource: row.statusSource,
      decisionKind: row.decisionKind,
      needsReview: row.needsReview,
      claim: row.decisionClaimId,
    },
    decisions: await db.refundDecision.count({ where: { refundId: id } }),
    tiktok: sandbox.state.json(found.shopIndex, found.index, sandbox.state.now()),
  };
}
