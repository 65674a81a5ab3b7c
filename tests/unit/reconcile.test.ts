import { describe, expect, it } from 'vitest';
import { reconcile, type ReconcileInput } from '@/server/sync/reconcile';

const at = new Date('2026-11-28T14:02:00Z');
const none: ReconcileInput = {
  decisionKind: null,
  decisionBy: null,
  decisionAt: null,
  needsReview: false,
  reviewNote: null,
  reviewFlaggedAt: null,
  reviewResolvedFor: null,
};
const confirmed: ReconcileInput = { ...none, decisionKind: 'ConfirmedRefund', decisionBy: 'ana@store.test', decisionAt: at };
const approved: ReconcileInput = { ...none, decisionKind: 'Approved', decisionBy: 'ana@store.test', decisionAt: at };
const rejected: ReconcileInput = { ...none, decisionKind: 'Rejected', decisionBy: 'bo@store.test', decisionAt: at };
const now = new Date('2026-11-29T09:00:00Z');

describe("a decision made here against TikTok's status", () => {
  it("shows TikTok's status when nobody decided here", () => {
    expect(reconcile(none, 'Accepted', 'RETURN_OR_REFUND_REQUEST_SUCCESS', now)).toEqual({
      status: 'Accepted',
      statusSource: 'Marketplace',
      needsReview: false,
      reviewNote: null,
      reviewFlaggedAt: null,
      flagged: false,
    });
  });

  it('never claims more than TikTok: an approval sent from here shows what TikTok says next', () => {
    expect(reconcile(approved, 'Pending', 'AWAITING_BUYER_SHIP', now)).toMatchObject({ status: 'Pending', statusSource: 'Marketplace', needsReview: false });
    expect(reconcile(approved, 'Accepted', 'RETURN_OR_REFUND_REQUEST_SUCCESS', now)).toMatchObject({ status: 'Accepted', needsReview: false });
    expect(reconcile(approved, 'Refund', 'RETURN_OR_REFUND_REQUEST_COMPLETE', now)).toMatchObject({ status: 'Refund', needsReview: false });
  });

  it('shows Refund for a refund confirmed here only while TikTok reports it approved or complete', () => {
    expect(reconcile(confirmed, 'Accepted', 'RETURN_OR_REFUND_REQUEST_SUCCESS', now)).toMatchObject({
      status: 'Refund',
      statusSource: 'AdminCompleted',
      needsReview: false,
    });
    const reversed = reconcile(confirmed, 'Rejected', 'REFUND_OR_RETURN_REQUEST_REJECT', now);
    expect(reversed).toEqual({
      status: 'Rejected',
      statusSource: 'Marketplace',
      needsReview: true,
      reviewNote: 'Refund confirmed here by ana@store.test on 2026-11-28 14:02 UTC, but TikTok now says Refund or return request reject (Rejected).',
      reviewFlaggedAt: now,
      flagged: true,
    });
    // The same disagreement seen again is not a new flag, and keeps its time.
    const again = reconcile(
      { ...confirmed, needsReview: true, reviewNote: reversed.reviewNote, reviewFlaggedAt: now },
      'Rejected',
      'REFUND_OR_RETURN_REQUEST_REJECT',
      new Date(),
    );
    expect(again).toMatchObject({ flagged: false, reviewFlaggedAt: now });
  });

  it("flags a rejection sent from here that TikTok later approves or pays, showing TikTok's status", () => {
    expect(reconcile(rejected, 'Refund', 'RETURN_OR_REFUND_REQUEST_COMPLETE', now)).toMatchObject({ status: 'Refund', needsReview: true, flagged: true });
    expect(reconcile(rejected, 'Pending', 'AWAITING_BUYER_SHIP', now)).toMatchObject({ status: 'Pending', needsReview: false, flagged: false });
  });

  it('clears the flag when TikTok comes round, and does not raise a disagreement someone resolved again', () => {
    const flagged = { ...confirmed, needsReview: true, reviewNote: 'x', reviewFlaggedAt: now };
    expect(reconcile(flagged, 'Refund', 'RETURN_OR_REFUND_REQUEST_COMPLETE', now)).toMatchObject({
      status: 'Refund',
      needsReview: false,
      reviewNote: null,
      reviewFlaggedAt: null,
    });
    const resolved = { ...confirmed, reviewResolvedFor: 'REFUND_OR_RETURN_REQUEST_REJECT' };
    expect(reconcile(resolved, 'Rejected', 'REFUND_OR_RETURN_REQUEST_REJECT', now)).toMatchObject({ needsReview: false, flagged: false });
    expect(reconcile(resolved, 'Rejected', 'RETURN_OR_REFUND_REQUEST_CANCEL', now)).toMatchObject({ needsReview: true, flagged: true });
  });
});
