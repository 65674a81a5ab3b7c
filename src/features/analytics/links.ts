import type { RefundAnswerSource, RefundDecisionKind, RefundStatus } from '@/generated/prisma/enums';
import type { ReasonGroup } from '@/lib/refund-reasons';

/**
 * Links from a figure to the refunds grid filtered to exactly the refunds behind it. Written
 * with the grid's parameter names (src/features/refunds/search-params.ts, the grid's URL
 * contract; a unit test reads every link back through it), lists comma separated.
 */

export interface GridFilter {
  accounts?: number[] | null;
  from: string;
  to: string;
  currencies?: string[] | null;
  statuses?: RefundStatus[] | null;
  reasons?: string[];
  reasonGroups?: ReasonGroup[];
  skus?: string[];
  decidedBy?: string[];
  decisions?: RefundDecisionKind[];
  answers?: RefundAnswerSource[];
}

export function gridHref(filter: GridFilter): string {
  const params = new URLSearchParams();
  const list = (name: string, values: readonly (string | number)[] | null | undefined) => {
    if (values?.length) params.set(name, values.join(','));
  };
  list('account', filter.accounts);
  list('status', filter.statuses);
  list('currency', filter.currencies);
  list('reason', filter.reasons);
  list('reasonGroup', filter.reasonGroups);
  list('sku', filter.skus);
  list('decidedBy', filter.decidedBy);
  list('decision', filter.decisions);
  list('answer', filter.answers);
  // The grid reads a date as that whole day in the store's zone: from the first day's start to the last day's end.
  params.set('createdFrom', filter.from);
  params.set('createdTo', filter.to);
  return `/refunds?${params.toString()}`;
}
