'use client';

import type { RefundAnswerSource, RefundDecisionKind } from '@/generated/prisma/enums';
import { inputClass } from '@/components/ui/field';
import { ANSWER_SOURCE_LABELS, ANSWER_SOURCES, DECISION_KINDS } from '@/lib/refund-answers';
import { DECISION_VERBS } from '@/lib/refund-decisions';
import { REASON_GROUP_LABELS, REASON_GROUPS, type ReasonGroup } from '@/lib/refund-reasons';
import { refundSearchParsers } from '../search-params';
import type { useRefundSearch } from './use-refund-search';

/**
 * The filters the analytics page links to (currency, reason, SKU, who decided, who answered), in
 * the filter bar's "More filters" popover. Lists are typed comma or space separated and
 * read by the URL contract's own parsers, so the form accepts exactly what a link may carry.
 */

type SearchState = ReturnType<typeof useRefundSearch>['search'];

export interface MoreDraft {
  currency: string;
  reason: string;
  sku: string;
  decidedBy: string;
  reasonGroup: Set<ReasonGroup>;
  decision: Set<RefundDecisionKind>;
  answer: Set<RefundAnswerSource>;
}

const lines = (values: string[] | null) => (values ?? []).join('\n');

export function moreDraftOf(search: SearchState): MoreDraft {
  return {
    currency: lines(search.currency),
    reason: lines(search.reason),
    sku: lines(search.sku),
    decidedBy: lines(search.decidedBy),
    reasonGroup: new Set(search.reasonGroup ?? []),
    decision: new Set(search.decision ?? []),
    answer: new Set(search.answer ?? []),
  };
}

/** A typed list through the URL contract's parser: invalid items are dropped, an empty list is no filter. */
function list<T>(parser: { parse: (text: string) => T[] | null }, text: string): T[] | null {
  const items = text.split(/[\s,;]+/).filter(Boolean);
  return items.length ? parser.parse(items.join(',')) : null;
}

export function morePatch(draft: MoreDraft): Partial<SearchState> {
  const chosen = <T,>(all: readonly T[], set: Set<T>) => (set.size ? all.filter((value) => set.has(value)) : null);
  return {
    currency: list(refundSearchParsers.currency, draft.currency),
    reason: list(refundSearchParsers.reason, draft.reason),
    sku: list(refundSearchParsers.sku, draft.sku),
    decidedBy: list(refundSearchParsers.decidedBy, draft.decidedBy),
    reasonGroup: chosen(REASON_GROUPS, draft.reasonGroup),
    decision: chosen(DECISION_KINDS, draft.decision),
    answer: chosen(ANSWER_SOURCES, draft.answer),
  };
}

function toggled<T>(set: Set<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}

function Checkboxes<T extends string>({
  legend,
  values,
  labels,
  chosen,
  onChange,
}: {
  legend: string;
  values: readonly T[];
  labels: Record<T, string>;
  chosen: Set<T>;
  onChange: (next: Set<T>) => void;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      {values.map((value) => (
        <label key={value} className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={chosen.has(value)} onChange={() => onChange(toggled(chosen, value))} />
          {labels[value]}
        </label>
      ))}
    </fieldset>
  );
}

function ListField({ id, label, hint, value, onChange }: { id: string; label: string; hint: string; value: string; onChange: (value: string) => void }) {
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={id} type="text" className={`${inputClass} font-mono`} placeholder={hint} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

export function MoreFilters({ draft, onChange }: { draft: MoreDraft; onChange: (draft: MoreDraft) => void }) {
  return (
    <fieldset className="grid gap-3 sm:grid-cols-2">
      <legend className="sr-only">Currency, reason, SKU and decisions</legend>
      <div className="space-y-2">
        <ListField id="filter-currency" label="Currency" hint="USD, GBP" value={draft.currency} onChange={(currency) => onChange({ ...draft, currency })} />
        <ListField id="filter-sku" label="SKU ID" hint="TikTok SKU id" value={draft.sku} onChange={(sku) => onChange({ ...draft, sku })} />
      </div>
      <div className="space-y-2">
        <Checkboxes
          legend="Reason group"
          values={REASON_GROUPS}
          labels={REASON_GROUP_LABELS}
          chosen={draft.reasonGroup}
          onChange={(reasonGroup) => onChange({ ...draft, reasonGroup })}
        />
        <ListField id="filter-reason" label="Reason key" hint="TikTok reason key" value={draft.reason} onChange={(reason) => onChange({ ...draft, reason })} />
      </div>
      <div className="space-y-2">
        <ListField
          id="filter-decided-by"
          label="Decided by"
          hint="operator email"
          value={draft.decidedBy}
          onChange={(decidedBy) => onChange({ ...draft, decidedBy })}
        />
        <Checkboxes
          legend="Decision"
          values={DECISION_KINDS}
          labels={DECISION_VERBS}
          chosen={draft.decision}
          onChange={(decision) => onChange({ ...draft, decision })}
        />
      </div>
      <Checkboxes
        legend="First answer"
        values={ANSWER_SOURCES}
        labels={ANSWER_SOURCE_LABELS}
        chosen={draft.answer}
        onChange={(answer) => onChange({ ...draft, answer })}
      />
    </fieldset>
  );
}
