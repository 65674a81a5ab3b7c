'use client';

import { useMemo, useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { inputClass } from '@/components/ui/field';
import { bulkDecideAction, bulkRejectReasonsAction } from '../actions';
import type { GridAction } from '@/lib/refund-decisions';
import type { BulkReason } from '../bulk-reasons';
import type { DecisionResult } from '../decide';
import type { GridRow } from '../queries';
import { BULK_LIMIT } from '../labels';
import { selectionTotals } from '../selection-totals';
import { CurrencyTotals } from './money-totals';

interface Props {
  selected: GridRow[];
  allMatching: boolean;
  total: number;
  query: string;
  onSelectAllMatching: (on: boolean) => void;
  onClear: () => void;
  onDone: () => void;
}

/**
 * Bulk Completed / Reject: the selected rows, or every row matching the filter (named by its count
 * in the confirmation). Each row goes through every single-row guard; the result lists each outcome.
 */
export function BulkBar({ selected, allMatching, total, query, onSelectAllMatching, onClear, onDone }: Props) {
  const [action, setAction] = useState<GridAction | null>(null);
  // What the admin confirmed: kept while the grid refreshes underneath the results.
  const [snapshot, setSnapshot] = useState<{ count: number; refundIds: Map<number, string> } | null>(null);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [reasons, setReasons] = useState<{ list: BulkReason[]; waiting: number; unavailable: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<DecisionResult[] | null>(null);
  const [pending, startTransition] = useTransition();
  const batchKey = useMemo(() => (action ? crypto.randomUUID() : ''), [action]);
  const liveCount = allMatching ? total : selected.length;
  if (liveCount === 0 && !action) return null;
  const count = snapshot?.count ?? liveCount;
  const refundIds = snapshot?.refundIds ?? new Map(selected.map((r) => [r.id, r.refundId]));
  const open = (next: GridAction) => {
    setSnapshot({ count: liveCount, refundIds: new Map(selected.map((r) => [r.id, r.refundId])) });
    setAction(next);
    setReasons(null);
    if (next === 'reject' && selected.length) {
      // TikTok's own reasons for the steps these rows wait on; one goes to the whole batch.
      void bulkRejectReasonsAction({ ids: selected.slice(0, BULK_LIMIT).map((r) => r.id) }).then((loaded) =>
        setReasons(
          loaded.ok
            ? { list: loaded.data.reasons, waiting: loaded.data.waiting, unavailable: loaded.data.unavailable }
            : { list: [], waiting: 0, unavailable: true },
        ),
      );
    }
  };

  const run = () =>
    startTransition(async () => {
      setError(null);
      const response = await bulkDecideAction({
        action: action!,
        target: allMatching
          ? { kind: 'query', query, expectedCount: total }
          : {
              kind: 'rows',
              rows: selected.map((r) => ({ id: r.id, marketplaceStatus: r.marketplaceStatus, marketplaceUpdatedAt: r.updatedAt, decisionAt: r.decisionAt })),
            },
        note: note.trim() || undefined,
        rejectReason: action === 'reject' && reason ? reason : undefined,
        batchKey,
      });
      if (!response.ok) {
        setError(response.message);
        return;
      }
      setResults(response.data.results);
      onDone();
    });

  const close = () => {
    setAction(null);
    setSnapshot(null);
    setResults(null);
    setNote('');
    setReason('');
    setReasons(null);
    setError(null);
  };
  const succeeded = results?.filter((r) => r.ok).length ?? 0;
  return (
    <div
      role="region"
      aria-label="Bulk actions"
      className="flex flex-wrap items-center gap-2 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm"
    >
      <span className="font-medium">{allMatching ? `All ${total.toLocaleString('en-US')} refunds matching the filter` : `${selected.length} selected`}</span>
      {!allMatching ? <CurrencyTotals totals={selectionTotals(selected)} label="Selected" /> : null}
      {!allMatching && total > selected.length ? (
        total <= BULK_LIMIT ? (
          <button type="button" className="text-indigo-700 underline" onClick={() => onSelectAllMatching(true)}>
            Select all {total.toLocaleString('en-US')} matching the filter
          </button>
        ) : (
          <span className="text-xs text-slate-600">(bulk actions take up to {BULK_LIMIT} refunds; narrow the filter for more)</span>
        )
      ) : null}
      <span className="ml-auto flex gap-2">
        <Button size="sm" variant="primary" onClick={() => open('complete')}>
          Mark Completed
        </Button>
        <Button size="sm" variant="danger" onClick={() => open('reject')}>
          Reject
        </Button>
        <Button size="sm" onClick={onClear}>
          Clear selection
        </Button>
      </span>
      <Dialog open={action !== null} onClose={close} title={action === 'complete' ? `Mark ${count} refunds Completed?` : `Reject ${count} refunds?`}>
        {results ? (
          <div className="space-y-2 text-sm">
            <Alert tone={succeeded === results.length ? 'success' : 'warning'}>
              {succeeded} of {results.length} done{succeeded < results.length ? '; the others were left as they were:' : '.'}
            </Alert>
            <ul aria-label="Outcome per refund" className="max-h-72 space-y-0.5 overflow-y-auto">
              {results.map((r) => (
                <li key={r.id} className={r.ok ? 'text-emerald-800' : 'text-rose-800'}>
                  <span className="font-mono text-xs">{r.refundId ?? refundIds.get(r.id) ?? 'a refund that no longer exists'}</span>: {r.message}
                </li>
              ))}
            </ul>
            <div className="flex justify-end">
              <Button
                onClick={() => {
                  close();
                  onClear();
                }}
              >
                Close
              </Button>
            </div>
          </div>
        ) : (
          <div className="space-y-3 text-sm">
            <p>
              Each refund is checked against TikTok first and decided on its own, by the same rules as one: where TikTok waits for the seller (and the shop
              writes back) the decision goes to TikTok; where TikTok already{' '}
              {action === 'complete' ? 'approved or paid the refund' : 'rejected or closed the request'} it is recorded here; anything else is left as it is and
              listed with the reason.
            </p>
            {action === 'reject' ? (
              <div>
                <label htmlFor="bulk-reason" className="font-medium">
                  TikTok reject reason {reasons ? `(for the ${reasons.waiting} row${reasons.waiting === 1 ? '' : 's'} TikTok waits on)` : ''}
                </label>
                <select id="bulk-reason" className={inputClass} value={reason} onChange={(e) => setReason(e.target.value)} disabled={!reasons}>
                  <option value="">
                    {reasons ? (reasons.list.length ? "Choose one of TikTok's reasons…" : 'No row here needs one') : "Loading TikTok's reasons…"}
                  </option>
                  {reasons?.list.map((r) => (
                    <option key={r.name} value={r.name}>
                      {r.text}
                    </option>
                  ))}
                </select>
                <p className="text-xs text-slate-600">
                  One reason for the batch. A row TikTok does not offer it for is left as it is and listed.
                  {reasons?.unavailable ? " Some of TikTok's reasons could not be loaded; those rows will say so." : ''}
                </p>
              </div>
            ) : null}
            <div>
              <label htmlFor="bulk-note" className="font-medium">
                {action === 'reject' ? 'Comment to the buyer (optional)' : 'Note (optional)'}
              </label>
              <textarea id="bulk-note" rows={3} maxLength={1000} className={inputClass} value={note} onChange={(e) => setNote(e.target.value)} />
            </div>
            {error ? <Alert tone="error">{error}</Alert> : null}
            <div className="flex justify-end gap-2">
              <Button onClick={close}>Cancel</Button>
              <Button
                variant={action === 'complete' ? 'primary' : 'danger'}
                disabled={pending || (action === 'reject' && Boolean(reasons?.list.length) && !reason)}
                onClick={run}
              >
                {pending ? 'Working…' : action === 'complete' ? `Confirm: mark ${count} Completed` : `Confirm: reject ${count}`}
              </Button>
            </div>
          </div>
        )}
      </Dialog>
    </div>
  );
}
