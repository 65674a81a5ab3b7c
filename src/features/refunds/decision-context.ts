import 'server-only';
import type { RefundKind, RefundStatus } from '@/generated/prisma/enums';
import { planDecision, type AdminAction, type DecisionPlan } from '@/lib/refund-decisions';
import { db } from '@/server/db';
import { awaitedAction, callDecision, partialCallFor, rejects, tiktokCallFor } from '@/server/decisions/tiktok-calls';
import { upsertRefunds } from '@/server/sync/upsert';
import { interactiveTransport } from '@/server/tiktok/account-client';
import { TikTokApiError } from '@/server/tiktok/errors';
import type { Transport } from '@/server/tiktok/http';
import type { MarketplaceMoney, RejectReason } from '@/server/tiktok/types';
import { loadRow, planFor, readTikTok } from './decision-read';

/** What the decision dialog shows before the operator confirms: TikTok's status now and what Confirm will do. */

export interface DecisionContext {
  id: number;
  refundId: string;
  kind: RefundKind;
  action: AdminAction;
  stored: { status: RefundStatus; marketplaceStatus: string; marketplaceUpdatedAt: string; version: number };
  tiktok: { checked: true; status: string; updatedAt: string; waitingFor: string | null; deadline: string | null } | { checked: false; reason: string };
  /** What Confirm will do: the decision table's cell for this request now. */
  plan: DecisionPlan;
  /** The TikTok call a `send` plan makes. */
  call: { kind: string; decision: string | null } | null;
  /** TikTok's reject reasons, when a rejection goes to TikTok. */
  reasons: RejectReason[];
  /** TikTok's refund total now, which a partial offer must stay below. */
  total: MarketplaceMoney | null;
  /** Whether TikTok would take a partial refund offer instead (Completed on a refund or return request, write-back on). */
  partialPossible: boolean;
}

/** Reads TikTok's current status for the dialog (and stores it when it moved). */
export async function decisionContext(id: number, action: AdminAction, transport: Transport = interactiveTransport()): Promise<DecisionContext | null> {
  const row = await loadRow(id);
  if (!row) return null;
  const tiktok = await readTikTok(row, transport);
  let plan: DecisionPlan = planDecision({ action, group: 'awaitingOthers', writeBack: row.account.writeBack, reachable: false });
  let call: DecisionContext['call'] = null;
  let reasons: RejectReason[] = [];
  let total: MarketplaceMoney | null = null;
  let partialPossible = false;
  let seen: DecisionContext['tiktok'] = { checked: false, reason: tiktok.ok ? '' : tiktok.message };
  if (!tiktok.ok) plan = { kind: 'refuse', code: 'TIKTOK_UNAVAILABLE', message: tiktok.message };
  if (tiktok.ok) {
    const { fresh, client } = tiktok;
    if (fresh.status !== row.marketplaceStatus || fresh.updatedAt.getTime() !== row.marketplaceUpdatedAt.getTime())
      await upsertRefunds(row.accountId, [fresh], { source: 'Sync' });
    const waiting = awaitedAction(fresh.nextActions);
    seen = {
      checked: true,
      status: fresh.status,
      updatedAt: fresh.updatedAt.toISOString(),
      waitingFor: waiting?.action ?? null,
      deadline: waiting?.deadline?.toISOString() ?? null,
    };
    plan =
      row.decisionClaimId !== null
        ? { kind: 'refuse', code: 'ALREADY_DECIDED', message: 'A decision on this refund is being sent to TikTok right now.' }
        : planFor(action, fresh, row.account.writeBack, row.decisionKind);
    if (fresh.refundAmount?.total && fresh.refundAmount.currency) total = { amount: fresh.refundAmount.total, currency: fresh.refundAmount.currency };
    if (plan.kind === 'send' && action === 'complete') partialPossible = planFor('partial', fresh, row.account.writeBack, row.decisionKind).kind === 'send';
    if (plan.kind === 'send') {
      const tiktokCall =
        plan.decision === 'PartialOffered'
          ? partialCallFor(fresh.nextActions, total ?? { amount: '0', currency: '' })!
          : tiktokCallFor(fresh.nextActions, plan.decision)!;
      call = { kind: tiktokCall.kind, decision: callDecision(tiktokCall) };
      if (rejects(tiktokCall)) {
        try {
          reasons = await client.getRejectReasons(fresh.id);
        } catch (error) {
          if (!(error instanceof TikTokApiError)) throw error;
          plan = {
            kind: 'refuse',
            code: 'TIKTOK_UNAVAILABLE',
            message: `TikTok's reject reasons could not be loaded (${error.describe()}). Try again in a moment.`,
          };
        }
      }
    }
  }
  const current = await db.refund.findUniqueOrThrow({
    where: { id },
    select: { status: true, marketplaceStatus: true, marketplaceUpdatedAt: true, version: true },
  });
  return {
    id,
    refundId: row.marketplaceRefundId,
    kind: row.kind,
    action,
    stored: {
      status: current.status,
      marketplaceStatus: current.marketplaceStatus,
      marketplaceUpdatedAt: current.marketplaceUpdatedAt.toISOString(),
      version: current.version,
    },
    tiktok: seen,
    plan,
    call,
    reasons,
    total,
    partialPossible,
  };
}
