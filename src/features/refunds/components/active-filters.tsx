'use client';

import { ANSWER_SOURCE_LABELS } from '@/lib/refund-answers';
import { DECISION_VERBS } from '@/lib/refund-decisions';
import { REASON_GROUP_LABELS, reasonLabel } from '@/lib/refund-reasons';
import { TYPE_LABELS } from '../labels';
import { idTermsParser } from '../search-params';
import { FLAG_LABELS } from './filter-panel';
import type { useRefundSearch } from './use-refund-search';

type SearchState = ReturnType<typeof useRefundSearch>['search'];
type Patch = Parameters<ReturnType<typeof useRefundSearch>['setFilters']>[0];

const range = (from: string | null, to: string | null) => `${from?.replace('T', ' ') ?? '…'} → ${to?.replace('T', ' ') ?? '…'}`;

/** The active filters as removable chips, and "Clear all". */
export function ActiveFilters({
  search,
  accountNames,
  onChange,
}: {
  search: SearchState;
  accountNames: Map<number, string>;
  onChange: (patch: Patch) => void;
}) {
  const chips: { key: string; label: string; clear: Patch }[] = [];
  if (search.q) chips.push({ key: 'q', label: `Keyword: ${search.q}`, clear: { q: null } });
  if (search.refundId)
    chips.push({ key: 'refundId', label: `Refund ID: ${idTermsParser.serialize(search.refundId).replaceAll(',', ', ')}`, clear: { refundId: null } });
  if (search.orderId)
    chips.push({ key: 'orderId', label: `Order ID: ${idTermsParser.serialize(search.orderId).replaceAll(',', ', ')}`, clear: { orderId: null } });
  if (search.account)
    chips.push({ key: 'account', label: `Account: ${search.account.map((id) => accountNames.get(id) ?? `#${id}`).join(', ')}`, clear: { account: null } });
  if (search.status) chips.push({ key: 'status', label: `Status: ${search.status.join(', ')}`, clear: { status: null } });
  if (search.type) chips.push({ key: 'type', label: `Type: ${search.type.map((t) => TYPE_LABELS[t]).join(', ')}`, clear: { type: null } });
  if (search.flag) chips.push({ key: 'flag', label: search.flag.map((f) => FLAG_LABELS[f]).join(', '), clear: { flag: null } });
  if (search.currency) chips.push({ key: 'currency', label: `Currency: ${search.currency.join(', ')}`, clear: { currency: null } });
  if (search.reasonGroup)
    chips.push({
      key: 'reasonGroup',
      label: `Reason group: ${search.reasonGroup.map((g) => REASON_GROUP_LABELS[g]).join(', ')}`,
      clear: { reasonGroup: null },
    });
  if (search.reason) chips.push({ key: 'reason', label: `Reason: ${search.reason.map(reasonLabel).join(', ')}`, clear: { reason: null } });
  if (search.sku) chips.push({ key: 'sku', label: `SKU: ${search.sku.join(', ')}`, clear: { sku: null } });
  if (search.decidedBy) chips.push({ key: 'decidedBy', label: `Decided by: ${search.decidedBy.join(', ')}`, clear: { decidedBy: null } });
  if (search.decision)
    chips.push({ key: 'decision', label: `Decision: ${search.decision.map((k) => DECISION_VERBS[k]).join(', ')}`, clear: { decision: null } });
  if (search.answer)
    chips.push({ key: 'answer', label: `First answer: ${search.answer.map((a) => ANSWER_SOURCE_LABELS[a]).join(', ')}`, clear: { answer: null } });
  if (search.createdFrom || search.createdTo)
    chips.push({ key: 'created', label: `Created: ${range(search.createdFrom, search.createdTo)}`, clear: { createdFrom: null, createdTo: null } });
  if (search.updatedFrom || search.updatedTo)
    chips.push({ key: 'updated', label: `Updated: ${range(search.updatedFrom, search.updatedTo)}`, clear: { updatedFrom: null, updatedTo: null } });
  if (chips.length === 0) return null;
  const all = Object.assign({}, ...chips.map((c) => c.clear)) as Patch;
  return (
    <ul aria-label="Active filters" className="flex flex-wrap items-center gap-1.5">
      {chips.map((chip) => (
        <li key={chip.key} className="flex items-center gap-1 rounded-full bg-slate-200 py-0.5 pl-2.5 pr-1 text-xs text-slate-800">
          <span className="max-w-[28rem] truncate">{chip.label}</span>
          <button
            type="button"
            onClick={() => onChange(chip.clear)}
            aria-label={`Remove filter ${chip.label}`}
            className="rounded-full px-1.5 hover:bg-slate-300"
          >
            ✕
          </button>
        </li>
      ))}
      <li>
        <button type="button" onClick={() => onChange(all)} className="text-xs font-medium text-indigo-700 underline">
          Clear all
        </button>
      </li>
    </ul>
  );
}
