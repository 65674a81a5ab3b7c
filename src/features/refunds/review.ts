import 'server-only';
import { audit, type AuditActor } from '@/server/audit';
import { db } from '@/server/db';

export type ReviewResult = { ok: true; refundId: string } | { ok: false; code: 'NOT_FOUND' | 'NOT_FLAGGED' | 'STALE'; message: string };

/**
 * Someone looked at a disagreement between a decision made here and TikTok, and resolves it: the
 * flag goes, the note is kept in the history, and the same disagreement (the same TikTok status)
 * is not flagged again. The row keeps showing TikTok's status, as it did while flagged.
 */
export async function resolveReview(actor: AuditActor & { id: string }, input: { id: number; version: number; note: string }): Promise<ReviewResult> {
  const row = await db.refund.findUnique({
    where: { id: input.id },
    select: { id: true, marketplaceRefundId: true, needsReview: true, reviewNote: true, marketplaceStatus: true, status: true, version: true },
  });
  if (!row) return { ok: false, code: 'NOT_FOUND', message: 'This refund no longer exists.' };
  if (!row.needsReview) return { ok: false, code: 'NOT_FLAGGED', message: 'This refund does not need a review (any more).' };
  const now = new Date();
  const done = await db.$transaction(async (tx) => {
    const updated = await tx.refund.updateMany({
      where: { id: row.id, version: input.version, needsReview: true },
      data: { needsReview: false, reviewNote: null, reviewFlaggedAt: null, reviewResolvedFor: row.marketplaceStatus, version: { increment: 1 } },
    });
    if (updated.count !== 1) return false;
    await tx.refundEvent.create({
      data: {
        refundId: row.id,
        source: 'Admin',
        occurredAt: now,
        actorUserId: actor.id,
        actorLabel: actor.label,
        action: 'review_resolved',
        fromStatus: row.status,
        toStatus: row.status,
        note: `${input.note} (was: ${row.reviewNote ?? 'needs review'})`,
      },
    });
    await audit(
      {
        actor,
        action: 'refund.review_resolve',
        outcome: 'ok',
        targetType: 'refund',
        targetId: row.id,
        details: { note: input.note, marketplaceStatus: row.marketplaceStatus },
      },
      tx,
    );
    return true;
  });
  return done
    ? { ok: true, refundId: row.marketplaceRefundId }
    : { ok: false, code: 'STALE', message: 'This refund changed meanwhile. Reload and look again.' };
}
