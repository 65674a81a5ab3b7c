import type { RefundAnswerSource, RefundDecisionKind } from '@/generated/prisma/enums';

/**
 * Who gave a request its first answer while TikTok waited for the seller (refund_answers, written
 * by the analytics_rollups migration's trigger, which says exactly how each is told apart), and
 * the kinds of decision recorded here: what the analytics page and the grid's filters share.
 */

export const ANSWER_SOURCES: readonly RefundAnswerSource[] = ['Panel', 'Seller', 'Auto'];

export const ANSWER_SOURCE_LABELS: Record<RefundAnswerSource, string> = {
  Panel: 'Answered in this panel',
  Seller: 'Answered on TikTok (Seller Center)',
  Auto: 'Auto-approved by TikTok (no answer in time)',
};

/** Hours to the first answer, the bands the rollup keeps (refund_answer_deltas.band is the index). */
export const ANSWER_BANDS = ['under 1 h', '1–4 h', '4–12 h', '12–24 h', '24–48 h', '48 h or more'] as const;

/** Decision kinds in the order the pages list them (their labels: DECISION_VERBS in ./refund-decisions.ts). */
export const DECISION_KINDS: readonly RefundDecisionKind[] = ['Approved', 'Rejected', 'PartialOffered', 'ConfirmedRefund', 'ConfirmedRejection'];
