'use client';

import { useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { SearchBox } from '@/components/ui/search-box';
import { DATE_PRESETS, PRESET_LABELS, presetRange } from '@/lib/store-time';
import { isLocalDateTime } from '../search-params';
import { useCloseFilter } from './filter-chip';

/**
 * The editors inside the filter bar's popovers. Each keeps a draft and applies it on Apply or Enter,
 * so a half-typed date never reaches the URL.
 */

/**
 * The form every editor sits in: Apply (Enter) applies the draft and closes the popover, unless
 * `onApply` answers false (the draft is not valid and the message says why).
 */
export function EditorForm({
  label,
  error,
  onApply,
  children,
}: {
  label: string;
  error?: string | null;
  onApply: () => boolean | undefined;
  children: ReactNode;
}) {
  const close = useCloseFilter();
  return (
    <form
      aria-label={label}
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (onApply() !== false) close();
      }}
    >
      {children}
      <div className="flex items-center gap-2">
        <Button type="submit" variant="primary" size="sm">
          Apply
        </Button>
        {error ? (
          <p role="alert" className="text-xs text-rose-700">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}

/** Checkboxes for a fixed list, with a search box once the list is long enough to need one (shops). */
export function MultiSelectEditor<T extends string | number>({
  label,
  options,
  chosen,
  onApply,
}: {
  label: string;
  options: { value: T; label: string; hint?: string }[];
  chosen: readonly T[] | null;
  onApply: (values: T[] | null) => void;
}) {
  const [draft, setDraft] = useState(() => new Set<T>(chosen ?? []));
  const [query, setQuery] = useState('');
  const searchable = options.length > 6;
  const needle = query.trim().toLowerCase();
  const shown = needle ? options.filter((o) => `${o.label} ${o.hint ?? ''}`.toLowerCase().includes(needle)) : options;
  const toggle = (value: T) => {
    const next = new Set(draft);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    setDraft(next);
  };
  return (
    <EditorForm
      label={`${label} filter`}
      onApply={() => {
        onApply(draft.size ? options.map((o) => o.value).filter((v) => draft.has(v)) : null);
        return undefined;
      }}
    >
      {searchable ? (
        <div>
          <SearchBox
            id={`search-${label}`}
            label={`Find ${label.toLowerCase()}`}
            placeholder={`Find ${label.toLowerCase()}`}
            value={query}
            onChange={setQuery}
          />
        </div>
      ) : null}
      <fieldset>
        <legend className="sr-only">{label}</legend>
        <div className="max-h-60 space-y-0.5 overflow-y-auto">
          {shown.map((option) => (
            <label key={String(option.value)} className="flex items-center gap-2 rounded px-1 py-0.5 hover:bg-slate-50">
              <input type="checkbox" checked={draft.has(option.value)} onChange={() => toggle(option.value)} />
              {/* The hint (a 19-digit shop id) under the name: side by side they ran out of the popover. */}
              <span className="min-w-0 flex-1" title={option.hint ? `${option.label} · ${option.hint}` : option.label}>
                <span className="block truncate">{option.label}</span>
                {option.hint ? <span className="block truncate font-mono text-[11px] leading-4 text-slate-500">{option.hint}</span> : null}
              </span>
            </label>
          ))}
          {shown.length === 0 ? <p className="px-1 text-xs text-slate-500">Nothing matches “{query}”.</p> : null}
        </div>
      </fieldset>
      {draft.size ? (
        <button type="button" className="text-xs text-indigo-700 underline" onClick={() => setDraft(new Set())}>
          Clear {draft.size} chosen
        </button>
      ) : null}
    </EditorForm>
  );
}

const split = (local: string | null) => {
  const [date = '', time = ''] = (local ?? '').split('T');
  return { date, time };
};
const join = (date: string, time: string) => (date ? (time ? `${date}T${time}` : date) : null);

function DateTime({ id, label, value, onChange }: { id: string; label: string; value: string | null; onChange: (value: string | null) => void }) {
  const { date, time } = split(value);
  return (
    <fieldset className="space-y-1">
      <legend className="text-xs font-medium text-slate-600">{label}</legend>
      <div className="flex gap-1">
        <label className="sr-only" htmlFor={id}>
          {label} date
        </label>
        <input id={id} type="date" className={`${inputClass} w-36`} value={date} onChange={(e) => onChange(join(e.target.value, time))} />
        <label className="sr-only" htmlFor={`${id}-time`}>
          {label} time
        </label>
        <input
          id={`${id}-time`}
          type="time"
          className={`${inputClass} w-28`}
          value={time}
          disabled={!date}
          onChange={(e) => onChange(join(date, e.target.value))}
        />
      </div>
    </fieldset>
  );
}

/**
 * A date range in the store's zone: presets on the left (one click applies), from and to side by
 * side with an optional time each; a day alone means that whole day.
 */
export function DateRangeEditor({
  label,
  name,
  timeZone,
  from,
  to,
  onApply,
}: {
  label: string;
  name: string;
  timeZone: string;
  from: string | null;
  to: string | null;
  onApply: (from: string | null, to: string | null) => void;
}) {
  const [draft, setDraft] = useState({ from, to });
  const [error, setError] = useState<string | null>(null);
  const close = useCloseFilter();
  const problem = () => {
    for (const [which, value] of [
      ['start', draft.from],
      ['end', draft.to],
    ] as const) {
      if (value && !isLocalDateTime(value)) return `The ${which} is not a valid date.`;
    }
    return draft.from && draft.to && draft.from > draft.to ? 'The start is after the end.' : null;
  };
  const apply = () => {
    const found = problem();
    setError(found);
    if (found) return false;
    onApply(draft.from, draft.to);
    return undefined;
  };
  return (
    <EditorForm label={`${label} filter`} error={error} onApply={apply}>
      <div className="flex gap-4">
        <div role="group" aria-label={`${label} presets`} className="flex w-28 shrink-0 flex-col items-stretch gap-0.5 border-r border-slate-100 pr-3">
          {DATE_PRESETS.map((preset) => (
            <button
              key={preset}
              type="button"
              className="rounded px-1.5 py-1 text-left text-xs text-slate-700 hover:bg-slate-100"
              onClick={() => {
                const range = presetRange(preset, timeZone, new Date());
                onApply(range.from, range.to);
                close();
              }}
            >
              {PRESET_LABELS[preset]}
            </button>
          ))}
        </div>
        <div className="space-y-2">
          <div className="flex flex-wrap gap-3">
            <DateTime id={`${name}-from`} label={`${label} from`} value={draft.from} onChange={(value) => setDraft({ ...draft, from: value })} />
            <DateTime id={`${name}-to`} label={`${label} to`} value={draft.to} onChange={(value) => setDraft({ ...draft, to: value })} />
          </div>
          <p className="text-xs text-slate-500">
            Store time ({timeZone}). A day without a time is the whole day.{' '}
            {draft.from || draft.to ? (
              <button type="button" className="text-indigo-700 underline" onClick={() => setDraft({ from: null, to: null })}>
                Clear dates
              </button>
            ) : null}
          </p>
        </div>
      </div>
    </EditorForm>
  );
}
