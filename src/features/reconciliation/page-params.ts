import { z } from 'zod';
import { exceptionFiltersSchema, statementFiltersSchema } from './schemas';

/**
 * The Reconciliation page's URL: which list (exceptions to chase, or statements) and its filters.
 * Every value is validated by the list's own schema; anything else falls back to "all", never an
 * error. The same parameters drive the CSV export, so a link or a file shows exactly the page.
 */

type Params = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
/** `account=1&account=2` and `account=1,2` alike. */
const list = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : value);

export const TABS = ['exceptions', 'statements'] as const;
export type Tab = (typeof TABS)[number];

export function reconciliationParams(params: Params) {
  const tab: Tab = z.enum(TABS).catch('exceptions').parse(first(params.tab));
  const common = {
    accountIds: list(params.account),
    from: first(params.from),
    to: first(params.to),
    currency: first(params.currency),
    before: first(params.before),
  };
  return {
    tab,
    exceptions: exceptionFiltersSchema.parse({ ...common, kinds: list(params.kind) }),
    statements: statementFiltersSchema.parse({ ...common, paymentStatus: first(params.payment) }),
  };
}

export type ReconciliationParams = ReturnType<typeof reconciliationParams>;

/** The query string of a view of the page (tab, filters; `before` for the next page). */
export function reconciliationQuery(params: ReconciliationParams, tab: Tab, before?: number | null): string {
  const f = tab === 'exceptions' ? params.exceptions : params.statements;
  const query = new URLSearchParams({ tab });
  if (f.accountIds?.length) query.set('account', f.accountIds.join(','));
  if (f.from) query.set('from', f.from);
  if (f.to) query.set('to', f.to);
  if (f.currency) query.set('currency', f.currency);
  if (tab === 'exceptions' && params.exceptions.kinds?.length) query.set('kind', params.exceptions.kinds.join(','));
  if (tab === 'statements' && params.statements.paymentStatus) query.set('payment', params.statements.paymentStatus);
  if (before) query.set('before', String(before));
  return query.toString();
}
