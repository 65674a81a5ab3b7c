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

function StatusBadge({ status }: { status: RefundStatus }) {
  return (
    <span
      title={STATUS_DESCRIPTIONS[status]}
      data-status={status}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[status]}`}
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
}) {
  const decision = decisionSummary(props);
  return (
    <div className="space-y-0.5">
      <div className="flex flex-wrap items-center gap-1">
        <StatusBadge status={props.status} />
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
      {props.needsReview && props.reviewNote ? <p className="text-xs text-rose-800">{props.reviewNote}</p> : null}
      {!props.needsReview && decision ? <p className="text-xs text-slate-700">{decision}</p> : null}
      {!props.needsReview && !decision && props.statusDetail ? <p className="text-xs text-slate-600">{props.statusDetail}</p> : null}
    </div>
  );
}
