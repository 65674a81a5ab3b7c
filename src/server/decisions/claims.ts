import 'server-only';
import type { RefundDecisionKind, RefundKind, RefundStatus } from '@/generated/prisma/enums';
import { Prisma } from '@/generated/prisma/client';
import { audit, type AuditActor } from '@/server/audit';
import { db, type Tx } from '@/server/db';
import { mapMarketplaceStatus } from '@/server/sync/status-mapping';
import { reconcile } from '@/server/sync/reconcile';

/**
 * The life of a decision, in short transactions around the TikTok call (never across it):
 * 1. claim: one open decision per refund (refunds.decision_claim_id, set by compare-and-set on the
 *    version the operator saw), with its idempotency key stored;
 * 2. the TikTok call, with no transaction open (./decide-flow.ts, ./resume.ts);
 * 3. mark it sent the moment TikTok accepts it;
 * 4. apply: record the decision on the row (compare-and-set on the claim), with its event and audit.
 * A claim left open by a crash or a timeout is finished by the next attempt or the next sync
 * (./resume.ts), which reads TikTok first and resends with the same key only if TikTok never got it.
 */

/** The history event of each decision kind (the Refund Data timeline names them). */
const DECISION_EVENTS: Record<RefundDecisionKind, string> = {
  Approved: 'approved_on_tiktok',
  Rejected: 'rejected_on_tiktok',
  PartialOffered: 'partial_offered',
  ConfirmedRefund: 'confirmed_refund',
  ConfirmedRejection: 'confirmed_rejection',
};

/** A claim older than this with no answer is considered abandoned by its process (the TikTok call alone can take ~80 s with retries). */
export const STALE_CLAIM_MS = 3 * 60_000;

export interface ClaimInput {
  refundId: number;
  expectedVersion: number;
  action: 'complete' | 'reject' | 'partial';
  kind: RefundDecisionKind;
  tiktokCall: string | null;
  tiktokDecision: string | null;
  rejectReason?: string | null;
  partialAmount?: string | null;
  partialCurrency?: string | null;
  note?: string | null;
  idempotencyKey: string;
  actor: AuditActor;
  marketplaceStatusBefore: string;
}

export type ClaimResult = { ok: true; claimId: number } | { ok: false; reason: 'BUSY' | 'STALE' | 'DUPLICATE'; claimId?: number };

/** Claims the refund for a decision, on the version the operator saw; at most one open claim per refund. */
export async function claimDecision(input: ClaimInput): Promise<ClaimResult> {
  return db.$transaction(async (tx) => {
    const duplicate = await tx.refundDecision.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
    if (duplicate) return { ok: false as const, reason: 'DUPLICATE' as const, claimId: duplicate.id };
    const [row] = await tx.$queryRaw<{ version: number; decision_claim_id: number | null }[]>`
      SELECT version, decision_claim_id FROM refunds WHERE id = ${input.refundId} FOR UPDATE`;
    if (!row) return { ok: false as const, reason: 'STALE' as const };
    if (row.decision_claim_id !== null) return { ok: false as const, reason: 'BUSY' as const, claimId: row.decision_claim_id };
    if (row.version !== input.expectedVersion) return { ok: false as const, reason: 'STALE' as const };
    const claim = await tx.refundDecision.create({
      data: {
        refundId: input.refundId,
        action: input.action,
        kind: input.kind,
        state: 'Claimed',
        tiktokCall: input.tiktokCall,
        tiktokDecision: input.tiktokDecision,
        rejectReason: input.rejectReason ?? null,
        partialAmount: input.partialAmount ?? null,
        partialCurrency: input.partialCurrency ?? null,
        note: input.note ?? null,
        idempotencyKey: input.idempotencyKey,
        actorUserId: input.actor.id,
        actorLabel: input.actor.label,
        marketplaceStatusBefore: input.marketplaceStatusBefore,
      },
      select: { id: true },
    });
    // The version moves too, so a colleague's dialog opened on the old version sees that someone is deciding.
    await tx.refund.update({ where: { id: input.refundId }, data: { decisionClaimId: claim.id, version: { increment: 1 } } });
    return { ok: true as const, claimId: claim.id };
  });
}

/** TikTok accepted the call: from here on the decision must be applied, never resent. */
export async function markSent(claimId: number): Promise<void> {
  await db.refundDecision.updateMany({ where: { id: claimId, state: 'Claimed' }, data: { state: 'Sent', sentAt: new Date() } });
}

/** Ends a claim that did not happen (TikTok refused it, or never got it): the refund is free again. */
export async function releaseClaim(claimId: number, state: 'Refused' | 'Abandoned', detail: { errorCode: string; error: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const claim = await tx.refundDecision.update({ where: { id: claimId }, data: { state, finishedAt: new Date(), ...detail }, select: { refundId: true } });
    await tx.refund.updateMany({ where: { id: claim.refundId, decisionClaimId: claimId }, data: { decisionClaimId: null, version: { increment: 1 } } });
  });
}

export interface AppliedDecision {
  refundId: number;
  marketplaceRefundId: string;
  kind: RefundKind;
  status: RefundStatus;
  marketplaceStatus: string;
}

/**
 * Records a decision on its refund: the decision beside TikTok's status (the row's status follows
 * TikTok, raised to Refund only by a confirmation of an approved refund), the history event and the
 * audit entry. Compare-and-set on the claim: applying twice (a retry, a sync finishing it at the
 * same time) records it once. `claimId` null is a bookkeeping confirmation, which needs no claim.
 */
export async function applyDecision(claimId: number): Promise<AppliedDecision | null> {
  return db.$transaction(async (tx) => {
    const claim = await tx.refundDecision.findUniqueOrThrow({ where: { id: claimId } });
    if (claim.state === 'Applied' || claim.state === 'Refused' || claim.state === 'Abandoned') return null;
    return recordOnRow(tx, claim, { claimId });
  });
}

type DecisionRecord = Prisma.RefundDecisionGetPayload<object>;

/** Writes a decision onto its refund inside `tx`; the row must still hold the claim (when one is given). */
async function recordOnRow(tx: Tx, decision: DecisionRecord, options: { claimId: number | null }): Promise<AppliedDecision | null> {
  const [row] = await tx.$queryRaw<
    {
      id: number;
      marketplace_refund_id: string;
      kind: RefundKind;
      status: RefundStatus;
      marketplace_status: string;
      arbitration_status: string | null;
      needs_review: boolean;
      review_note: string | null;
      review_flagged_at: Date | null;
      decision_claim_id: number | null;
    }[]
  >`SELECT id, marketplace_refund_id, kind, status, marketplace_status, arbitration_status, needs_review, review_note, review_flagged_at, decision_claim_id
      FROM refunds WHERE id = ${decision.refundId} FOR UPDATE`;
  if (!row || (options.claimId !== null && row.decision_claim_id !== options.claimId)) return null;
  const now = new Date();
  const mapped = mapMarketplaceStatus({ marketplaceStatus: row.marketplace_status, arbitrationStatus: row.arbitration_status }).status;
  const result = reconcile(
    {
      decisionKind: decision.kind,
      decisionBy: decision.actorLabel,
      decisionAt: now,
      needsReview: false,
      reviewNote: null,
      reviewFlaggedAt: null,
      reviewResolvedFor: null,
    },
    mapped,
    row.marketplace_status,
    now,
  );
  await tx.refund.update({
    where: { id: row.id },
    data: {
      decisionKind: decision.kind,
      decisionBy: decision.actorLabel,
      decisionByUserId: decision.actorUserId,
      decisionAt: now,
      decisionClaimId: null,
      status: result.status,
      statusSource: result.statusSource,
      ...(result.status !== row.status ? { statusSetAt: now } : {}),
      // A fresh decision starts a fresh review: any earlier disagreement is replaced by this one's.
      needsReview: result.needsReview,
      reviewNote: result.reviewNote,
      reviewFlaggedAt: result.reviewFlaggedAt,
      reviewResolvedFor: null,
      version: { increment: 1 },
    },
  });
  await tx.refundDecision.update({ where: { id: decision.id }, data: { state: 'Applied', finishedAt: now, marketplaceStatusAfter: row.marketplace_status } });
  await tx.refundEvent.create({
    data: {
      refundId: row.id,
      source: 'Admin',
      occurredAt: now,
      actorUserId: decision.actorUserId,
      actorLabel: decision.actorLabel,
      action: DECISION_EVENTS[decision.kind],
      fromStatus: row.status,
      toStatus: result.status,
      fromMarketplaceStatus: decision.marketplaceStatusBefore,
      toMarketplaceStatus: row.marketplace_status,
      note: decision.note,
      data: {
        decisionId: decision.id,
        tiktokCall: decision.tiktokCall,
        tiktokDecision: decision.tiktokDecision,
        rejectReason: decision.rejectReason,
        idempotencyKey: decision.idempotencyKey,
      },
    },
  });
  await audit(
    {
      actor: { id: decision.actorUserId, label: decision.actorLabel },
      action: decision.action === 'complete' ? 'refund.complete' : decision.action === 'reject' ? 'refund.reject' : 'refund.partial_offer',
      outcome: 'ok',
      targetType: 'refund',
      // Our row id: TikTok's refund id alone is shared by a return and a cancellation (the log shows TikTok's).
      targetId: row.id,
      details: {
        decision: decision.kind,
        wroteBack: decision.tiktokCall,
        ...(decision.rejectReason ? { rejectReason: decision.rejectReason } : {}),
        ...(decision.note ? { note: decision.note } : {}),
        marketplaceStatus: row.marketplace_status,
        status: result.status,
      },
    },
    tx,
  );
  return { refundId: row.id, marketplaceRefundId: row.marketplace_refund_id, kind: row.kind, status: result.status, marketplaceStatus: row.marketplace_status };
}

/** A bookkeeping confirmation (nothing sent to TikTok): recorded at once, on the version the operator saw. */
export async function confirmDecision(input: Omit<ClaimInput, 'tiktokCall' | 'tiktokDecision'>): Promise<AppliedDecision | 'STALE' | 'BUSY' | 'DUPLICATE'> {
  try {
    return await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ version: number; decision_claim_id: number | null }[]>`
        SELECT version, decision_claim_id FROM refunds WHERE id = ${input.refundId} FOR UPDATE`;
      if (!row || row.version !== input.expectedVersion) return 'STALE' as const;
      if (row.decision_claim_id !== null) return 'BUSY' as const;
      const decision = await tx.refundDecision.create({
        data: {
          refundId: input.refundId,
          action: input.action,
          kind: input.kind,
          state: 'Claimed',
          note: input.note ?? null,
          idempotencyKey: input.idempotencyKey,
          actorUserId: input.actor.id,
          actorLabel: input.actor.label,
          marketplaceStatusBefore: input.marketplaceStatusBefore,
        },
      });
      return (await recordOnRow(tx, decision, { claimId: null })) ?? ('STALE' as const);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return 'DUPLICATE';
    throw error;
  }
}

/** Open claims of an account (or one refund) older than `staleBefore`: work for ./resume.ts. */
export async function staleClaims(filter: { accountId?: number; refundId?: number }, staleBefore: Date) {
  return db.refundDecision.findMany({
    where: {
      state: { in: ['Claimed', 'Sent'] },
      createdAt: { lt: staleBefore },
      refund: { ...(filter.accountId !== undefined ? { accountId: filter.accountId } : {}), ...(filter.refundId !== undefined ? { id: filter.refundId } : {}) },
    },
    include: { refund: { select: { id: true, accountId: true, kind: true, marketplaceRefundId: true, marketplaceStatus: true } } },
    orderBy: { id: 'asc' },
  });
}

export type OpenClaim = Awaited<ReturnType<typeof staleClaims>>[number];
