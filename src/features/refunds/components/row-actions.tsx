'use client';

import { planDecision, type GridAction } from '@/lib/refund-decisions';
import type { GridRow } from '../queries';

const BUTTON = 'rounded border px-2 py-0.5 text-xs font-medium';
const ON: Record<GridAction, string> = {
  complete: 'border-emerald-600 text-emerald-800 hover:bg-emerald-50',
  reject: 'border-rose-600 text-rose-800 hover:bg-rose-50',
};
const MUTED = 'border-slate-300 text-slate-400 hover:bg-slate-50';

/**
 * Completed and Reject on a row, as the decision table sees the row now: full strength where they
 * apply, muted (with the reason on hover) where they do not. A muted button still opens the dialog,
 * which re-reads TikTok first: the grid may be a minute behind TikTok.
 */
export function RowActions({ row, writeBack, onAction }: { row: GridRow; writeBack: boolean; onAction: (row: GridRow, action: GridAction) => void }) {
  if (row.claimPending) return <span className="text-xs text-slate-500">waiting for TikTok…</span>;
  return (
    <div className="flex gap-1">
      {(['complete', 'reject'] as const).map((action) => {
        const plan = planDecision({ action, group: row.group, writeBack, reachable: true, current: row.decisionKind });
        const applies = plan.kind !== 'refuse';
        const label = action === 'complete' ? 'Completed' : 'Reject';
        const what =
          plan.kind === 'send' ? (action === 'complete' ? 'approve on TikTok' : 'reject on TikTok') : plan.kind === 'confirm' ? 'record it here' : plan.message;
        return (
          <button
            key={action}
            type="button"
            className={`${BUTTON} ${applies ? ON[action] : MUTED}`}
            aria-label={`${action === 'complete' ? 'Mark refund' : 'Reject refund'} ${row.refundId}${action === 'complete' ? ' Completed' : ''}`}
            data-applies={applies}
            title={applies ? `${label}: ${what}` : what}
            onClick={() => onAction(row, action)}
          >
            {label}
          </button>
        );
      })}
    </div>
  );
}
