import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import type { ReconciliationParams, Tab } from '../page-params';
import { EXCEPTION_KINDS, EXCEPTION_LABELS } from '../labels';

/**
 * The page's filters as a plain GET form: the URL is the state (a link or a reload shows the same
 * list), and it works before any JavaScript loads and by keyboard alone.
 */
export function FiltersForm({
  params,
  tab,
  accounts,
  currencies,
}: {
  params: ReconciliationParams;
  tab: Tab;
  accounts: { id: number; name: string }[];
  currencies: string[];
}) {
  const f = tab === 'exceptions' ? params.exceptions : params.statements;
  const account = f.accountIds?.length === 1 ? String(f.accountIds[0]) : '';
  return (
    <form method="get" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3" aria-label="Filter reconciliation">
      <input type="hidden" name="tab" value={tab} />
      <label className="text-sm">
        Shop
        <select name="account" defaultValue={account} className={`${inputClass} w-48`}>
          <option value="">All shops</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        From
        <input type="date" name="from" defaultValue={f.from ?? ''} className={`${inputClass} w-40`} />
      </label>
      <label className="text-sm">
        To
        <input type="date" name="to" defaultValue={f.to ?? ''} className={`${inputClass} w-40`} />
      </label>
      <label className="text-sm">
        Currency
        <select name="currency" defaultValue={f.currency ?? ''} className={`${inputClass} w-28`}>
          <option value="">All</option>
          {currencies.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      {tab === 'exceptions' ? (
        <fieldset className="flex flex-wrap items-center gap-3 text-sm">
          <legend className="sr-only">Kinds</legend>
          {EXCEPTION_KINDS.map((kind) => (
            <label key={kind} className="flex items-center gap-1.5">
              <input type="checkbox" name="kind" value={kind} defaultChecked={params.exceptions.kinds?.includes(kind) ?? false} />
              {EXCEPTION_LABELS[kind].title}
            </label>
          ))}
        </fieldset>
      ) : (
        <label className="text-sm">
          Payment
          <select name="payment" defaultValue={params.statements.paymentStatus ?? ''} className={`${inputClass} w-36`}>
            <option value="">Any</option>
            <option value="PAID">Paid</option>
            <option value="PROCESSING">Processing</option>
            <option value="FAILED">Failed</option>
          </select>
        </label>
      )}
      <button type="submit" className={buttonClass('secondary')}>
        Apply
      </button>
    </form>
  );
}
