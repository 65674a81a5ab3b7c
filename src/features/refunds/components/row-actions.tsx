'use client';

import { planDecision, type GridAction } from '@/lib/refund-decisions';
import type { GridRow } from '../queries';

const BUTTON = 'rounded border px-2 py-0.5 text-xs font-medium whitespace-nowrap';
const ON: Record<GridAction, string> = {
  complete: 'border-emerald-600 text-emerald-800 hover:bg-emerald-50',
  reject: 'border-rose-600 text-rose-800 hover:bg-rose-50',
};
const MUTED = 'border-slate-300 text-slate-500 hover:bg-slate-50';

/**
 * Completed and Reject as the decision table sees the row now. On a request TikTok holds for the
 * seller both stand (the seed's actions; muted with the reason on hover when write-back is off, and
 * a muted button still opens the dialog, which re-reads TikTok: the grid may be a minute behind).
 * Elsewhere only what applies is shown (confirming the books of a refund TikTok approved, or of a
 * rejection it made); where nothing does, a muted word with the reason as its title.
 */
export function RowActions({ row, writeBack, onAction }: { row: GridRow; writeBack: boolean; onAction: (row: GridRow, action: GridAction) => void }) {
  if (row.claimPending) return <span className="text-xs whitespace-nowrap text-slate-500">waiting for TikTok…</span>;
  const plans = (['complete', 'reject'] as const).map((action) => ({
    action,
    plan: planDecision({ action, group: row.group, writeBack, reachable: true, current: row.decisionKind }),
  }));
  const open = row.group === 'awaitingSeller';
  const shown = open ? plans : plans.filter(({ plan }) => plan.kind !== 'refuse');
  if (shown.length === 0) {
    const reasons = plans.flatMap(({ plan }) => (plan.kind === 'refuse' ? [plan.message] : []));
    return (
      <span className="text-xs whitespace-nowrap text-slate-500" title={[...new Set(reasons)].join(' ')} data-idle={row.group}>
        {row.group === 'awaitingOthers' ? 'waiting on others' : 'recorded'}
      </span>
    );
  }
  return (
    <div className="flex gap-1">
      {shown.map(({ action, plan }) => {
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
