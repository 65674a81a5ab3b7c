'use client';

import type { RefundStatus } from '@/generated/prisma/enums';
import { REFUND_STATUSES, STATUS_DESCRIPTIONS } from '../labels';

/** One chip per internal state with its count under the other filters; click to include or exclude it. */
export function StatusChips({
  counts,
  selected,
  onChange,
}: {
  counts: Record<RefundStatus, number>;
  selected: RefundStatus[] | null;
  onChange: (next: RefundStatus[] | null) => void;
}) {
  const total = REFUND_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  const active = new Set(selected ?? []);
  return (
    <div role="group" aria-label="Filter by status" className="flex flex-wrap gap-1.5">
      <button
        type="button"
        aria-pressed={active.size === 0}
        onClick={() => onChange(null)}
        className={`rounded-full border px-3 py-1 text-sm ${active.size === 0 ? 'border-indigo-600 bg-indigo-600 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
      >
        All <span className="tabular-nums opacity-80">{total.toLocaleString('en-US')}</span>
      </button>
      {REFUND_STATUSES.map((status) => {
        const on = active.has(status);
        return (
          <button
            key={status}
            type="button"
            aria-pressed={on}
            title={STATUS_DESCRIPTIONS[status]}
            onClick={() => {
              const next = new Set(active);
              if (on) next.delete(status);
              else next.add(status);
              onChange(next.size ? REFUND_STATUSES.filter((s) => next.has(s)) : null);
            }}
            className={`rounded-full border px-3 py-1 text-sm ${on ? 'border-indigo-600 bg-indigo-50 font-medium text-indigo-900' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
          >
            {status} <span className="tabular-nums opacity-80">{counts[status].toLocaleString('en-US')}</span>
          </button>
        );
      })}
    </div>
  );
}
