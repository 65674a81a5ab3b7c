import type { RefundDecisionKind, RefundStatus, StatusSource } from '@/generated/prisma/enums';
import { decimalsIn, digitsOf, display, isDecimal, units } from './money';

/**
 * The decision table: what Completed and Reject do for each state TikTok reports, with write-back
 * on or off and TikTok reachable or not (README, "Completed and Reject"). One pure module, used by
 * the server to decide, by the dialog to say what will happen, by the grid to offer only what
 * applies, and by the sync to keep a decision made here and TikTok's status honest together.
 *
 * The rule behind every cell: the internal status never claims more than TikTok confirms.
 * - Refund: TikTok reports the refund done, or an operator confirmed the bookkeeping of a refund
 *   TikTok already reports approved or complete.
 * - Rejected: TikTok reports the request rejected, cancelled or closed.
 * A decision TikTok is waiting for is sent to TikTok; the row then shows what TikTok says next.
 */

/** Completed, Reject, or (instead of approving a refund or return in full) a partial refund offer. */
export type AdminAction = 'complete' | 'reject' | 'partial';

/** The actions a row, the bulk bar and the dialog open with; a partial offer is chosen inside the Completed dialog. */
export type GridAction = Exclude<AdminAction, 'partial'>;

/** The five groups of TikTok states a decision cares about. */
export type StatusGroup = 'awaitingSeller' | 'awaitingOthers' | 'accepted' | 'refunded' | 'rejected';

export const STATUS_GROUPS: readonly StatusGroup[] = ['awaitingSeller', 'awaitingOthers', 'accepted', 'refunded', 'rejected'];

/** The seller actions TikTok can wait for (API doc 5.5). */
const SELLER_ACTIONS = [
  'SELLER_RESPOND_REFUND',
  'SELLER_RESPOND_RETURN',
  'SELLER_RESPOND_RECEIVE_PACKAGE',
  'SELLER_RESPOND_REPLACEMENT',
  'SELLER_RESPOND_CANCEL',
] as const;

function isSellerAction(action: string | null | undefined): boolean {
  return (SELLER_ACTIONS as readonly string[]).includes((action ?? '').toUpperCase());
}

/**
 * The group of a request: what TikTok maps it to, and whether it waits for the seller right now
 * (a seller action with a deadline still ahead; past the deadline TikTok auto-approves).
 */
export function statusGroup(mapped: RefundStatus, waitingFor: string | null, arbitrationInProgress = false): StatusGroup {
  if (arbitrationInProgress) return 'awaitingOthers';
  if (isSellerAction(waitingFor) && (mapped === 'Requested' || mapped === 'Pending')) return 'awaitingSeller';
  switch (mapped) {
    case 'Accepted':
      return 'accepted';
    case 'Refund':
      return 'refunded';
    case 'Rejected':
      return 'rejected';
    default:
      return 'awaitingOthers';
  }
}

export type DecisionRefusal =
  | 'TIKTOK_UNAVAILABLE'
  | 'WRITE_BACK_OFF'
  | 'NOTHING_TO_DECIDE'
  | 'TIKTOK_APPROVED'
  | 'TIKTOK_REFUNDED'
  | 'TIKTOK_REJECTED'
  | 'ALREADY_DECIDED'
  | 'PARTIAL_TOO_LATE'
  | 'PARTIAL_NOT_OFFERED';

export type DecisionPlan =
  /** Send the decision to TikTok; the row then follows TikTok's answer. */
  | { kind: 'send'; decision: 'Approved' | 'Rejected' | 'PartialOffered' }
  /** Record the store's bookkeeping; nothing is sent to TikTok. */
  | { kind: 'confirm'; decision: 'ConfirmedRefund' | 'ConfirmedRejection' }
  | { kind: 'refuse'; code: DecisionRefusal; message: string };

export interface PlanInput {
  action: AdminAction;
  group: StatusGroup;
  writeBack: boolean;
  /** Whether TikTok answered the re-read just now. */
  reachable: boolean;
  /** The decision already recorded on the row, if any. */
  current?: RefundDecisionKind | null;
}

const REFUSALS: Record<DecisionRefusal, string> = {
  TIKTOK_UNAVAILABLE: 'TikTok did not answer, so nothing was changed here or on TikTok. Try again in a moment.',
  WRITE_BACK_OFF:
    'TikTok still waits for the seller on this request. This shop does not write decisions back, so answer it in TikTok Seller Center (or turn write-back on for the shop); marking it here would claim what TikTok has not done.',
  NOTHING_TO_DECIDE: 'TikTok is waiting for the buyer, the courier or its own arbitration, not for the seller: there is nothing to decide yet.',
  TIKTOK_APPROVED: 'TikTok has approved this refund, so it cannot be rejected here.',
  TIKTOK_REFUNDED: 'TikTok has already refunded the buyer, so it cannot be rejected here.',
  TIKTOK_REJECTED:
    'TikTok has rejected or closed this request, so it cannot be marked Completed. If the buyer appeals and TikTok reverses it, the next sync shows it.',
  ALREADY_DECIDED: 'This is already recorded here.',
  PARTIAL_TOO_LATE: 'TikTok has already decided this request, so a partial refund can no longer be offered.',
  PARTIAL_NOT_OFFERED:
    'TikTok takes a partial refund offer only while it waits for the seller to answer a refund or return request (not a received package, a replacement or a cancellation).',
};

/** A refusal with its one message. */
export const refuse = (code: DecisionRefusal): DecisionPlan => ({ kind: 'refuse', code, message: REFUSALS[code] });

/** One cell of the decision table. */
export function planDecision(input: PlanInput): DecisionPlan {
  if (!input.reachable) return refuse('TIKTOK_UNAVAILABLE');
  const { action, group } = input;
  if (action === 'partial') return planPartial(input);
  switch (group) {
    case 'awaitingSeller':
      if (!input.writeBack) return refuse('WRITE_BACK_OFF');
      return { kind: 'send', decision: action === 'complete' ? 'Approved' : 'Rejected' };
    case 'awaitingOthers':
      return refuse('NOTHING_TO_DECIDE');
    case 'accepted':
      if (action === 'reject') return refuse('TIKTOK_APPROVED');
      return input.current === 'ConfirmedRefund' ? refuse('ALREADY_DECIDED') : { kind: 'confirm', decision: 'ConfirmedRefund' };
    case 'refunded':
      if (action === 'reject') return refuse('TIKTOK_REFUNDED');
      return input.current === 'ConfirmedRefund' ? refuse('ALREADY_DECIDED') : { kind: 'confirm', decision: 'ConfirmedRefund' };
    case 'rejected':
      if (action === 'complete') return refuse('TIKTOK_REJECTED');
      return input.current === 'ConfirmedRejection' ? refuse('ALREADY_DECIDED') : { kind: 'confirm', decision: 'ConfirmedRejection' };
  }
}

/**
 * A partial refund is an offer TikTok forwards to the buyer, so it exists only as a send: the same
 * rules as Completed while TikTok waits for the seller, and nothing to confirm afterwards. Whether
 * TikTok takes an offer for the step it waits on (a refund or return request, not a received
 * package) is checked with TikTok's next action (partialCallFor).
 */
function planPartial(input: PlanInput): DecisionPlan {
  switch (input.group) {
    case 'awaitingSeller':
      return input.writeBack ? { kind: 'send', decision: 'PartialOffered' } : refuse('WRITE_BACK_OFF');
    case 'awaitingOthers':
      return refuse('NOTHING_TO_DECIDE');
    default:
      return refuse('PARTIAL_TOO_LATE');
  }
}

export type OfferCheck = { ok: true; offer: { amount: string; currency: string } } | { ok: false; message: string };

/**
 * A partial refund offer checked against TikTok's own total for the request (the dialog as the
 * operator types, the server again before sending): a plain decimal in the request's currency, no
 * more decimals than the currency has, above zero and below the total (the whole total is
 * Completed, not an offer). Compared as integers, never as floats.
 */
export function checkOffer(amount: string | undefined, total: { amount?: string; currency?: string } | null | undefined): OfferCheck {
  const currency = total?.currency;
  if (!total?.amount || !currency || !isDecimal(total.amount))
    return { ok: false, message: 'TikTok reports no refund total for this request, so an offer cannot be checked against it.' };
  const most = `${display(units(total.amount), currency)} ${currency}`;
  const text = (amount ?? '').trim();
  if (!isDecimal(text)) return { ok: false, message: `Enter the amount to offer as a number, e.g. ${display(units(total.amount) / 2n, currency)}.` };
  const digits = digitsOf(currency);
  if (decimalsIn(text) > digits) return { ok: false, message: `${currency} amounts have ${digits === 0 ? 'no decimals' : `at most ${digits} decimals`}.` };
  const offered = units(text);
  if (offered <= 0n || offered >= units(total.amount))
    return { ok: false, message: `The offer must be more than 0 and less than the refund total of ${most}.` };
  return { ok: true, offer: { amount: display(offered, currency), currency } };
}

/** What the grid shows: TikTok's mapped status, raised to Refund only by a confirmed refund TikTok approved. */
export function displayStatus(mapped: RefundStatus, decision: RefundDecisionKind | null | undefined): RefundStatus {
  return decision === 'ConfirmedRefund' && mapped === 'Accepted' ? 'Refund' : mapped;
}

/** Who set the shown status: a confirmation made here, or TikTok. */
export function statusSourceOf(mapped: RefundStatus, decision: RefundDecisionKind | null | undefined): StatusSource {
  if (decision === 'ConfirmedRefund' && (mapped === 'Accepted' || mapped === 'Refund')) return 'AdminCompleted';
  if (decision === 'ConfirmedRejection' && mapped === 'Rejected') return 'AdminRejected';
  return 'Marketplace';
}

/** Whether a decision made here and TikTok's status say opposite things (needs a person). */
export function disagrees(decision: RefundDecisionKind | null | undefined, mapped: RefundStatus): boolean {
  switch (decision) {
    case 'ConfirmedRefund':
      return mapped !== 'Accepted' && mapped !== 'Refund';
    case 'ConfirmedRejection':
      return mapped !== 'Rejected';
    case 'Approved':
      return mapped === 'Rejected';
    case 'Rejected':
      return mapped === 'Accepted' || mapped === 'Refund';
    default:
      return false;
  }
}

export const DECISION_VERBS: Record<RefundDecisionKind, string> = {
  Approved: 'Approved on TikTok',
  Rejected: 'Rejected on TikTok',
  PartialOffered: 'Partial refund offered on TikTok',
  ConfirmedRefund: 'Refund confirmed',
  ConfirmedRejection: 'Rejection confirmed',
};

/** What TikTok's status means for the next step, in a few words (the second half of "Approved here by Ana · …"). */
const NEXT_STEP: Record<string, string> = {
  RETURN_OR_REFUND_REQUEST_PENDING: 'waiting for the seller',
  REPLACEMENT_REQUEST_PENDING: 'waiting for the seller',
  CANCELLATION_REQUEST_PENDING: 'waiting for the seller',
  AWAITING_BUYER_RESPONSE: 'waiting for the buyer to answer',
  AWAITING_BUYER_SHIP: 'waiting for the buyer to ship',
  BUYER_SHIPPED_ITEM: 'the buyer shipped the item',
  RETURN_OR_REFUND_REQUEST_SUCCESS: 'TikTok approved; refund not paid yet',
  CANCELLATION_REQUEST_SUCCESS: 'TikTok accepted; refund not paid yet',
  REPLACEMENT_REQUEST_REFUND_SUCCESS: 'TikTok approved a refund instead',
  RETURN_OR_REFUND_REQUEST_COMPLETE: 'refunded by TikTok',
  CANCELLATION_REQUEST_COMPLETE: 'refunded by TikTok',
  REPLACEMENT_REQUEST_COMPLETE: 'replacement sent',
  REFUND_OR_RETURN_REQUEST_REJECT: 'rejected on TikTok',
  REJECT_RECEIVE_PACKAGE: 'package rejected on TikTok',
  REPLACEMENT_REQUEST_REJECT: 'rejected on TikTok',
  RETURN_OR_REFUND_REQUEST_CANCEL: 'closed on TikTok',
  REPLACEMENT_REQUEST_CANCEL: 'closed on TikTok',
  CANCELLATION_REQUEST_CANCEL: 'closed on TikTok',
  CANCELLATION_REQUEST_CANCELLED: 'closed on TikTok',
};

export function nextStepText(marketplaceStatus: string): string {
  return NEXT_STEP[marketplaceStatus.toUpperCase()] ?? `TikTok: ${marketplaceStatus.toLowerCase().replace(/_+/g, ' ')}`;
}

/** The line under the status badge: "Approved on TikTok by Ana · waiting for the buyer to ship". */
export function decisionSummary(row: {
  decisionKind: RefundDecisionKind | null;
  decisionBy: string | null;
  marketplaceStatus: string;
  claimPending?: boolean;
}): string | null {
  if (row.claimPending) return `A decision${row.decisionBy ? ` by ${row.decisionBy}` : ''} is waiting for TikTok's confirmation`;
  if (!row.decisionKind) return null;
  const by = row.decisionBy ? ` by ${row.decisionBy}` : '';
  const confirmed = row.decisionKind === 'ConfirmedRefund' || row.decisionKind === 'ConfirmedRejection';
  return confirmed ? `${DECISION_VERBS[row.decisionKind]} here${by}` : `${DECISION_VERBS[row.decisionKind]}${by} · ${nextStepText(row.marketplaceStatus)}`;
}
