'use client';

import { useMemo, useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { inputClass } from '@/components/ui/field';
import { bulkDecideAction } from '../actions';
import type { AdminAction } from '../decisions';
import type { DecisionResult } from '../mutations';
import type { GridRow } from '../queries';
import { BULK_LIMIT } from '../labels';

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
  const [action, setAction] = useState<AdminAction | null>(null);
  // What the admin confirmed: kept while the grid refreshes underneath the results.
  const [snapshot, setSnapshot] = useState<{ count: number; refundIds: Map<number, string> } | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<DecisionResult[] | null>(null);
  const [pending, startTransition] = useTransition();
  const batchKey = useMemo(() => (action ? crypto.randomUUID() : ''), [action]);
  const liveCount = allMatching ? total : selected.length;
  if (liveCount === 0 && !action) return null;
  const count = snapshot?.count ?? liveCount;
  const refundIds = snapshot?.refundIds ?? new Map(selected.map((r) => [r.id, r.refundId]));
  const open = (next: AdminAction) => {
    setSnapshot({ count: liveCount, refundIds: new Map(selected.map((r) => [r.id, r.refundId])) });
    setAction(next);
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
              rows: selected.map((r) => ({ id: r.id, version: r.version, marketplaceStatus: r.marketplaceStatus, marketplaceUpdatedAt: r.updatedAt })),
            },
        note: note.trim() || undefined,
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
                  <span className="font-mono text-xs">{r.refundId ?? refundIds.get(r.id) ?? 'a refund that no longer exists'}</span>:{' '}
                  {r.ok ? (r.wroteBack ? 'done, sent to TikTok' : 'done') : r.message}
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
              Each refund is checked against TikTok first; any whose TikTok status moved, or that TikTok contradicts, is left alone and listed.
              {action === 'reject' ? ' Where TikTok waits for the seller and needs one of its own reject reasons, reject that refund on its own.' : ''}
            </p>
            <div>
              <label htmlFor="bulk-note" className="font-medium">
                {action === 'reject' ? 'Reason (required)' : 'Note (optional)'}
              </label>
              <textarea id="bulk-note" rows={3} maxLength={1000} className={inputClass} value={note} onChange={(e) => setNote(e.target.value)} />
            </div>
            {error ? <Alert tone="error">{error}</Alert> : null}
            <div className="flex justify-end gap-2">
              <Button onClick={close}>Cancel</Button>
              <Button variant={action === 'complete' ? 'primary' : 'danger'} disabled={pending || (action === 'reject' && !note.trim())} onClick={run}>
                {pending ? 'Working…' : action === 'complete' ? `Confirm: mark ${count} Completed` : `Confirm: reject ${count}`}
              </Button>
            </div>
          </div>
        )}
      </Dialog>
    </div>
  );
}
