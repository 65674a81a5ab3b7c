import type { RefundDecisionKind, RefundStatus, StatusSource } from '@/generated/prisma/enums';
import { humanizeEnum } from '@/lib/format';
import { DECISION_VERBS, disagrees, displayStatus, statusSourceOf } from '@/lib/refund-decisions';

/**
 * A decision made here and TikTok's status, kept honest together whenever either moves (a sync, a
 * webhook, a decision). The row shows what TikTok says (a confirmed refund of an approved request
 * shows Refund); when the decision and TikTok disagree (marked Completed here, TikTok now rejected)
 * the row is flagged "needs review" with both sides in the note, until TikTok comes round or
 * someone resolves it. A disagreement someone resolved is not flagged again for the same TikTok
 * status; a new TikTok status is a new disagreement.
 */

export interface ReconcileInput {
  decisionKind: RefundDecisionKind | null;
  decisionBy: string | null;
  decisionAt: Date | null;
  needsReview: boolean;
  reviewNote: string | null;
  reviewFlaggedAt: Date | null;
  reviewResolvedFor: string | null;
}

export interface Reconciled {
  status: RefundStatus;
  statusSource: StatusSource;
  needsReview: boolean;
  reviewNote: string | null;
  reviewFlaggedAt: Date | null;
  /** True when this change raised the flag (worth an event in the history and an alert). */
  flagged: boolean;
}

function disagreementNote(current: ReconcileInput, mapped: RefundStatus, marketplaceStatus: string): string {
  const by = current.decisionBy ? ` by ${current.decisionBy}` : '';
  const when = current.decisionAt ? ` on ${current.decisionAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  return `${DECISION_VERBS[current.decisionKind!]} here${by}${when}, but TikTok now says ${humanizeEnum(marketplaceStatus)} (${mapped}).`;
}

export function reconcile(current: ReconcileInput, mapped: RefundStatus, marketplaceStatus: string, now = new Date()): Reconciled {
  const status = displayStatus(mapped, current.decisionKind);
  const statusSource = statusSourceOf(mapped, current.decisionKind);
  if (disagrees(current.decisionKind, mapped) && current.reviewResolvedFor !== marketplaceStatus) {
    const note = disagreementNote(current, mapped, marketplaceStatus);
    const flagged = !current.needsReview || current.reviewNote !== note;
    return { status, statusSource, needsReview: true, reviewNote: note, reviewFlaggedAt: flagged ? now : current.reviewFlaggedAt, flagged };
  }
  // TikTok came round to the decision (or there is none): nothing left to review.
  if (current.needsReview && !disagrees(current.decisionKind, mapped)) {
    return { status, statusSource, needsReview: false, reviewNote: null, reviewFlaggedAt: null, flagged: false };
  }
  return { status, statusSource, needsReview: current.needsReview, reviewNote: current.reviewNote, reviewFlaggedAt: current.reviewFlaggedAt, flagged: false };
}
