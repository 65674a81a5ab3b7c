'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import Link from 'next/link';
import type { RunSummary } from '@/server/sync/run-summary';
import { startSyncAction, syncProgressAction } from '../actions';
import { runTotalsText } from '../run-text';

const OUTCOME_TEXT = { Running: 'Syncing…', Succeeded: 'Sync finished', PartiallyFailed: 'Sync finished with errors', Failed: 'Sync failed' } as const;

/**
 * The Sync Refunds button and its live panel: starts (or joins) a run, polls its progress every
 * second, and refreshes the grid when it ends. When another run already syncs some of the
 * accounts, the message under the button names them and the run that has them.
 */
export function SyncButton({ accountIds, canSync, runningRunId }: { accountIds: number[]; canSync: boolean; runningRunId: number | null }) {
  const router = useRouter();
  const [runId, setRunId] = useState<number | null>(runningRunId);
  const [run, setRun] = useState<RunSummary | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [starting, startTransition] = useTransition();

  useEffect(() => {
    if (runId === null) return;
    let stopped = false;
    const poll = async () => {
      const result = await syncProgressAction({ runId });
      if (!result.ok || stopped) return;
      const next = result.data;
      setRun(next);
      if (next.outcome === 'Running') {
        setTimeout(() => void poll(), 1000);
      } else {
        router.refresh();
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [runId, router]);

  const start = () =>
    startTransition(async () => {
      setMessage(null);
      const result = await startSyncAction({ accountIds });
      if (!result.ok) {
        setMessage(result.message);
        return;
      }
      setRun(null);
      setRunId(result.data.runId);
      // Joined, or started beside a run that covers some of the accounts: say which run covers what.
      if (result.message && (result.data.joined || result.data.alongside.length)) setMessage(result.message);
    });

  const busy = starting || run?.outcome === 'Running';
  return (
    <div className="relative">
      {canSync ? (
        <Button variant="primary" onClick={start} disabled={busy} aria-describedby={run ? 'sync-progress' : undefined}>
          {busy ? 'Syncing…' : accountIds.length ? `Sync Refunds (${accountIds.length} account${accountIds.length > 1 ? 's' : ''})` : 'Sync Refunds'}
        </Button>
      ) : null}
      {message ? (
        <p role="status" className="mt-1 text-xs text-slate-600">
          {message}
        </p>
      ) : null}
      {run ? (
        <section
          id="sync-progress"
          aria-live="polite"
          aria-label="Sync progress"
          className="absolute right-0 z-20 mt-2 w-[28rem] rounded-lg border border-slate-200 bg-white p-3 text-xs shadow-lg"
        >
          <p className="mb-1 text-sm font-medium">
            {OUTCOME_TEXT[run.outcome]} <span className="text-slate-500">(run {run.id})</span>
          </p>
          <p className="mb-2 text-slate-700">{runTotalsText(run.totals)}</p>
          <ul className="space-y-1">
            {run.accounts.map((a) => (
              <li key={a.accountId} className={a.outcome === 'Failed' || a.outcome === 'PartiallyFailed' ? 'text-rose-700' : 'text-slate-700'}>
                <span className="font-medium">{a.account.name}</span>: {a.outcome === 'Running' ? (a.startedAt ? 'syncing' : 'queued') : a.outcome} ·{' '}
                {a.created} new · {a.updated} updated
                {a.error ? <span className="block">{a.error}</span> : null}
              </li>
            ))}
          </ul>
          {/* A run over many shops names those that need attention first; the rest are on its page. */}
          {run.totals.accounts > run.accounts.length ? (
            <Link href={`/sync-runs/${run.id}`} className="mt-1 inline-block text-indigo-700 underline">
              and {run.totals.accounts - run.accounts.length} more: all {run.totals.accounts} accounts of run {run.id}
            </Link>
          ) : null}
          {run.error ? <p className="mt-1 text-rose-700">{run.error}</p> : null}
          {run.outcome !== 'Running' ? (
            <button type="button" className="mt-2 text-indigo-700 underline" onClick={() => setRun(null)}>
              Close
            </button>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
