'use client';

import { useState, type SubmitEvent } from 'react';
import type { RefundType } from '@/generated/prisma/enums';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { DATE_PRESETS, PRESET_LABELS, presetRange } from '@/lib/store-time';
import { REFUND_TYPES, TYPE_LABELS } from '../labels';
import { FLAGS, idTermsParser, isLocalDateTime, type Flag, type IdTerm } from '../search-params';
import { MoreFilters, moreDraftOf, morePatch } from './more-filters';
import type { useRefundSearch } from './use-refund-search';

export const FLAG_LABELS: Record<Flag, string> = {
  needsReview: 'Needs review',
  unmapped: 'Unmapped status',
  manual: 'Decided by an admin',
  awaitingSeller: 'TikTok awaits the seller',
};

type SearchState = ReturnType<typeof useRefundSearch>['search'];

const ids = (terms: IdTerm[] | null) => (terms ? idTermsParser.serialize(terms).replaceAll(',', '\n') : '');
const split = (local: string | null) => {
  const [date = '', time = ''] = (local ?? '').split('T');
  return { date, time };
};
const join = (date: string, time: string) => (date ? (time ? `${date}T${time}` : date) : null);

function DateRange({
  legend,
  name,
  from,
  to,
  onChange,
  timeZone,
}: {
  legend: string;
  name: string;
  from: string | null;
  to: string | null;
  onChange: (from: string | null, to: string | null) => void;
  timeZone: string;
}) {
  const a = split(from);
  const b = split(to);
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-slate-700">
        {legend} <span className="text-xs font-normal text-slate-500">({timeZone})</span>
      </legend>
      <div className="flex flex-wrap items-center gap-1">
        <label className="sr-only" htmlFor={`${name}-from`}>
          {legend} from
        </label>
        <input id={`${name}-from`} type="date" className={`${inputClass} w-36`} value={a.date} onChange={(e) => onChange(join(e.target.value, a.time), to)} />
        <label className="sr-only" htmlFor={`${name}-from-time`}>
          {legend} from time
        </label>
        <input
          id={`${name}-from-time`}
          type="time"
          className={`${inputClass} w-24`}
          value={a.time}
          disabled={!a.date}
          onChange={(e) => onChange(join(a.date, e.target.value), to)}
        />
        <span aria-hidden="true">→</span>
        <label className="sr-only" htmlFor={`${name}-to`}>
          {legend} to
        </label>
        <input id={`${name}-to`} type="date" className={`${inputClass} w-36`} value={b.date} onChange={(e) => onChange(from, join(e.target.value, b.time))} />
        <label className="sr-only" htmlFor={`${name}-to-time`}>
          {legend} to time
        </label>
        <input
          id={`${name}-to-time`}
          type="time"
          className={`${inputClass} w-24`}
          value={b.time}
          disabled={!b.date}
          onChange={(e) => onChange(from, join(b.date, e.target.value))}
        />
      </div>
      <div className="flex flex-wrap gap-1" role="group" aria-label={`${legend} presets`}>
        {DATE_PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            className="rounded border border-slate-200 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-100"
            onClick={() => {
              const range = presetRange(preset, timeZone, new Date());
              onChange(range.from, range.to);
            }}
          >
            {PRESET_LABELS[preset]}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * The filter form: a draft that becomes the URL on Apply (Enter in any field applies too). Status
 * has its own chips above the grid.
 */
export function FilterPanel({
  search,
  accounts,
  timeZone,
  onApply,
}: {
  search: SearchState;
  accounts: { id: number; name: string; shopId: string | null }[];
  timeZone: string;
  onApply: (patch: Partial<SearchState>) => void;
}) {
  const [draft, setDraft] = useState(() => ({
    q: search.q ?? '',
    refundId: ids(search.refundId),
    orderId: ids(search.orderId),
    account: new Set(search.account ?? []),
    type: new Set<RefundType>(search.type ?? []),
    flag: new Set<Flag>(search.flag ?? []),
    createdFrom: search.createdFrom,
    createdTo: search.createdTo,
    updatedFrom: search.updatedFrom,
    updatedTo: search.updatedTo,
  }));
  const [more, setMore] = useState(() => moreDraftOf(search));
  const [error, setError] = useState<string | null>(null);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    for (const [label, value] of [
      ['Created from', draft.createdFrom],
      ['Created to', draft.createdTo],
      ['Updated from', draft.updatedFrom],
      ['Updated to', draft.updatedTo],
    ] as const) {
      if (value && !isLocalDateTime(value)) {
        setError(`${label} is not a valid date`);
        return;
      }
    }
    if (draft.createdFrom && draft.createdTo && draft.createdFrom > draft.createdTo) {
      setError('Created: the start is after the end');
      return;
    }
    if (draft.updatedFrom && draft.updatedTo && draft.updatedFrom > draft.updatedTo) {
      setError('Updated: the start is after the end');
      return;
    }
    setError(null);
    const terms = (text: string) => (text.trim() ? idTermsParser.parse(text) : null);
    onApply({
      q: draft.q.trim() || null,
      refundId: terms(draft.refundId),
      orderId: terms(draft.orderId),
      account: draft.account.size ? [...draft.account] : null,
      type: draft.type.size ? REFUND_TYPES.filter((t) => draft.type.has(t)) : null,
      flag: draft.flag.size ? FLAGS.filter((f) => draft.flag.has(f)) : null,
      createdFrom: draft.createdFrom,
      createdTo: draft.createdTo,
      updatedFrom: draft.updatedFrom,
      updatedTo: draft.updatedTo,
      ...morePatch(more),
    });
  };

  const toggle = <T,>(set: Set<T>, value: T) => {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    return next;
  };

  return (
    <form onSubmit={submit} aria-label="Filter refunds" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 lg:grid-cols-3">
      <div className="space-y-3">
        <div>
          <label htmlFor="filter-q" className="text-sm font-medium text-slate-700">
            Keyword
          </label>
          <input
            id="filter-q"
            type="search"
            className={inputClass}
            placeholder="Id prefix or reason"
            value={draft.q}
            maxLength={100}
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="filter-refund-id" className="text-sm font-medium text-slate-700">
            Marketplace Refund ID
          </label>
          <textarea
            id="filter-refund-id"
            rows={2}
            className={`${inputClass} font-mono`}
            aria-describedby="ids-hint"
            value={draft.refundId}
            onChange={(e) => setDraft({ ...draft, refundId: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="filter-order-id" className="text-sm font-medium text-slate-700">
            Marketplace Order ID
          </label>
          <textarea
            id="filter-order-id"
            rows={2}
            className={`${inputClass} font-mono`}
            aria-describedby="ids-hint"
            value={draft.orderId}
            onChange={(e) => setDraft({ ...draft, orderId: e.target.value })}
          />
          <p id="ids-hint" className="text-xs text-slate-500">
            Paste several, one per line or comma separated; end one with * to match a prefix.
          </p>
        </div>
      </div>
      <div className="space-y-3">
        <DateRange
          legend="Created At"
          name="created"
          timeZone={timeZone}
          from={draft.createdFrom}
          to={draft.createdTo}
          onChange={(createdFrom, createdTo) => setDraft({ ...draft, createdFrom, createdTo })}
        />
        <DateRange
          legend="Updated At"
          name="updated"
          timeZone={timeZone}
          from={draft.updatedFrom}
          to={draft.updatedTo}
          onChange={(updatedFrom, updatedTo) => setDraft({ ...draft, updatedFrom, updatedTo })}
        />
      </div>
      <div className="grid grid-cols-2 gap-3">
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Account ID</legend>
          <div className="max-h-32 space-y-0.5 overflow-y-auto">
            {accounts.map((account) => (
              <label key={account.id} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  checked={draft.account.has(account.id)}
                  onChange={() => setDraft({ ...draft, account: toggle(draft.account, account.id) })}
                />
                {account.name}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="space-y-3">
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Type</legend>
            {REFUND_TYPES.map((type) => (
              <label key={type} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={draft.type.has(type)} onChange={() => setDraft({ ...draft, type: toggle(draft.type, type) })} />
                {TYPE_LABELS[type]}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Flags</legend>
            {FLAGS.map((flag) => (
              <label key={flag} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={draft.flag.has(flag)} onChange={() => setDraft({ ...draft, flag: toggle(draft.flag, flag) })} />
                {FLAG_LABELS[flag]}
              </label>
            ))}
          </fieldset>
        </div>
      </div>
      <MoreFilters draft={more} onChange={setMore} />
      <div className="flex items-center gap-2 lg:col-span-3">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        {error ? (
          <p role="alert" className="text-sm text-rose-700">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
