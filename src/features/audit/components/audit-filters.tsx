import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { AUDIT_ACTION_GROUPS, AUDIT_OUTCOMES, OUTCOME_LABELS } from '../labels';
import { auditFilterQuery, type AuditSearch } from '../search-params';
import { FilterForm } from '@/components/ui/filter-form';

const GROUPS = Object.entries(AUDIT_ACTION_GROUPS);

/**
 * The audit log's filters: a GET form, so it works before any script loads and every filter
 * lands in the URL (the page's contract, ../search-params.ts, reads it back). Every input has its
 * own label; the export link carries the same filters.
 */
export function AuditFilters({ search, actors, timeZone }: { search: AuditSearch; actors: string[]; timeZone: string }) {
  const query = auditFilterQuery(search);
  return (
    // Keyed by the filters: "Clear" or a link to other filters shows their values, not what was typed.
    <FilterForm key={query} action="/audit" className="mb-4 flex flex-wrap items-end gap-3" label="Filter the audit log">
      <label className="w-52 text-sm">
        <span className="block font-medium text-slate-700">Who</span>
        <input name="actor" defaultValue={search.actor ?? ''} list="audit-actors" placeholder="email" className={inputClass} />
        <datalist id="audit-actors">
          {actors.map((email) => (
            <option key={email} value={email} />
          ))}
        </datalist>
      </label>
      <label className="w-56 text-sm">
        <span className="block font-medium text-slate-700">Action</span>
        <select name="action" defaultValue={search.action ?? ''} className={inputClass}>
          <option value="">Any action</option>
          {GROUPS.map(([group, { label, actions }]) => (
            <optgroup key={group} label={label}>
              <option value={`${group}.`}>All: {label.toLowerCase()}</option>
              {Object.entries(actions).map(([name, title]) => (
                <option key={name} value={name}>
                  {title}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="w-28 text-sm">
        <span className="block font-medium text-slate-700">Outcome</span>
        <select name="outcome" defaultValue={search.outcome ?? ''} className={inputClass}>
          <option value="">Any</option>
          {AUDIT_OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {OUTCOME_LABELS[outcome]}
            </option>
          ))}
        </select>
      </label>
      <label className="w-72 text-sm">
        <span className="block font-medium text-slate-700">Target</span>
        <input
          name="target"
          defaultValue={search.target ?? ''}
          placeholder="Refund or order id, shop id, email"
          aria-describedby="audit-target-hint"
          className={inputClass}
        />
        <span id="audit-target-hint" className="sr-only">
          A TikTok refund id, an order id, a shop id, a user&apos;s email, or the panel&apos;s own id
        </span>
      </label>
      <label className="w-40 text-sm">
        <span className="block font-medium text-slate-700">From</span>
        <input type="date" name="from" aria-describedby="audit-dates-zone" defaultValue={search.from?.slice(0, 10) ?? ''} className={inputClass} />
      </label>
      <label className="w-40 text-sm">
        <span className="block font-medium text-slate-700">To</span>
        <input type="date" name="to" aria-describedby="audit-dates-zone" defaultValue={search.to?.slice(0, 10) ?? ''} className={inputClass} />
      </label>
      <span id="audit-dates-zone" className="sr-only">
        Days in {timeZone}
      </span>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass('primary')}>
          Filter
        </button>
        <Link href="/audit" className={buttonClass('secondary')}>
          Clear
        </Link>
      </div>
      <a href={`/api/audit/export${query ? `?${query}` : ''}`} download className={`${buttonClass('secondary')} ml-auto`}>
        Export CSV
      </a>
    </FilterForm>
  );
}
