'use client';

import { useState } from 'react';
import { inputClass } from '@/components/ui/field';
import { ANSWER_SOURCE_LABELS } from '@/lib/refund-answers';
import { DECISION_VERBS } from '@/lib/refund-decisions';
import { REASON_GROUP_LABELS, reasonLabel } from '@/lib/refund-reasons';
import { REFUND_TYPES, TYPE_LABELS } from '../labels';
import { FILTER_KEYS, FLAGS, idTermsParser, type Flag, type IdTerm } from '../search-params';
import { FilterChip } from './filter-chip';
import { DateRangeEditor, EditorForm, MultiSelectEditor } from './filter-editors';
import { MoreFilters, moreDraftOf, morePatch } from './more-filters';
import type { useRefundSearch } from './use-refund-search';

const FLAG_LABELS: Record<Flag, string> = {
  needsReview: 'Needs review',
  unmapped: 'Unmapped status',
  manual: 'Decided by an admin',
  awaitingSeller: 'TikTok awaits the seller',
};

type SearchState = ReturnType<typeof useRefundSearch>['search'];
type Patch = Parameters<ReturnType<typeof useRefundSearch>['setFilters']>[0];
type MoreKey = 'currency' | 'reasonGroup' | 'reason' | 'sku' | 'decidedBy' | 'decision' | 'answer';

/** "A, B +3": a chip stays one short line however many values it holds (the whole list is its title). */
const few = (values: string[]) => (values.length <= 2 ? values.join(', ') : `${values.slice(0, 2).join(', ')} +${values.length - 2}`);
const day = (local: string | null) => local?.replace('T', ' ') ?? '…';
const range = (from: string | null, to: string | null) => (from || to ? (from === to ? day(from) : `${day(from)} → ${day(to)}`) : null);
const idText = (terms: IdTerm[] | null) => (terms ? idTermsParser.serialize(terms).replaceAll(',', '\n') : '');

function IdsEditor({ search, onApply }: { search: SearchState; onApply: (patch: Patch) => void }) {
  const [draft, setDraft] = useState({ refundId: idText(search.refundId), orderId: idText(search.orderId) });
  const terms = (text: string) => (text.trim() ? idTermsParser.parse(text) : null);
  return (
    <EditorForm
      label="IDs filter"
      onApply={() => {
        onApply({ refundId: terms(draft.refundId), orderId: terms(draft.orderId) });
        return undefined;
      }}
    >
      <div className="grid grid-cols-2 gap-3">
        {(
          [
            ['refundId', 'Marketplace Refund ID'],
            ['orderId', 'Marketplace Order ID'],
          ] as const
        ).map(([key, label]) => (
          <div key={key}>
            <label htmlFor={`filter-${key}`} className="text-xs font-medium text-slate-600">
              {label}
            </label>
            <textarea
              id={`filter-${key}`}
              rows={4}
              className={`${inputClass} font-mono text-xs`}
              aria-describedby="ids-hint"
              value={draft[key]}
              onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
              onKeyDown={(event) => {
                // Enter applies, as in every other filter; Shift+Enter starts a new line for the next id.
                if (event.key === 'Enter' && !event.shiftKey) {
                  event.preventDefault();
                  event.currentTarget.form?.requestSubmit();
                }
              }}
            />
          </div>
        ))}
      </div>
      <p id="ids-hint" className="text-xs text-slate-500">
        Paste several, one per line (Shift+Enter) or comma separated; end one with * to match a prefix.
      </p>
    </EditorForm>
  );
}

/**
 * The filters above the grid as one compact row of chips: each says what it holds and opens its
 * editor in a popover. The keyword box and the status chips sit on the row above; the filters the
 * analytics page links to (currency, reason, SKU, decisions, first answers) show as chips of their
 * own once set and are edited under "More filters".
 */
export function FilterBar({
  search,
  accounts,
  timeZone,
  onChange,
}: {
  search: SearchState;
  accounts: { id: number; name: string; shopId: string | null }[];
  timeZone: string;
  onChange: (patch: Patch) => void;
}) {
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  const ids = [
    search.refundId ? `refund ${idTermsParser.serialize(search.refundId).replaceAll(',', ', ')}` : null,
    search.orderId ? `order ${idTermsParser.serialize(search.orderId).replaceAll(',', ', ')}` : null,
  ].filter((x): x is string => x !== null);
  const more: { key: MoreKey; label: string; values: string[] | null }[] = [
    { key: 'currency', label: 'Currency', values: search.currency },
    { key: 'reasonGroup', label: 'Reason group', values: search.reasonGroup?.map((g) => REASON_GROUP_LABELS[g]) ?? null },
    { key: 'reason', label: 'Reason', values: search.reason?.map(reasonLabel) ?? null },
    { key: 'sku', label: 'SKU', values: search.sku },
    { key: 'decidedBy', label: 'Decided by', values: search.decidedBy },
    { key: 'decision', label: 'Decision', values: search.decision?.map((k) => DECISION_VERBS[k]) ?? null },
    { key: 'answer', label: 'First answer', values: search.answer?.map((a) => ANSWER_SOURCE_LABELS[a]) ?? null },
  ];
  const moreEditor = <MoreEditor search={search} onApply={onChange} />;
  const anySet = FILTER_KEYS.some((key) => search[key] !== null);

  return (
    <ul aria-label="Filters" className="flex flex-wrap items-center gap-1.5">
      <li>
        <FilterChip
          label="Account"
          summary={search.account ? few(search.account.map((id) => names.get(id) ?? `#${id}`)) : null}
          onClear={() => onChange({ account: null })}
        >
          {
            <MultiSelectEditor
              label="Account"
              options={accounts.map((a) => ({ value: a.id, label: a.name, hint: a.shopId ?? undefined }))}
              chosen={search.account}
              onApply={(account) => onChange({ account })}
            />
          }
        </FilterChip>
      </li>
      <li>
        <FilterChip label="Type" summary={search.type ? few(search.type.map((t) => TYPE_LABELS[t])) : null} onClear={() => onChange({ type: null })}>
          {
            <MultiSelectEditor
              label="Type"
              options={REFUND_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
              chosen={search.type}
              onApply={(type) => onChange({ type })}
            />
          }
        </FilterChip>
      </li>
      {(
        [
          ['Created', 'created', search.createdFrom, search.createdTo, (from, to) => ({ createdFrom: from, createdTo: to })],
          ['Updated', 'updated', search.updatedFrom, search.updatedTo, (from, to) => ({ updatedFrom: from, updatedTo: to })],
        ] as const satisfies readonly (readonly [string, string, string | null, string | null, (from: string | null, to: string | null) => Patch])[]
      ).map(([label, name, from, to, patch]) => (
        <li key={name}>
          <FilterChip label={label} summary={range(from, to)} onClear={() => onChange(patch(null, null))} wide>
            {<DateRangeEditor label={`${label} At`} name={name} timeZone={timeZone} from={from} to={to} onApply={(f, t) => onChange(patch(f, t))} />}
          </FilterChip>
        </li>
      ))}
      <li>
        <FilterChip label="IDs" summary={ids.length ? ids.join('; ') : null} onClear={() => onChange({ refundId: null, orderId: null })} wide>
          <IdsEditor search={search} onApply={onChange} />
        </FilterChip>
      </li>
      <li>
        <FilterChip label="Flags" summary={search.flag ? few(search.flag.map((f) => FLAG_LABELS[f])) : null} onClear={() => onChange({ flag: null })}>
          {
            <MultiSelectEditor
              label="Flags"
              options={FLAGS.map((f) => ({ value: f, label: FLAG_LABELS[f] }))}
              chosen={search.flag}
              onApply={(flag) => onChange({ flag })}
            />
          }
        </FilterChip>
      </li>
      {more
        .filter((m) => m.values)
        .map((m) => (
          <li key={m.key}>
            <FilterChip label={m.label} summary={few(m.values!)} onClear={() => onChange({ [m.key]: null })} wide>
              {moreEditor}
            </FilterChip>
          </li>
        ))}
      <li>
        <FilterChip label="More filters" summary={null} wide>
          {moreEditor}
        </FilterChip>
      </li>
      {anySet ? (
        <li>
          <button
            type="button"
            className="rounded px-1.5 py-1 text-xs font-medium text-indigo-700 underline hover:bg-indigo-50"
            onClick={() => onChange(Object.fromEntries(FILTER_KEYS.map((key) => [key, null])))}
          >
            Clear all
          </button>
        </li>
      ) : null}
    </ul>
  );
}

function MoreEditor({ search, onApply }: { search: SearchState; onApply: (patch: Patch) => void }) {
  const [draft, setDraft] = useState(() => moreDraftOf(search));
  return (
    <EditorForm
      label="More filters"
      onApply={() => {
        onApply(morePatch(draft));
        return undefined;
      }}
    >
      <MoreFilters draft={draft} onChange={setDraft} />
    </EditorForm>
  );
}
