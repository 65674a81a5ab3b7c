import type { RefundStatus, RefundType } from '@/generated/prisma/enums';

export const REFUND_STATUSES: readonly RefundStatus[] = ['Requested', 'Pending', 'Accepted', 'Refund', 'Rejected'];
export const REFUND_TYPES: readonly RefundType[] = ['Refund', 'ReturnAndRefund', 'Replacement'];

export const TYPE_LABELS: Record<RefundType, string> = {
  Refund: 'Refund',
  ReturnAndRefund: 'Return & Refund',
  Replacement: 'Replacement',
};

/** What each internal state means, as the seller's documentation words it (tooltips, legend). */
export const STATUS_DESCRIPTIONS: Record<RefundStatus, string> = {
  Requested: 'Submitted on TikTok; not reviewed yet.',
  Pending: 'Under review or waiting on the seller, the courier or TikTok.',
  Accepted: 'Approved; waiting for final processing or payout.',
  Refund: 'Refund processed and completed.',
  Rejected: 'Declined by the seller or by TikTok.',
};

/**
 * Most refunds one bulk action takes: one grid page at the largest size, each checked against
 * TikTok live before it is decided. Here, not in schemas.ts, because the bulk bar needs it in the
 * browser and schemas.ts would bring zod along: ~31 KB gzipped, and zod 4 probes `new Function` when
 * an object schema is built, which our CSP (no 'unsafe-eval') reports as a violation on every page.
 */
export const BULK_LIMIT = 200;
