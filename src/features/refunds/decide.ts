import 'server-only';
import type { RefundDecisionKind, RefundStatus } from '@/generated/prisma/enums';
import { formatDateTime, formatMoney, humanizeEnum } from '@/lib/format';
import { checkOffer, nextStepText, type AdminAction, type DecisionRefusal } from '@/lib/refund-decisions';
import { audit, type AuditActor } from '@/server/audit';
import { env } from '@/server/config';
import { db } from '@/server/db';
import { applyDecision, claimDecision, confirmDecision, markSent, releaseClaim, staleClaims, STALE_CLAIM_MS } from '@/server/decisions/claims';
import { resumeClaim } from '@/server/decisions/resume';
import { callDecision, partialCallFor, rejects, sendTikTokCall, tiktokCallFor, type TikTokCall } from '@/server/decisions/tiktok-calls';
import { logError } from '@/server/log';
import { upsertRefunds } from '@/server/sync/upsert';
import { clientForAccount, interactiveTransport } from '@/server/tiktok/account-client';
import type { TikTokShopClient } from '@/server/tiktok/client';
import { TikTokApiError } from '@/server/tiktok/errors';
import type { Transport } from '@/server/tiktok/http';
import type { MarketplaceMoney, MarketplaceRefund, RejectReason } from '@/server/tiktok/types';
import { loadRow, planFor, readTikTok, type Row } from './decision-read';

/**
 * Completed and Reject, true to TikTok (README, "Completed and Reject"; the table itself is
 * src/lib/refund-decisions.ts). Every decision re-reads TikTok first: what TikTok says now is what
 * it is checked against, and only a change of TikTok's status (not of its update time) since the
 * operator loaded the grid stops it. A decision TikTok waits for goes to TikTok (write-back on) and
 * the row then shows what TikTok says next; a refund TikTok already approved or completed (or a
 * rejection it already made) can be confirmed here for the books. No transaction is open while
 * TikTok is called (src/server/decisions/claims.ts).
 */

type DecisionCode =
  | DecisionRefusal
  | 'NOT_FOUND'
  | 'IN_PROGRESS'
  | 'STALE'
  | 'MARKETPLACE_CHANGED'
  | 'TIKTOK_REFUSED'
  | 'TIKTOK_UNCONFIRMED'
  | 'REASON_REQUIRED'
  | 'INVALID_REASON'
  | 'INVALID_AMOUNT';

/** What the operator saw when they opened the decision: the guard compares TikTok and the row with it. */
export interface Expected {
  marketplaceStatus: string;
  marketplaceUpdatedAt: string;
  /** When the decision shown on the row was made (null: none). */
  decisionAt: string | null;
}

export interface DecisionInput {
  /** Our row id. */
  id: number;
  action: AdminAction;
  expected: Expected;
  note?: string;
  /** The amount of a partial refund offer (action `partial`), a decimal string in the request's currency. */
  partialAmount?: string;
  /** TikTok reject reason name (required when a rejection goes to TikTok). */
  rejectReason?: string;
  /** One per dialog submission: a repeated submission cannot act twice on TikTok. */
  idempotencyKey: string;
}

export type DecisionResult =
  | {
      ok: true;
      id: number;
      refundId: string;
      decision: RefundDecisionKind;
      sentToTikTok: boolean;
      status: RefundStatus;
      marketplaceStatus: string;
      message: string;
    }
  | {
      ok: false;
      id: number;
      /** TikTok's refund id; null only when the row itself is gone. */
      refundId: string | null;
      code: DecisionCode;
      message: string;
      marketplace?: { was: string; now: string; nowUpdatedAt: string };
      reasons?: RejectReason[];
    };

function fail(
  row: Pick<Row, 'id' | 'marketplaceRefundId'> | number,
  code: DecisionCode,
  message: string,
  extra: { marketplace?: { was: string; now: string; nowUpdatedAt: string }; reasons?: RejectReason[] } = {},
): DecisionResult {
  const id = typeof row === 'number' ? row : row.id;
  return { ok: false, id, refundId: typeof row === 'number' ? null : row.marketplaceRefundId, code, message, ...extra };
}

const at = (date: Date) => formatDateTime(date, env.STORE_TIMEZONE);

function changedMessage(was: string, now: MarketplaceRefund): string {
  return `TikTok's status changed from ${humanizeEnum(was)} to ${humanizeEnum(now.status)} at ${at(now.updatedAt)}; nothing was done. Check its new status before deciding.`;
}

/** When a refund already has an open claim: finish it if its process stopped, otherwise say who is deciding. */
async function openClaim(row: Row, transport: Transport): Promise<DecisionResult> {
  const [stale] = await staleClaims({ refundId: row.id }, new Date(Date.now() - STALE_CLAIM_MS));
  if (!stale) {
    const claim = await db.refundDecision.findUnique({ where: { id: row.decisionClaimId! }, select: { actorLabel: true } });
    return fail(row, 'IN_PROGRESS', `${claim?.actorLabel ?? 'Another operator'} is deciding this refund right now. Wait a moment and reload.`);
  }
  let outcome = 'pending';
  try {
    outcome = await resumeClaim(stale, await clientForAccount(row.accountId, transport));
  } catch (error) {
    if (!(error instanceof TikTokApiError)) throw error;
  }
  const what =
    outcome === 'applied'
      ? 'TikTok had it, and it is now recorded'
      : outcome === 'pending'
        ? 'TikTok still has not answered'
        : 'TikTok never acted on it, so it was withdrawn';
  return fail(
    row,
    'IN_PROGRESS',
    `An earlier decision by ${stale.actorLabel} on this refund was waiting for TikTok: ${what}. Reload and check before deciding again.`,
  );
}

const AUDIT_ACTIONS: Record<AdminAction, string> = { complete: 'refund.complete', reject: 'refund.reject', partial: 'refund.partial_offer' };

export async function decideRefund(
  actor: AuditActor & { id: string },
  input: DecisionInput,
  transport: Transport = interactiveTransport(),
): Promise<DecisionResult> {
  const result = await decide(actor, input, transport);
  if (!result.ok && result.code !== 'IN_PROGRESS') {
    const action = AUDIT_ACTIONS[input.action];
    await audit({
      actor,
      action,
      outcome: 'failed',
      targetType: 'refund',
      targetId: input.id,
      details: { code: result.code },
    }).catch((error: unknown) => logError('audit_failed', { error }));
  }
  return result;
}

async function decide(actor: AuditActor & { id: string }, input: DecisionInput, transport: Transport): Promise<DecisionResult> {
  let row = await loadRow(input.id);
  if (!row) return fail(input.id, 'NOT_FOUND', 'This refund no longer exists.');
  if (row.decisionClaimId !== null) return openClaim(row, transport);

  const tiktok = await readTikTok(row, transport);
  if (!tiktok.ok) return fail(row, 'TIKTOK_UNAVAILABLE', tiktok.message);
  const { client, fresh } = tiktok;
  // What TikTok says now decides; a newer update time with the same status is no reason to refuse.
  if (fresh.status !== row.marketplaceStatus || fresh.updatedAt.getTime() !== row.marketplaceUpdatedAt.getTime()) {
    await upsertRefunds(row.accountId, [fresh], { source: 'Sync' });
    row = (await loadRow(input.id))!;
  }
  if (fresh.status !== input.expected.marketplaceStatus) {
    return fail(row, 'MARKETPLACE_CHANGED', changedMessage(input.expected.marketplaceStatus, fresh), {
      marketplace: { was: input.expected.marketplaceStatus, now: fresh.status, nowUpdatedAt: fresh.updatedAt.toISOString() },
    });
  }
  // A decision recorded since the operator loaded the grid wins; a sync alone (a newer update time) does not stop this one.
  if ((row.decisionAt?.toISOString() ?? null) !== input.expected.decisionAt) {
    return fail(
      row,
      'STALE',
      `${row.decisionBy ?? 'Someone'} recorded a decision on this refund${row.decisionAt ? ` at ${at(row.decisionAt)}` : ''}. Reload to see it.`,
    );
  }

  const plan = planFor(input.action, fresh, row.account.writeBack, row.decisionKind);
  if (plan.kind === 'refuse') return fail(row, plan.code, plan.message);

  const base = {
    refundId: row.id,
    expectedVersion: row.version,
    action: input.action,
    note: input.note?.trim() || null,
    idempotencyKey: input.idempotencyKey,
    actor,
    marketplaceStatusBefore: fresh.status,
  };

  if (plan.kind === 'confirm') {
    const confirmed = await confirmDecision({ ...base, kind: plan.decision });
    if (confirmed === 'BUSY' || confirmed === 'DUPLICATE') return fail(row, 'IN_PROGRESS', 'This decision is already being recorded. Reload to see it.');
    if (confirmed === 'STALE') return fail(row, 'STALE', 'Someone else changed this refund at the same moment. Reload to see the change.');
    const message =
      plan.decision === 'ConfirmedRefund'
        ? 'Refund confirmed here; TikTok reports it approved or paid. Nothing was sent to TikTok.'
        : 'Rejection confirmed here; TikTok reports it rejected or closed. Nothing was sent to TikTok.';
    return {
      ok: true,
      id: row.id,
      refundId: row.marketplaceRefundId,
      decision: plan.decision,
      sentToTikTok: false,
      status: confirmed.status,
      marketplaceStatus: confirmed.marketplaceStatus,
      message,
    };
  }

  let call: TikTokCall;
  let offer: MarketplaceMoney | null = null;
  if (plan.decision === 'PartialOffered') {
    const checked = checkOffer(input.partialAmount, fresh.refundAmount && { amount: fresh.refundAmount.total, currency: fresh.refundAmount.currency });
    if (!checked.ok) return fail(row, 'INVALID_AMOUNT', checked.message);
    offer = checked.offer;
    call = partialCallFor(fresh.nextActions, offer)!;
  } else {
    call = tiktokCallFor(fresh.nextActions, plan.decision)!;
  }
  if (rejects(call)) {
    let reasons: RejectReason[];
    try {
      reasons = await client.getRejectReasons(fresh.id);
    } catch (error) {
      if (!(error instanceof TikTokApiError)) throw error;
      return fail(row, 'TIKTOK_UNAVAILABLE', `TikTok's reject reasons could not be loaded (${error.describe()}), so nothing was done. Try again in a moment.`);
    }
    if (!input.rejectReason) return fail(row, 'REASON_REQUIRED', 'TikTok needs one of its reject reasons for this request.', { reasons });
    if (!reasons.some((r) => r.name === input.rejectReason))
      return fail(row, 'INVALID_REASON', 'TikTok does not offer that reason for this request; choose one of its reasons.', { reasons });
  }

  const claim = await claimDecision({
    ...base,
    kind: plan.decision,
    tiktokCall: call.kind,
    tiktokDecision: callDecision(call),
    rejectReason: rejects(call) ? input.rejectReason : null,
    partialAmount: offer?.amount ?? null,
    partialCurrency: offer?.currency ?? null,
  });
  if (!claim.ok) {
    if (claim.reason === 'STALE') return fail(row, 'STALE', 'Someone else changed this refund at the same moment. Reload to see the change.');
    return fail(row, 'IN_PROGRESS', 'This refund is already being decided (possibly by this same submission). Reload to see the outcome.');
  }
  return sendAndRecord(row, claim.claimId, call, input, client, plan.decision, offer);
}

async function sendAndRecord(
  row: Row,
  claimId: number,
  call: TikTokCall,
  input: DecisionInput,
  client: TikTokShopClient,
  decision: SentDecision,
  offer: MarketplaceMoney | null,
): Promise<DecisionResult> {
  try {
    await sendTikTokCall(client, { kind: row.kind, id: row.marketplaceRefundId }, call, {
      reason: input.rejectReason,
      note: input.note,
      idempotencyKey: input.idempotencyKey,
    });
  } catch (error) {
    if (!(error instanceof TikTokApiError)) throw error;
    if (!error.mayHaveActed) {
      const refused = error.kind === 'rejected' || error.kind === 'permission';
      await releaseClaim(claimId, refused ? 'Refused' : 'Abandoned', { errorCode: String(error.code ?? error.kind), error: error.describe() });
      return refused
        ? fail(row, 'TIKTOK_REFUSED', `TikTok refused the decision: ${error.describe()}. Nothing was changed here.`)
        : fail(row, 'TIKTOK_UNAVAILABLE', `TikTok did not answer (${error.describe()}), so nothing was changed here or on TikTok. Try again in a moment.`);
    }
    // TikTok may have acted: look now, and resend with the same key if it did not.
    const [open] = await staleClaims({ refundId: row.id }, new Date(Date.now() + 60_000));
    const outcome = open ? await resumeClaim(open, client) : 'pending';
    if (outcome === 'pending') {
      return fail(
        row,
        'TIKTOK_UNCONFIRMED',
        'TikTok did not confirm the decision. It stays pending: the next sync or the next attempt asks TikTok and finishes it with the same request key, so TikTok never acts on it twice. Do not answer it in Seller Center meanwhile.',
      );
    }
    if (outcome !== 'applied')
      return fail(row, 'TIKTOK_REFUSED', 'TikTok did not take the decision, so nothing was changed here. Reload and check its status.');
    return recorded(row, decision, offer);
  }
  await markSent(claimId);
  // The row follows TikTok's answer, not our expectation of it (TikTok may take a moment to move).
  const after = await client.findRefund(row.kind, row.marketplaceRefundId).catch(() => null);
  if (after) await upsertRefunds(row.accountId, [after], { source: 'Sync' });
  await applyDecision(claimId);
  return recorded(row, decision, offer);
}

type SentDecision = 'Approved' | 'Rejected' | 'PartialOffered';

async function recorded(row: Row, decision: SentDecision, offer: MarketplaceMoney | null): Promise<DecisionResult> {
  const now = await db.refund.findUniqueOrThrow({ where: { id: row.id }, select: { status: true, marketplaceStatus: true } });
  const verb = decision === 'PartialOffered' && offer ? `A partial refund of ${formatMoney(offer.amount, offer.currency)} was offered` : decision;
  return {
    ok: true,
    id: row.id,
    refundId: row.marketplaceRefundId,
    decision,
    sentToTikTok: true,
    status: now.status,
    marketplaceStatus: now.marketplaceStatus,
    message: `${verb} on TikTok. TikTok now says: ${nextStepText(now.marketplaceStatus)}.`,
  };
}
