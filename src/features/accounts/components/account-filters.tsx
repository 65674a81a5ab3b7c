import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { FilterForm } from '@/components/ui/filter-form';
import { ACCOUNT_STATE_LABELS, ACCOUNT_STATES, type AccountSearch } from '../search-params';

/**
 * Finding a shop among hundreds: by name, shop id or code, and by what needs doing (failed syncs,
 * never synced, to connect, inactive). A GET form, so every filter lands in the URL.
 */
export function AccountFilters({ search }: { search: AccountSearch }) {
  return (
    <FilterForm key={`${search.q ?? ''}|${search.state ?? ''}`} action="/accounts" className="mb-3 flex flex-wrap items-end gap-3" label="Find shop accounts">
      <label className="w-72 text-sm">
        <span className="block font-medium text-slate-700">Find a shop</span>
        <input type="search" name="q" defaultValue={search.q ?? ''} placeholder="Name, shop id or code" className={inputClass} />
      </label>
      <label className="w-52 text-sm">
        <span className="block font-medium text-slate-700">Show</span>
        <select name="state" defaultValue={search.state ?? ''} className={inputClass}>
          <option value="">Every account</option>
          {ACCOUNT_STATES.map((state) => (
            <option key={state} value={state}>
              {ACCOUNT_STATE_LABELS[state]}
            </option>
          ))}
        </select>
      </label>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass('primary')}>
          Filter
        </button>
        {search.q || search.state ? (
          <Link href="/accounts" className={buttonClass('secondary')}>
            Clear
          </Link>
        ) : null}
      </div>
    </FilterForm>
  );
}
