import type { ReconciliationExceptionKind } from '@/generated/prisma/enums';

/** What each exception means for the clerk chasing it (README, "Reconciliation"). */
export const EXCEPTION_LABELS: Record<ReconciliationExceptionKind, { title: string; hint: string; tone: string }> = {
  MissingClawback: {
    title: 'Never deducted',
    hint: 'TikTok refunded the buyer, but no statement took the refund back from your payout after the waiting period.',
    tone: 'bg-amber-100 text-amber-900',
  },
  UnmatchedDeduction: {
    title: 'Deduction without a refund',
    hint: 'A statement took money back for an order with no refund in the panel. Ask TikTok what it is for.',
    tone: 'bg-rose-100 text-rose-900',
  },
  AmountDiffers: {
    title: 'Amount differs',
    hint: 'The deduction differs from the refund by more than tax, shipping and fees explain.',
    tone: 'bg-rose-100 text-rose-900',
  },
  PlatformRefund: {
    title: 'Refunded by TikTok',
    hint: 'TikTok refunded the buyer itself (arbitration for the buyer, or a speedy refund): it may be reimbursable.',
    tone: 'bg-sky-100 text-sky-900',
  },
};

export const EXCEPTION_KINDS = Object.keys(EXCEPTION_LABELS) as ReconciliationExceptionKind[];
