import type { RefundStatus } from '@/generated/prisma/enums';

/** Client-safe constants of the analytics page. */

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const GRANULARITY_LABELS: Record<Granularity, string> = { day: 'Day', week: 'Week', month: 'Month' };

/** The statuses a refund can have, in the grid's order (the status filter's choices). */
export const STATUSES: readonly RefundStatus[] = ['Requested', 'Pending', 'Accepted', 'Refund', 'Rejected'];

/** The range when the URL names none: the last 30 days in the store's zone, by day. */
export const DEFAULT_PRESET = 'last30' as const;

/** SKUs shown per currency, by refunded amount. */
export const TOP_SKUS = 10;
/** Reasons shown as bars (the rest are in the table). */
export const TOP_REASONS = 12;

/** One colour per shop, in account order (Tailwind 600s: distinguishable, AA on white for the legend text). */
export const SHOP_COLORS = ['#4f46e5', '#0891b2', '#059669', '#d97706', '#dc2626', '#7c3aed', '#db2777', '#65a30d', '#0284c7', '#ea580c'];

export const GROUP_COLORS = { sellerFault: '#dc2626', buyerRemorse: '#0891b2', other: '#64748b' } as const;
export const ANSWER_COLORS = { Panel: '#4f46e5', Seller: '#059669', Auto: '#d97706' } as const;
export const DECISION_COLORS = {
  Approved: '#059669',
  Rejected: '#dc2626',
  PartialOffered: '#d97706',
  ConfirmedRefund: '#0891b2',
  ConfirmedRejection: '#64748b',
} as const;
