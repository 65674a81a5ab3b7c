'use client';

import { useEffect, useMemo, useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { inputClass } from '@/components/ui/field';
import { formatDateTime, humanizeEnum } from '@/lib/format';
import { decideRefundAction, decisionContextAction } from '../actions';
import type { AdminAction } from '../decisions';
import type { DecisionContext } from '../mutations';
import type { GridRow } from '../queries';

const CALL_TEXT: Record<string, string> = {
  approveReturn: 'approve on TikTok',
  rejectReturn: 'reject on TikTok',
  approveCancellation: 'accept the cancellation on TikTok',
  rejectCancellation: 'reject the cancellation on TikTok',
};

/**
 * Completed / Reject for one refund. Shows what TikTok says now (re-fetched when the dialog opens),
 * refuses to go on when that moved since the grid was loaded, and reports exactly what happened.
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
  action: AdminAction;
  timeZone: string;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [context, setContext] = useState<DecisionContext | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<{ message: string; detail?: { marketplace?: { was: string; now: string; nowUpdatedAt: string } } } | null>(null);
  const [pending, startTransition] = useTransition();
  // One key per opened dialog: a double submit cannot act twice on TikTok.
  const idempotencyKey = useMemo(() => (row ? crypto.randomUUID() : ''), [row]);

  useEffect(() => {
    if (!row) return;
    decisionContextAction({ id: row.id, action })
      .then((result) => (result.ok ? setContext(result.data) : setLoadError(result.message)))
      .catch(() => setLoadError("TikTok's current status could not be loaded."));
  }, [row, action]);

  if (!row) return null;
  const label = action === 'complete' ? 'Mark Completed' : 'Reject';
  const tiktok = context?.tiktok;
  const moved = tiktok?.checked && (tiktok.status !== row.marketplaceStatus || tiktok.updatedAt !== row.updatedAt);
  const needsTikTokReason = action === 'reject' && context?.writeBack !== null && (context?.reasons.length ?? 0) > 0;
  const canConfirm = context && !context.refusal && !moved && (action === 'complete' || (needsTikTokReason ? reason !== '' : note.trim() !== ''));

  const submit = () =>
    startTransition(async () => {
      const response = await decideRefundAction({
        id: row.id,
        action,
        expected: { version: row.version, marketplaceStatus: row.marketplaceStatus, marketplaceUpdatedAt: row.updatedAt },
        note: note.trim() || undefined,
        rejectReason: needsTikTokReason ? reason : undefined,
        idempotencyKey,
      });
      if (response.ok) {
        onDone(`${row.refundId}: ${response.message ?? 'done'}`);
      } else {
        setResult({ message: response.message, detail: response.detail });
      }
    });

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
                ) : null}
              </>
            ) : null}
            {tiktok && !tiktok.checked ? <span className="text-amber-800">{tiktok.reason}</span> : null}
          </dd>
        </dl>
        {loadError ? <Alert tone="error">{loadError}</Alert> : null}
        {moved ? (
          <Alert tone="warning" title="TikTok changed this request since you loaded the grid">
            Reload the grid and check its new status before deciding. Nothing was done.
          </Alert>
        ) : null}
        {context?.refusal ? <Alert tone="error">{context.refusal.message}</Alert> : null}
        {context && !context.refusal && !moved ? (
          <p className="text-slate-700">
            {context.writeBack ? (
              <>
                This will <strong>{CALL_TEXT[context.writeBack.call]}</strong>
                {context.writeBack.decision ? ` (${humanizeEnum(context.writeBack.decision)})` : ''} and then mark the refund{' '}
                <strong>{action === 'complete' ? 'Completed (Refund)' : 'Rejected'}</strong> here.
              </>
            ) : (
              <>
                This marks the refund <strong>{action === 'complete' ? 'Completed (Refund)' : 'Rejected'}</strong> here only; nothing is sent to TikTok
                {tiktok?.checked && !tiktok.waitingFor ? ' (TikTok is not waiting for the seller)' : ''}.
              </>
            )}
          </p>
        ) : null}
        {needsTikTokReason ? (
          <div>
            <label htmlFor="reject-reason" className="font-medium">
              TikTok reject reason
            </label>
            <select id="reject-reason" className={inputClass} value={reason} onChange={(e) => setReason(e.target.value)}>
              <option value="">Choose a reason…</option>
              {context!.reasons.map((r) => (
                <option key={r.name} value={r.name}>
                  {r.text}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div>
          <label htmlFor="decision-note" className="font-medium">
            {action === 'reject' && !needsTikTokReason ? 'Reason (required)' : 'Note (optional)'}
          </label>
          <textarea id="decision-note" rows={3} maxLength={1000} className={inputClass} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
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
          <Button onClick={onClose}>Cancel</Button>
          <Button variant={action === 'complete' ? 'primary' : 'danger'} disabled={!canConfirm || pending} onClick={submit}>
            {pending ? 'Working…' : `Confirm: ${label}`}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
