import type { RefundStatus, StatusSource } from '@/generated/prisma/enums';
import { humanizeEnum } from '@/lib/format';

/**
 * Manual decisions win over the mapping, visibly. When an admin marked a refund Completed
 * (internal Refund) or Rejected, a newer TikTok status never overwrites that decision; if TikTok
 * now says the opposite, the row is flagged "needs review" with both sides in the note.
 */
export interface Reconciled {
  status: RefundStatus;
  needsReview: boolean;
  reviewNote: string | null;
  /** True when this change raised the flag (worth an event in the history). */
  flagged: boolean;
}

const MONEY_GOES_OUT: ReadonlySet<RefundStatus> = new Set(['Accepted', 'Refund']);

export function reconcile(
  current: { status: RefundStatus; statusSource: StatusSource; needsReview: boolean; reviewNote: string | null },
  mapped: RefundStatus,
  marketplaceStatus: string,
): Reconciled {
  if (current.statusSource === 'Marketplace') return { status: mapped, needsReview: false, reviewNote: null, flagged: false };
  const decision = current.statusSource === 'AdminCompleted' ? 'Completed' : 'Rejected';
  const contradicts = (decision === 'Completed' && mapped === 'Rejected') || (decision === 'Rejected' && MONEY_GOES_OUT.has(mapped));
  if (contradicts) {
    const note = `Marked ${decision} here, but TikTok now says ${humanizeEnum(marketplaceStatus)} (${mapped}).`;
    return { status: current.status, needsReview: true, reviewNote: note, flagged: !current.needsReview || current.reviewNote !== note };
  }
  // TikTok came round to the admin's decision: nothing left to review.
  if ((decision === 'Completed' && MONEY_GOES_OUT.has(mapped)) || (decision === 'Rejected' && mapped === 'Rejected')) {
    return { status: current.status, needsReview: false, reviewNote: null, flagged: false };
  }
  return { status: current.status, needsReview: current.needsReview, reviewNote: current.reviewNote, flagged: false };
}
