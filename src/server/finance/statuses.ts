/**
 * Which TikTok statuses mean what for the money (API doc 5.2-5.3, finance contract 7). A status
 * TikTok adds later is none of these: such a refund is still matched to lines (it may have been
 * paid) but never called missing, and it keeps its order open.
 */

/** The buyer has been paid: a clawback is due (contract 5: "a Finance line is coming"). */
export const REFUNDED_STATUSES: ReadonlySet<string> = new Set([
  'RETURN_OR_REFUND_REQUEST_COMPLETE',
  'CANCELLATION_REQUEST_COMPLETE',
  // A replacement resolved by a refund: TikTok documents no later status for it.
  'REPLACEMENT_REQUEST_REFUND_SUCCESS',
]);

/** Approved: the payout may already be on its way, so a line may already take it back. */
const APPROVED_STATUSES: ReadonlySet<string> = new Set(['RETURN_OR_REFUND_REQUEST_SUCCESS', 'CANCELLATION_REQUEST_SUCCESS']);

/** Nothing more happens to the request: TikTok may settle its order (contract 8.2). */
const CLOSED_STATUSES: ReadonlySet<string> = new Set([
  ...REFUNDED_STATUSES,
  'RETURN_OR_REFUND_REQUEST_CANCEL',
  'REPLACEMENT_REQUEST_COMPLETE',
  'REPLACEMENT_REQUEST_CANCEL',
  'CANCELLATION_REQUEST_CANCEL',
  'CANCELLATION_REQUEST_CANCELLED',
]);

/** A refund a statement line may settle: paid, approved, or in a status we do not know. */
export function mayBeSettled(status: string, unmapped: boolean): boolean {
  return REFUNDED_STATUSES.has(status) || APPROVED_STATUSES.has(status) || unmapped;
}

export function isClosed(status: string): boolean {
  return CLOSED_STATUSES.has(status);
}

/** Adjustments by which TikTok pays a seller back for a refund it decided (contract 7.5, 2.8). */
export const REIMBURSEMENT_TYPES: ReadonlySet<string> = new Set(['PLATFORM_REIMBURSEMENT', 'LOGISTICS_REIMBURSEMENT']);

/**
 * A refund TikTok issued rather than the seller (contract 7.5): arbitration ruled for the buyer, or
 * TikTok itself opened it (OPERATOR / SYSTEM initiator: a refund without return, a lost parcel).
 */
export function platformIssued(refund: { kind: string; arbitrationStatus: string | null; initiatorRole: string | null }): string | null {
  if (refund.arbitrationStatus === 'SUPPORT_BUYER') return 'arbitration ruled for the buyer';
  if (refund.kind === 'Return' && (refund.initiatorRole === 'OPERATOR' || refund.initiatorRole === 'SYSTEM')) return 'refund opened by TikTok';
  return null;
}
