import type { RefundDecisionKind, RefundStatus, StatusSource } from '@/generated/prisma/enums';
import { decisionSummary } from '@/lib/refund-decisions';
import { STATUS_DESCRIPTIONS } from '../labels';

const TONES: Record<RefundStatus, string> = {
  Requested: 'bg-sky-100 text-sky-900 ring-sky-300',
  Pending: 'bg-amber-100 text-amber-900 ring-amber-300',
  Accepted: 'bg-indigo-100 text-indigo-900 ring-indigo-300',
  Refund: 'bg-emerald-100 text-emerald-900 ring-emerald-300',
  Rejected: 'bg-rose-100 text-rose-900 ring-rose-300',
};

function StatusBadge({ status, compact }: { status: RefundStatus; compact?: boolean }) {
  return (
    <span
      title={STATUS_DESCRIPTIONS[status]}
      data-status={status}
      className={`inline-flex items-center rounded-full px-2 text-xs font-medium ring-1 ring-inset ${compact ? 'leading-4' : 'py-0.5'} ${TONES[status]}`}
    >
      {status}
    </span>
  );
}

/** The status cell: badge, what was decided here (beside what TikTok says) or the sub-reason, and the flags that need a person. */
export function StatusCell(props: {
  status: RefundStatus;
  statusDetail: string | null;
  statusSource: StatusSource;
  needsReview: boolean;
  reviewNote: string | null;
  unmappedStatus: boolean;
  decisionKind: RefundDecisionKind | null;
  decisionBy: string | null;
  marketplaceStatus: string;
  claimPending?: boolean;
  /** One line per fact, cut with an ellipsis (the whole text in its title). */
  compact?: boolean;
}) {
  const decision = decisionSummary(props);
  const line = (text: string, tone: string) => (
    <p className={`${props.compact ? 'truncate text-[11px] leading-[14px]' : 'text-xs'} ${tone}`} title={text}>
      {text}
    </p>
  );
  return (
    <div className={props.compact ? 'leading-tight' : 'space-y-0.5 leading-tight'}>
      <div className={`flex items-center gap-1 ${props.compact ? 'flex-nowrap overflow-hidden' : 'flex-wrap'}`}>
        <StatusBadge status={props.status} compact={props.compact} />
        {props.statusSource !== 'Marketplace' ? (
          <span
            className="rounded bg-slate-200 px-1 text-[10px] font-semibold uppercase tracking-wide text-slate-700"
            title="Confirmed here by an operator, on what TikTok reports"
          >
            confirmed
          </span>
        ) : null}
        {props.needsReview ? (
          <span className="rounded bg-rose-600 px-1 text-[10px] font-semibold uppercase tracking-wide text-white" title={props.reviewNote ?? 'Needs review'}>
            needs review
          </span>
        ) : null}
        {props.unmappedStatus ? (
          <span
            className="rounded bg-amber-500 px-1 text-[10px] font-semibold uppercase tracking-wide text-white"
            title="TikTok sent a status with no mapping yet; shown as Pending"
          >
            unmapped status
          </span>
        ) : null}
      </div>
      {props.needsReview && props.reviewNote ? line(props.reviewNote, 'text-rose-800') : null}
      {!props.needsReview && decision ? line(decision, 'text-slate-700') : null}
      {!props.needsReview && !decision && props.statusDetail ? line(props.statusDetail, 'text-slate-600') : null}
    </div>
  );
}
