import { describe, expect, it } from 'vitest';
import { reconcile } from '@/server/sync/reconcile';

const marketplace = { status: 'Requested' as const, statusSource: 'Marketplace' as const, needsReview: false, reviewNote: null };
const completed = { status: 'Refund' as const, statusSource: 'AdminCompleted' as const, needsReview: false, reviewNote: null };
const rejected = { status: 'Rejected' as const, statusSource: 'AdminRejected' as const, needsReview: false, reviewNote: null };

describe('manual decisions against newer TikTok statuses', () => {
  it('lets the mapping set the status while no admin decided', () => {
    expect(reconcile(marketplace, 'Accepted', 'RETURN_OR_REFUND_REQUEST_SUCCESS')).toEqual({
      status: 'Accepted',
      needsReview: false,
      reviewNote: null,
      flagged: false,
    });
  });

  it('keeps a Completed decision and flags it when TikTok now says rejected or closed', () => {
    const result = reconcile(completed, 'Rejected', 'REFUND_OR_RETURN_REQUEST_REJECT');
    expect(result).toEqual({
      status: 'Refund',
      needsReview: true,
      reviewNote: 'Marked Completed here, but TikTok now says Refund or return request reject (Rejected).',
      flagged: true,
    });
    // The same contradiction seen again is not a new flag.
    expect(reconcile({ ...completed, needsReview: true, reviewNote: result.reviewNote }, 'Rejected', 'REFUND_OR_RETURN_REQUEST_REJECT').flagged).toBe(false);
  });

  it('keeps a Rejected decision and flags it when TikTok approves or pays the refund', () => {
    expect(reconcile(rejected, 'Refund', 'RETURN_OR_REFUND_REQUEST_COMPLETE')).toMatchObject({ status: 'Rejected', needsReview: true, flagged: true });
    expect(reconcile(rejected, 'Accepted', 'RETURN_OR_REFUND_REQUEST_SUCCESS')).toMatchObject({ status: 'Rejected', needsReview: true });
  });

  it('clears the flag when TikTok comes round to the decision, and leaves it otherwise', () => {
    expect(reconcile({ ...completed, needsReview: true, reviewNote: 'x' }, 'Refund', 'RETURN_OR_REFUND_REQUEST_COMPLETE')).toEqual({
      status: 'Refund',
      needsReview: false,
      reviewNote: null,
      flagged: false,
    });
    expect(reconcile({ ...rejected, needsReview: true, reviewNote: 'x' }, 'Pending', 'AWAITING_BUYER_SHIP')).toEqual({
      status: 'Rejected',
      needsReview: true,
      reviewNote: 'x',
      flagged: false,
    });
  });
});
