import type { RefundStatus } from '@/generated/prisma/enums';

/**
 * What an admin's decision means on TikTok: for each thing TikTok can be waiting for
 * (seller_next_action, API doc 5.5), the approve and reject calls that answer it.
 */
export type AdminAction = 'complete' | 'reject';

export type TikTokCall =
  | { kind: 'approveReturn'; decision: 'APPROVE_REFUND' | 'APPROVE_RETURN' | 'APPROVE_RECEIVED_PACKAGE' | 'APPROVE_REPLACEMENT' }
  | { kind: 'rejectReturn'; decision: 'REJECT_REFUND' | 'REJECT_RETURN' | 'REJECT_RECEIVED_PACKAGE' | 'REJECT_REPLACEMENT' }
  | { kind: 'approveCancellation' }
  | { kind: 'rejectCancellation' };

const CALLS: Record<string, Record<AdminAction, TikTokCall>> = {
  SELLER_RESPOND_REFUND: { complete: { kind: 'approveReturn', decision: 'APPROVE_REFUND' }, reject: { kind: 'rejectReturn', decision: 'REJECT_REFUND' } },
  SELLER_RESPOND_RETURN: { complete: { kind: 'approveReturn', decision: 'APPROVE_RETURN' }, reject: { kind: 'rejectReturn', decision: 'REJECT_RETURN' } },
  SELLER_RESPOND_RECEIVE_PACKAGE: {
    complete: { kind: 'approveReturn', decision: 'APPROVE_RECEIVED_PACKAGE' },
    reject: { kind: 'rejectReturn', decision: 'REJECT_RECEIVED_PACKAGE' },
  },
  SELLER_RESPOND_REPLACEMENT: {
    complete: { kind: 'approveReturn', decision: 'APPROVE_REPLACEMENT' },
    reject: { kind: 'rejectReturn', decision: 'REJECT_REPLACEMENT' },
  },
  SELLER_RESPOND_CANCEL: { complete: { kind: 'approveCancellation' }, reject: { kind: 'rejectCancellation' } },
};

/** The TikTok call answering what TikTok waits for, or null when it waits for nothing from the seller. */
export function tiktokCallFor(nextActions: { action: string; deadline?: Date }[], action: AdminAction, now = new Date()): TikTokCall | null {
  const waiting = nextActions.find((a) => CALLS[a.action] && (!a.deadline || a.deadline > now));
  return waiting ? CALLS[waiting.action]![action] : null;
}

export const ACTION_TARGET: Record<
  AdminAction,
  { status: RefundStatus; source: 'AdminCompleted' | 'AdminRejected'; event: string; audit: string; label: string }
> = {
  complete: { status: 'Refund', source: 'AdminCompleted', event: 'marked_completed', audit: 'refund.complete', label: 'Completed' },
  reject: { status: 'Rejected', source: 'AdminRejected', event: 'marked_rejected', audit: 'refund.reject', label: 'Rejected' },
};

/**
 * Decisions that contradict TikTok are refused outright: completing a request TikTok rejected or
 * closed, or rejecting one TikTok has already refunded.
 */
export function contradiction(
  action: AdminAction,
  mappedMarketplaceStatus: RefundStatus,
): { code: 'TIKTOK_REJECTED' | 'TIKTOK_REFUNDED'; message: string } | null {
  if (action === 'complete' && mappedMarketplaceStatus === 'Rejected') {
    return {
      code: 'TIKTOK_REJECTED',
      message:
        'TikTok has rejected or closed this request, so it cannot be marked Completed. If the buyer appeals and TikTok reverses it, the next sync shows it.',
    };
  }
  if (action === 'reject' && mappedMarketplaceStatus === 'Refund') {
    return { code: 'TIKTOK_REFUNDED', message: 'TikTok has already refunded the buyer, so it cannot be rejected here.' };
  }
  return null;
}
