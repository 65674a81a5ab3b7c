import { createHash } from 'node:crypto';
import { CANCEL_REJECT_REASONS, PACKAGE_REJECT_REASONS, RETURN_REJECT_REASONS } from './catalog';
import { offerSteps, type Offer } from './partial-refunds';
import { currentStep, type RequestSeed, type Step } from './population';
import { createRng, type Rng } from './random';
import type { Change, SandboxState } from './state';
import { HOUR } from './timelines';

/**
 * Seller decisions (Approve / Reject Return, Approve / Reject Cancellation) the way TikTok applies
 * them, or refuses them with TikTok's error codes (API doc 4.3, 4.4, 4.7, 4.8, 5.5).
 */

export type ActionResult = { ok: true; changed: Change | null } | { ok: false; code: number; message: string };

/** Decision → what TikTok does next, for the awaited action (API doc 4.3, 4.4, 5.5). */
const APPROVALS: Record<string, Record<string, string>> = {
  SELLER_RESPOND_REFUND: { APPROVE_REFUND: 'RETURN_OR_REFUND_REQUEST_SUCCESS', OFFER_PARTIAL_REFUND: 'AWAITING_BUYER_RESPONSE' },
  SELLER_RESPOND_RETURN: { APPROVE_RETURN: 'AWAITING_BUYER_SHIP', OFFER_PARTIAL_REFUND: 'AWAITING_BUYER_RESPONSE' },
  SELLER_RESPOND_RECEIVE_PACKAGE: { APPROVE_RECEIVED_PACKAGE: 'RETURN_OR_REFUND_REQUEST_SUCCESS' },
  SELLER_RESPOND_REPLACEMENT: { APPROVE_REPLACEMENT: 'REPLACEMENT_REQUEST_COMPLETE', ISSUE_REPLACEMENT_REFUND: 'REPLACEMENT_REQUEST_REFUND_SUCCESS' },
};
const REJECTIONS: Record<string, Record<string, string>> = {
  SELLER_RESPOND_REFUND: { REJECT_REFUND: 'REFUND_OR_RETURN_REQUEST_REJECT' },
  SELLER_RESPOND_RETURN: { REJECT_RETURN: 'REFUND_OR_RETURN_REQUEST_REJECT' },
  SELLER_RESPOND_RECEIVE_PACKAGE: { REJECT_RECEIVED_PACKAGE: 'REJECT_RECEIVE_PACKAGE' },
  SELLER_RESPOND_REPLACEMENT: { REJECT_REPLACEMENT: 'REPLACEMENT_REQUEST_REJECT' },
};

export function rejectReasonsFor(action: string | undefined): ReadonlyArray<readonly [string, string]> {
  switch (action) {
    case 'SELLER_RESPOND_RECEIVE_PACKAGE':
      return PACKAGE_REJECT_REASONS;
    case 'SELLER_RESPOND_CANCEL':
      return CANCEL_REJECT_REASONS;
    case 'SELLER_RESPOND_REFUND':
    case 'SELLER_RESPOND_RETURN':
    case 'SELLER_RESPOND_REPLACEMENT':
      return RETURN_REJECT_REASONS;
    default:
      return [];
  }
}

export interface DecisionInput {
  id: string;
  kind: 'Return' | 'Cancellation';
  approve: boolean;
  decision?: string;
  reason?: string;
  /** With OFFER_PARTIAL_REFUND. */
  partialRefund?: Offer;
  /** With APPROVE_RETURN: a returnless refund. */
  buyerKeepItem?: boolean;
  idempotencyKey?: string;
}

/**
 * Applies a seller decision the way TikTok does, or refuses it with TikTok's error code. The
 * idempotency key makes a retried call return the first answer without acting twice.
 */
export function decide(state: SandboxState, input: DecisionInput): ActionResult {
  const now = state.now();
  const idemKey = input.idempotencyKey ? `${input.id}:${input.idempotencyKey}` : undefined;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([input.approve, input.decision ?? '', input.reason ?? '', input.partialRefund ?? null, input.buyerKeepItem ?? null]))
    .digest('hex');
  const used = idemKey ? state.idempotent(idemKey) : undefined;
  if (used !== undefined) {
    return used === fingerprint ? { ok: true, changed: null } : { ok: false, code: 25001001, message: 'idempotency_key was used for a different request' };
  }
  const found = state.find(input.id, input.kind);
  if (!found) return { ok: false, code: 25007006, message: 'The order or aftersale request does not exist' };
  const { request } = found;
  const step = currentStep(request.steps, now)!;
  if (step.arbitration === 'IN_PROGRESS') return { ok: false, code: 25011010, message: 'The request has been transferred to platform operator' };
  const awaited = state.awaitedAction(request, now);
  if (!awaited) {
    return input.approve
      ? { ok: false, code: 25011012, message: `Current status ${step.status} cannot approve application` }
      : { ok: false, code: 25020010, message: `Current status ${step.status} cannot be rejected` };
  }
  const rng = createRng(`${state.config.seed}:decision:${input.id}:${now}`);
  const next = input.kind === 'Cancellation' ? cancellationSteps(input, awaited, now, rng) : returnSteps(state, input, request, step, awaited, now, rng);
  if ('code' in next) return { ok: false, ...next };
  const changed = state.continueWith(found, next);
  if (idemKey) state.rememberIdempotency(idemKey, fingerprint);
  return { ok: true, changed };
}

type Refusal = { code: number; message: string };

function cancellationSteps(input: DecisionInput, awaited: string, now: number, rng: Rng): Step[] | Refusal {
  if (awaited !== 'SELLER_RESPOND_CANCEL') return { code: 25020003, message: 'Decision does not match the request status' };
  if (input.approve) {
    return [
      { at: now, status: 'CANCELLATION_REQUEST_SUCCESS', actor: 'SELLER', description: 'Seller approved the cancellation' },
      { at: now + rng.int(1, 6) * HOUR, status: 'CANCELLATION_REQUEST_COMPLETE', actor: 'SYSTEM', description: 'Order cancelled and refunded' },
    ];
  }
  const reason = CANCEL_REJECT_REASONS.find(([name]) => name === input.reason);
  if (!reason) return { code: 25001014, message: 'The reject reason is invalid for this request' };
  return [{ at: now, status: 'CANCELLATION_REQUEST_CANCELLED', actor: 'SELLER', description: 'Seller rejected the cancellation', rejectReason: reason }];
}

function returnSteps(state: SandboxState, input: DecisionInput, request: RequestSeed, step: Step, awaited: string, now: number, rng: Rng): Step[] | Refusal {
  const table = input.approve ? APPROVALS : REJECTIONS;
  const target = table[awaited]?.[input.decision ?? ''];
  if (!target) return { code: 25020004, message: `Decision ${input.decision ?? '(none)'} does not match the request (${awaited})` };
  if (input.decision === 'OFFER_PARTIAL_REFUND') return offerSteps(state.config.seed, request, step, input.partialRefund, now);
  if (input.approve) {
    // A returnless refund skips the shipping back (buyer_keep_item, API doc 4.3).
    return afterApproval(target === 'AWAITING_BUYER_SHIP' && input.buyerKeepItem ? 'RETURN_OR_REFUND_REQUEST_SUCCESS' : target, request, now, rng);
  }
  const reason = rejectReasonsFor(awaited).find(([name]) => name === input.reason);
  if (!reason) return { code: 25001014, message: 'The reject reason is invalid for this request' };
  const closed = request.type === 'REPLACEMENT' ? 'REPLACEMENT_REQUEST_CANCEL' : 'RETURN_OR_REFUND_REQUEST_CANCEL';
  return [
    { at: now, status: target, actor: 'SELLER', description: 'Seller rejected the request', rejectReason: reason, shipped: step.shipped },
    { at: now + 72 * HOUR, status: closed, actor: 'SYSTEM', description: 'Request closed after the rejection', shipped: step.shipped },
  ];
}

function afterApproval(target: string, request: RequestSeed, now: number, rng: Rng): Step[] {
  const paid = (at: number): Step => ({
    at,
    status: 'RETURN_OR_REFUND_REQUEST_COMPLETE',
    actor: 'SYSTEM',
    description: 'Refund paid to the buyer',
    shipped: request.type === 'RETURN_AND_REFUND',
  });
  switch (target) {
    case 'RETURN_OR_REFUND_REQUEST_SUCCESS':
      return [
        { at: now, status: target, actor: 'SELLER', description: 'Seller approved the refund', shipped: request.type === 'RETURN_AND_REFUND' },
        paid(now + rng.int(2, 48) * HOUR),
      ];
    case 'AWAITING_BUYER_SHIP': {
      const shipped = now + rng.int(12, 72) * HOUR;
      return [
        { at: now, status: target, actor: 'SELLER', description: 'Seller approved the return; waiting for the buyer to ship' },
        {
          at: shipped,
          status: 'BUYER_SHIPPED_ITEM',
          actor: 'BUYER',
          description: 'Buyer shipped the item back',
          nextAction: 'SELLER_RESPOND_RECEIVE_PACKAGE',
          awaitsSeller: true,
          shipped: true,
        },
      ];
    }
    default:
      return [
        {
          at: now,
          status: target,
          actor: 'SELLER',
          description: target === 'REPLACEMENT_REQUEST_COMPLETE' ? 'Replacement approved; a new order was created' : 'Seller refunded instead of replacing',
        },
      ];
  }
}
