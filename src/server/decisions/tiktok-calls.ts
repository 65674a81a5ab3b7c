import 'server-only';
import type { RefundKind } from '@/generated/prisma/enums';
import type { TikTokShopClient } from '@/server/tiktok/client';
import type { MarketplaceMoney, MarketplaceNextAction, ReturnDecision, ReturnRejection } from '@/server/tiktok/types';

/**
 * What a decision means on TikTok: for each thing TikTok can be waiting for (seller next action,
 * API doc 5.5), the approve and reject calls that answer it (doc 9.3: Completed can only approve the
 * pending step; TikTok reports the refund done later).
 */
export type TikTokCall =
  | { kind: 'approveReturn'; decision: ReturnDecision }
  | { kind: 'rejectReturn'; decision: ReturnRejection }
  | { kind: 'approveCancellation' }
  | { kind: 'rejectCancellation' }
  /** Approve Return with OFFER_PARTIAL_REFUND (API doc 4.3): TikTok then waits for the buyer's answer. */
  | { kind: 'offerPartialRefund'; offer: MarketplaceMoney };

/** The steps at which TikTok takes a partial refund offer instead of a full approval (doc 4.3, 5.5). */
const PARTIAL_STEPS = new Set(['SELLER_RESPOND_REFUND', 'SELLER_RESPOND_RETURN']);

const CALLS: Record<string, { approve: TikTokCall; reject: TikTokCall }> = {
  SELLER_RESPOND_REFUND: { approve: { kind: 'approveReturn', decision: 'APPROVE_REFUND' }, reject: { kind: 'rejectReturn', decision: 'REJECT_REFUND' } },
  SELLER_RESPOND_RETURN: { approve: { kind: 'approveReturn', decision: 'APPROVE_RETURN' }, reject: { kind: 'rejectReturn', decision: 'REJECT_RETURN' } },
  SELLER_RESPOND_RECEIVE_PACKAGE: {
    approve: { kind: 'approveReturn', decision: 'APPROVE_RECEIVED_PACKAGE' },
    reject: { kind: 'rejectReturn', decision: 'REJECT_RECEIVED_PACKAGE' },
  },
  SELLER_RESPOND_REPLACEMENT: {
    approve: { kind: 'approveReturn', decision: 'APPROVE_REPLACEMENT' },
    reject: { kind: 'rejectReturn', decision: 'REJECT_REPLACEMENT' },
  },
  SELLER_RESPOND_CANCEL: { approve: { kind: 'approveCancellation' }, reject: { kind: 'rejectCancellation' } },
};

/** The seller action TikTok waits for now (its deadline still ahead), or null. */
export function awaitedAction(nextActions: readonly MarketplaceNextAction[], now = new Date()): MarketplaceNextAction | null {
  return nextActions.find((a) => a.action.toUpperCase() in CALLS && (!a.deadline || a.deadline > now)) ?? null;
}

/** The call answering what TikTok waits for, or null when it waits for nothing from the seller. */
export function tiktokCallFor(nextActions: readonly MarketplaceNextAction[], decision: 'Approved' | 'Rejected', now = new Date()): TikTokCall | null {
  const waiting = awaitedAction(nextActions, now);
  if (!waiting) return null;
  const calls = CALLS[waiting.action.toUpperCase()]!;
  return decision === 'Approved' ? calls.approve : calls.reject;
}

/** The offer answering what TikTok waits for, or null when TikTok takes no offer at this step. */
export function partialCallFor(nextActions: readonly MarketplaceNextAction[], offer: MarketplaceMoney, now = new Date()): TikTokCall | null {
  const waiting = awaitedAction(nextActions, now);
  return waiting && PARTIAL_STEPS.has(waiting.action.toUpperCase()) ? { kind: 'offerPartialRefund', offer } : null;
}

export function rejects(call: TikTokCall): boolean {
  return call.kind === 'rejectReturn' || call.kind === 'rejectCancellation';
}

/** The TikTok decision string recorded with a call (APPROVE_REFUND ...), null for cancellations. */
export function callDecision(call: TikTokCall): string | null {
  if (call.kind === 'offerPartialRefund') return 'OFFER_PARTIAL_REFUND';
  return 'decision' in call ? call.decision : null;
}

/** Sends the call with the decision's idempotency key: a retry with the same key makes TikTok act once. */
export async function sendTikTokCall(
  client: TikTokShopClient,
  refund: { kind: RefundKind; id: string },
  call: TikTokCall,
  options: { reason?: string | null; note?: string | null; idempotencyKey: string },
): Promise<void> {
  const comment = options.note ?? undefined;
  switch (call.kind) {
    case 'approveReturn':
      return client.approveReturn(refund.id, call.decision, options.idempotencyKey);
    case 'rejectReturn':
      return client.rejectReturn(refund.id, { decision: call.decision, reason: options.reason ?? '', comment }, options.idempotencyKey);
    case 'approveCancellation':
      return client.approveCancellation(refund.id, options.idempotencyKey);
    case 'rejectCancellation':
      return client.rejectCancellation(refund.id, { reason: options.reason ?? '', comment }, options.idempotencyKey);
    case 'offerPartialRefund':
      return client.offerPartialRefund(refund.id, call.offer, options.idempotencyKey);
  }
}

/** Parses a call stored with a decision (tiktok_call, tiktok_decision, and an offer's amount) back into a TikTokCall. */
export function storedCall(kind: string | null, decision: string | null, offer: MarketplaceMoney | null = null): TikTokCall | null {
  switch (kind) {
    case 'offerPartialRefund':
      return offer ? { kind, offer } : null;
    case 'approveReturn':
      return { kind, decision: decision as ReturnDecision };
    case 'rejectReturn':
      return { kind, decision: decision as ReturnRejection };
    case 'approveCancellation':
    case 'rejectCancellation':
      return { kind };
    default:
      return null;
  }
}
