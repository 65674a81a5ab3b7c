'use client';

import Link from 'next/link';
import { useQueryStates } from 'nuqs';
import { useState, useTransition } from 'react';
import type { RefundStatus } from '@/generated/prisma/enums';
import { inputClass } from '@/components/ui/field';
import { SearchBox } from '@/components/ui/search-box';
import { DATE_PRESETS, PRESET_LABELS, presetRange } from '@/lib/store-time';
import { GRANULARITIES, GRANULARITY_LABELS, STATUSES, type Granularity } from '../constants';
import { analyticsSearchParsers, isLocalDate } from '../search-params';

/**
 * The page's filters, in the URL (nuqs, through the page's own parsers): shops, the creation
 * range with the grid's presets (in the store's zone), currencies, statuses and the granularity.
 * Each change is a history entry and re-renders the page on the server.
 */

const toggled = <T,>(list: readonly T[] | null, value: T, all: readonly T[]): T[] | null => {
  const set = new Set(list ?? []);
  if (set.has(value)) set.delete(value);
  else set.add(value);
  return set.size ? all.filter((v) => set.has(v)) : null;
};

/** Past this many options (an agency's shops), a search box and a scrolling list, the chosen ones first. */
const SEARCH_ABOVE = 8;

function Choices<T extends string | number>({
  legend,
  plural = legend.toLowerCase(),
  options,
  chosen,
  onToggle,
  onClear,
}: {
  legend: string;
  /** What the search box counts ("Find among 10 currencies"); the legend in lower case by default. */
  plural?: string;
  options: { value: T; label: string }[];
  chosen: readonly T[] | null;
  onToggle: (value: T) => void;
  onClear?: () => void;
}) {
  const [query, setQuery] = useState('');
  const searchable = options.length > SEARCH_ABOVE;
  const needle = query.trim().toLowerCase();
  const isChosen = (value: T) => chosen?.includes(value) ?? false;
  const shown = searchable
    ? [...options.filter((o) => isChosen(o.value)), ...options.filter((o) => !isChosen(o.value) && o.label.toLowerCase().includes(needle))]
    : options;
  return (
    <fieldset className="min-w-0">
      <legend className="text-xs font-medium uppercase tracking-wide text-slate-600">{legend}</legend>
      {searchable ? (
        <div className="mt-1 flex items-center gap-2">
          <SearchBox
            id={`find-${legend}`}
            label={`Find ${legend.toLowerCase()}`}
            placeholder={`Find among ${options.length} ${plural}`}
            value={query}
            onChange={setQuery}
          />
          {chosen?.length && onClear ? (
            <button type="button" className="shrink-0 text-xs text-indigo-700 underline" onClick={onClear}>
              Clear {chosen.length} chosen
            </button>
          ) : null}
        </div>
      ) : null}
      <div className={`mt-1 flex flex-wrap gap-x-3 gap-y-1 ${searchable ? 'max-h-32 overflow-y-auto' : ''}`}>
        {options.length === 0 ? <span className="text-sm text-slate-500">none in this range</span> : null}
        {shown.map((option) => (
          <label key={option.value} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={isChosen(option.value)} onChange={() => onToggle(option.value)} />
            {option.label}
          </label>
        ))}
        {searchable && shown.length === 0 ? <span className="text-sm text-slate-500">Nothing matches “{query}”.</span> : null}
      </div>
    </fieldset>
  );
}

export function AnalyticsFilters({
  accounts,
  currencies,
  timeZone,
  from,
  to,
  granularity,
  gridHref,
}: {
  accounts: { id: number; name: string }[];
  currencies: string[];
  timeZone: string;
  /** The range and granularity in force (the URL's, or the defaults the server filled in). */
  from: string;
  to: string;
  granularity: Granularity;
  /** Every refund of the page's filters, in the grid. */
  gridHref: string;
}) {
  const [pending, startTransition] = useTransition();
  const [search, setSearch] = useQueryStates(analyticsSearchParsers, { shallow: false, history: 'push', startTransition, scroll: false });
  const currencyOptions = [...new Set([...currencies, ...(search.currency ?? [])])].sort();
  const setDate = (key: 'createdFrom' | 'createdTo', value: string) => {
    if (value === '' || isLocalDate(value)) void setSearch({ createdFrom: from, createdTo: to, [key]: value || null });
  };
  return (
    <form
      aria-label="Analytics filters"
      aria-busy={pending}
      onSubmit={(event) => event.preventDefault()}
      className="mb-4 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2 xl:grid-cols-[auto_minmax(0,1fr)_minmax(0,1fr)_auto]"
    >
      <fieldset className="min-w-0 space-y-1">
        <legend className="text-xs font-medium uppercase tracking-wide text-slate-600">
          Created <span className="normal-case">({timeZone})</span>
        </legend>
        <div className="flex flex-wrap items-center gap-1">
          <label className="sr-only" htmlFor="analytics-from">
            Created from
          </label>
          <span className="w-40">
            <input id="analytics-from" type="date" className={inputClass} value={from} onChange={(e) => setDate('createdFrom', e.target.value)} />
          </span>
          <span aria-hidden="true">→</span>
          <label className="sr-only" htmlFor="analytics-to">
            Created to
          </label>
          <span className="w-40">
            <input id="analytics-to" type="date" className={inputClass} value={to} onChange={(e) => setDate('createdTo', e.target.value)} />
          </span>
        </div>
        <div className="flex flex-wrap gap-1" role="group" aria-label="Created presets">
          {DATE_PRESETS.map((preset) => (
            <button
              key={preset}
              type="button"
              className="rounded border border-slate-200 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-100"
              onClick={() => {
                const range = presetRange(preset, timeZone, new Date());
                void setSearch({ createdFrom: range.from, createdTo: range.to, granularity: null });
              }}
            >
              {PRESET_LABELS[preset]}
            </button>
          ))}
        </div>
      </fieldset>
      <Choices
        legend="Shops"
        options={accounts.map((a) => ({ value: a.id, label: a.name }))}
        chosen={search.account}
        onClear={() => void setSearch({ account: null })}
        onToggle={(id) =>
          void setSearch({
            account: toggled(
              search.account,
              id,
              accounts.map((a) => a.id),
            ),
          })
        }
      />
      <div className="min-w-0 space-y-3">
        <Choices
          legend="Currency"
          plural="currencies"
          options={currencyOptions.map((c) => ({ value: c, label: c }))}
          chosen={search.currency}
          onToggle={(c) => void setSearch({ currency: toggled(search.currency, c, currencyOptions) })}
        />
        <Choices
          legend="Status"
          options={STATUSES.map((s) => ({ value: s, label: s }))}
          chosen={search.status}
          onToggle={(s: RefundStatus) => void setSearch({ status: toggled(search.status, s, STATUSES) })}
        />
      </div>
      <div className="flex flex-col gap-3">
        <fieldset>
          <legend className="text-xs font-medium uppercase tracking-wide text-slate-600">Per</legend>
          <div className="mt-1 inline-flex overflow-hidden rounded-md border border-slate-300" role="radiogroup" aria-label="Granularity">
            {GRANULARITIES.map((g) => (
              <label
                key={g}
                className={`cursor-pointer px-3 py-1 text-sm has-focus-visible:ring-2 has-focus-visible:ring-indigo-500 has-focus-visible:ring-inset ${
                  g === granularity ? 'bg-indigo-600 text-white' : 'bg-white text-slate-700 hover:bg-slate-50'
                }`}
              >
                <input type="radio" name="granularity" className="sr-only" checked={g === granularity} onChange={() => void setSearch({ granularity: g })} />
                {GRANULARITY_LABELS[g]}
              </label>
            ))}
          </div>
        </fieldset>
        <Link href={gridHref} className="text-sm text-indigo-700 underline">
          Open these refunds in the grid
        </Link>
        <Link href="/analytics" className="text-sm text-slate-600 underline">
          Reset filters
        </Link>
      </div>
    </form>
  );
}
