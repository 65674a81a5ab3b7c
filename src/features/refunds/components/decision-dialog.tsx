'use client';

import { useEffect, useMemo, useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { inputClass } from '@/components/ui/field';
import { formatDateTime, humanizeEnum } from '@/lib/format';
import type { DecisionPlan, GridAction } from '@/lib/refund-decisions';
import { decideRefundAction, decisionContextAction } from '../actions';
import type { DecisionContext } from '../decision-context';
import type { GridRow } from '../queries';
import { offerReady, PartialOffer, type OfferState } from './partial-offer';

/** What Confirm will do, in the operator's words, for each kind of plan (the server runs the same plan). */
function planText(plan: DecisionPlan, context: DecisionContext): string {
  if (plan.kind === 'refuse') return plan.message;
  if (plan.kind === 'confirm') {
    return plan.decision === 'ConfirmedRefund'
      ? 'TikTok reports this refund approved or paid. Confirm records it as Refund in your books here; nothing is sent to TikTok.'
      : 'TikTok reports this request rejected or closed. Confirm records the rejection here; nothing is sent to TikTok.';
  }
  if (plan.decision === 'PartialOffered')
    return 'Confirm offers the buyer this partial refund on TikTok instead of the full amount. TikTok then waits for the buyer to accept or decline; the row shows its answer, and Refund only once TikTok pays.';
  const what = context.call?.decision
    ? humanizeEnum(context.call.decision).toLowerCase()
    : context.kind === 'Cancellation'
      ? 'the cancellation'
      : 'the request';
  return plan.decision === 'Approved'
    ? `Confirm sends “${what}” to TikTok. The row then shows what TikTok says next, and shows Refund only once TikTok reports the refund paid.`
    : `Confirm rejects ${context.kind === 'Cancellation' ? 'the cancellation' : 'the request'} on TikTok with the reason below. The row then shows TikTok's answer.`;
}

const SEND_LABELS = { Approved: 'Confirm: approve on TikTok', Rejected: 'Confirm: reject on TikTok', PartialOffered: 'Confirm: offer on TikTok' } as const;

function confirmLabel(plan: DecisionPlan | undefined, action: GridAction): string {
  if (plan?.kind === 'send') return SEND_LABELS[plan.decision];
  if (plan?.kind === 'confirm') return plan.decision === 'ConfirmedRefund' ? 'Confirm: record Refund' : 'Confirm: record rejection';
  return action === 'complete' ? 'Confirm: Completed' : 'Confirm: Reject';
}

/**
 * Completed / Reject for one refund. Shows what TikTok says now (re-read when the dialog opens),
 * exactly what Confirm will do there (the decision table's cell, the same one the server applies),
 * refuses to go on when TikTok moved since the grid was loaded, and reports what happened.
 * Its state starts empty for each row and action: the grid keys it by both, so another one remounts it.
 */
export function DecisionDialog({
  row,
  action,
  timeZone,
  onClose,
  onDone,
}: {
  row: GridRow | null;
  action: GridAction;
  timeZone: string;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [context, setContext] = useState<DecisionContext | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [offer, setOffer] = useState<OfferState>({ on: false, amount: '' });
  const [result, setResult] = useState<{ message: string; detail?: { marketplace?: { was: string; now: string; nowUpdatedAt: string } } } | null>(null);
  const [pending, startTransition] = useTransition();
  // One key per opened dialog: a double submit cannot act twice on TikTok.
  const idempotencyKey = useMemo(() => (row ? crypto.randomUUID() : ''), [row]);

  useEffect(() => {
    if (!row) return;
    decisionContextAction({ id: row.id, action })
      .then((loaded) => (loaded.ok ? setContext(loaded.data) : setLoadError(loaded.message)))
      .catch(() => setLoadError("TikTok's current status could not be loaded. Nothing was done."));
  }, [row, action]);

  if (!row) return null;
  const label = action === 'complete' ? 'Mark Completed' : 'Reject';
  const tiktok = context?.tiktok;
  // Only a change of TikTok's status since the grid was loaded matters, not a newer update time.
  const moved = tiktok?.checked === true && tiktok.status !== row.marketplaceStatus;
  const partial = action === 'complete' && context?.partialPossible === true && context.total !== null && offer.on;
  const plan: DecisionPlan | undefined = partial ? { kind: 'send', decision: 'PartialOffered' } : context?.plan;
  const needsReason = plan?.kind === 'send' && plan.decision === 'Rejected';
  const canConfirm = Boolean(context) && plan?.kind !== 'refuse' && !moved && (!needsReason || reason !== '') && (!partial || offerReady(offer, context.total));

  const submit = () => {
    startTransition(async () => {
      const response = await decideRefundAction({
        id: row.id,
        action: partial ? 'partial' : action,
        partialAmount: partial ? offer.amount.trim() : undefined,
        expected: { marketplaceStatus: row.marketplaceStatus, marketplaceUpdatedAt: row.updatedAt, decisionAt: row.decisionAt },
        note: note.trim() || undefined,
        rejectReason: needsReason ? reason : undefined,
        idempotencyKey,
      });
      if (response.ok) onDone(`${row.refundId}: ${response.data.message}`);
      else setResult({ message: response.message, detail: response.detail });
    });
  };

  return (
    <Dialog open onClose={onClose} title={`${label} · refund ${row.refundId}`}>
      <div className="space-y-3 text-sm">
        <dl className="grid grid-cols-[11rem_1fr] gap-1">
          <dt className="text-slate-500">Grid showed</dt>
          <dd>
            {humanizeEnum(row.marketplaceStatus)} <span className="text-xs text-slate-500">(updated {formatDateTime(row.updatedAt, timeZone)})</span>
          </dd>
          <dt className="text-slate-500">TikTok says now</dt>
          <dd data-testid="tiktok-now">
            {!context && !loadError ? 'checking TikTok…' : null}
            {tiktok?.checked ? (
              <>
                {humanizeEnum(tiktok.status)} <span className="text-xs text-slate-500">(updated {formatDateTime(tiktok.updatedAt, timeZone)})</span>
                {tiktok.waitingFor ? (
                  <span className="block text-xs">
                    waits for: {humanizeEnum(tiktok.waitingFor)}
                    {tiktok.deadline ? ` until ${formatDateTime(tiktok.deadline, timeZone)}` : ''}
                  </span>
                ) : (
                  <span className="block text-xs">TikTok is not waiting for the seller</span>
                )}
              </>
            ) : null}
            {tiktok && !tiktok.checked ? <span className="text-amber-800">TikTok could not be checked</span> : null}
          </dd>
        </dl>
        {loadError ? <Alert tone="error">{loadError}</Alert> : null}
        {moved ? (
          <Alert tone="warning" title="TikTok changed this request since you loaded the grid">
            TikTok's status changed from {humanizeEnum(row.marketplaceStatus)} to {humanizeEnum(tiktok.status)} at {formatDateTime(tiktok.updatedAt, timeZone)}.
            Reload the grid and check its new status before deciding. Nothing was done.
          </Alert>
        ) : null}
        {context && plan && !moved ? (
          plan.kind === 'refuse' ? (
            <Alert tone="error" title={plan.code === 'TIKTOK_UNAVAILABLE' ? 'TikTok could not be checked' : 'Nothing to do here'}>
              {plan.message}
            </Alert>
          ) : (
            <p className="text-slate-700" data-testid="decision-plan">
              {planText(plan, context)}
            </p>
          )
        ) : null}
        {context?.partialPossible && context.total && action === 'complete' && !moved ? (
          <PartialOffer total={context.total} state={offer} onChange={setOffer} />
        ) : null}
        {needsReason && context ? (
          <div>
            <label htmlFor="reject-reason" className="font-medium">
              TikTok reject reason
            </label>
            <select id="reject-reason" className={inputClass} value={reason} onChange={(e) => setReason(e.target.value)}>
              <option value="">Choose one of TikTok's reasons…</option>
              {context.reasons.map((r) => (
                <option key={r.name} value={r.name}>
                  {r.text}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {plan && plan.kind !== 'refuse' && !moved ? (
          <div>
            <label htmlFor="decision-note" className="font-medium">
              {needsReason ? 'Comment to the buyer (optional, sent with the rejection)' : 'Note (optional, kept in the history)'}
            </label>
            <textarea id="decision-note" rows={3} maxLength={1000} className={inputClass} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
        ) : null}
        {result ? (
          <Alert tone="error" title={result.message}>
            {result.detail?.marketplace ? (
              <span>
                TikTok status was {humanizeEnum(result.detail.marketplace.was)}, now {humanizeEnum(result.detail.marketplace.now)} (updated{' '}
                {formatDateTime(result.detail.marketplace.nowUpdatedAt, timeZone)}).
              </span>
            ) : null}
          </Alert>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>{plan?.kind === 'refuse' || moved ? 'Close' : 'Cancel'}</Button>
          {plan?.kind === 'refuse' || moved ? null : (
            <Button variant={action === 'complete' ? 'primary' : 'danger'} disabled={!canConfirm || pending} onClick={submit}>
              {pending ? 'Working…' : confirmLabel(plan, action)}
            </Button>
          )}
        </div>
      </div>
    </Dialog>
  );
}
