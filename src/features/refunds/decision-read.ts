import 'server-only';
import type { RefundDecisionKind, RefundStatus } from '@/generated/prisma/enums';
import { planDecision, refuse, statusGroup, type AdminAction, type DecisionPlan } from '@/lib/refund-decisions';
import { db } from '@/server/db';
import { awaitedAction, partialCallFor } from '@/server/decisions/tiktok-calls';
import { mapMarketplaceStatus } from '@/server/sync/status-mapping';
import { clientForAccount } from '@/server/tiktok/account-client';
import type { TikTokShopClient } from '@/server/tiktok/client';
import { TikTokApiError } from '@/server/tiktok/errors';
import type { Transport } from '@/server/tiktok/http';
import type { MarketplaceRefund } from '@/server/tiktok/types';

/**
 * What a decision and its dialog both start from: the row as stored, TikTok's copy of it read
 * just now, and the cell of the decision table that copy puts it in.
 */

const rowSelect = {
  id: true,
  accountId: true,
  kind: true,
  marketplaceRefundId: true,
  marketplaceStatus: true,
  marketplaceUpdatedAt: true,
  arbitrationStatus: true,
  decisionKind: true,
  decisionBy: true,
  decisionAt: true,
  decisionClaimId: true,
  version: true,
  account: { select: { writeBack: true, active: true, accessTokenEnc: true, refreshTokenEnc: true, refreshTokenExpiresAt: true } },
} as const;

export type Row = NonNullable<Awaited<ReturnType<typeof loadRow>>>;

export function loadRow(id: number) {
  return db.refund.findUnique({ where: { id }, select: rowSelect });
}

function connected(account: Row['account']): boolean {
  return Boolean(account.accessTokenEnc ?? (account.refreshTokenEnc && (!account.refreshTokenExpiresAt || account.refreshTokenExpiresAt > new Date())));
}

/** TikTok's current copy of the request, or why it could not be read (nothing is written either way). */
export async function readTikTok(
  row: Row,
  transport: Transport,
): Promise<{ ok: true; client: TikTokShopClient; fresh: MarketplaceRefund } | { ok: false; message: string }> {
  if (!connected(row.account) || !row.account.active)
    return { ok: false, message: "This shop is not connected to TikTok, so TikTok's current status cannot be checked and nothing was done." };
  try {
    const client = await clientForAccount(row.accountId, transport);
    const fresh = await client.findRefund(row.kind, row.marketplaceRefundId);
    if (!fresh) return { ok: false, message: 'TikTok did not return this request, so nothing was done.' };
    return { ok: true, client, fresh };
  } catch (error) {
    if (!(error instanceof TikTokApiError)) throw error;
    return { ok: false, message: `TikTok did not answer (${error.describe()}), so nothing was changed here or on TikTok. Try again in a moment.` };
  }
}

function mappedOf(refund: Pick<MarketplaceRefund, 'status' | 'arbitrationStatus'>): RefundStatus {
  return mapMarketplaceStatus({ marketplaceStatus: refund.status, arbitrationStatus: refund.arbitrationStatus }).status;
}

/** The cell of the decision table this request is in now. */
export function planFor(action: AdminAction, fresh: MarketplaceRefund, writeBack: boolean, current: RefundDecisionKind | null): DecisionPlan {
  const group = statusGroup(mappedOf(fresh), awaitedAction(fresh.nextActions)?.action ?? null, fresh.arbitrationStatus?.toUpperCase() === 'IN_PROGRESS');
  const plan = planDecision({ action, group, writeBack, reachable: true, current });
  // An offer goes only where TikTok takes one (a refund or return request, not a package or a cancellation).
  if (plan.kind === 'send' && plan.decision === 'PartialOffered' && !partialCallFor(fresh.nextActions, { amount: '0', currency: '' }))
    return refuse('PARTIAL_NOT_OFFERED');
  return plan;
}
