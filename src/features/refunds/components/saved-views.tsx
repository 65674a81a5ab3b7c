'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { deleteViewAction, saveViewAction } from '../actions';
import type { GridColumns } from '../schemas';

export interface ViewSummary {
  id: number;
  name: string;
  query: string;
  shared: boolean;
  ownerId: string;
  ownerName: string;
  columns: unknown;
}

/** Named views (filters + sort + columns), private or shared with the team. */
export function SavedViews({
  views,
  currentView,
  currentQuery,
  columns,
  userId,
  isAdmin,
  canShare,
  onApplyColumns,
}: {
  views: ViewSummary[];
  currentView: number | null;
  currentQuery: string;
  columns: GridColumns;
  userId: string;
  isAdmin: boolean;
  /** Operators and admins: a view shared with the team shows on everyone's grid. */
  canShare: boolean;
  onApplyColumns: (columns: GridColumns) => void;
}) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const selected = views.find((v) => v.id === currentView) ?? null;

  const open = (id: number) => {
    const view = views.find((v) => v.id === id);
    if (!view) return;
    const saved = view.columns as GridColumns | null;
    if (saved?.order) onApplyColumns(saved);
    router.push(`/refunds?${view.query}${view.query ? '&' : ''}view=${view.id}`);
  };

  return (
    <details className="relative">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
        {selected ? `View: ${selected.name}` : 'Saved views'}
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-80 space-y-3 rounded-lg border border-slate-200 bg-white p-3 shadow-lg">
        {views.length ? (
          <ul aria-label="Saved views" className="space-y-1">
            {views.map((view) => (
              <li key={view.id} className="flex items-center justify-between gap-2">
                <button type="button" className="truncate text-left text-sm text-indigo-700 hover:underline" onClick={() => open(view.id)}>
                  {view.name}
                  <span className="ml-1 text-xs text-slate-500">
                    {view.shared ? `shared by ${view.ownerId === userId ? 'you' : view.ownerName}` : 'private'}
                  </span>
                </button>
                {view.ownerId === userId || isAdmin ? (
                  <button
                    type="button"
                    className="text-xs text-rose-700 hover:underline"
                    aria-label={`Delete view ${view.name}`}
                    onClick={() =>
                      startTransition(async () => {
                        const result = await deleteViewAction({ id: view.id });
                        setMessage(result.ok ? { tone: 'ok', text: 'View deleted.' } : { tone: 'error', text: result.message });
                        router.refresh();
                      })
                    }
                  >
                    delete
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No saved views yet.</p>
        )}
        <form
          aria-label="Save the current view"
          className="space-y-2 border-t border-slate-200 pt-2"
          onSubmit={(event) => {
            event.preventDefault();
            startTransition(async () => {
              const result = await saveViewAction({ name, query: currentQuery, columns, shared: canShare && shared });
              if (result.ok) {
                setMessage({ tone: 'ok', text: `Saved “${name}”.` });
                setName('');
                router.refresh();
              } else {
                setMessage({ tone: 'error', text: result.message });
              }
            });
          }}
        >
          <label htmlFor="view-name" className="text-sm font-medium">
            Save current filters, sort and columns as
          </label>
          <input
            id="view-name"
            className={inputClass}
            value={name}
            maxLength={60}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Pending over 100 USD"
          />
          {canShare ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> Share with the team
            </label>
          ) : null}
          <Button type="submit" size="sm" variant="primary" disabled={pending || !name.trim()}>
            Save view
          </Button>
        </form>
        {message ? (
          <p role={message.tone === 'error' ? 'alert' : 'status'} className={`text-xs ${message.tone === 'error' ? 'text-rose-700' : 'text-emerald-700'}`}>
            {message.text}
          </p>
        ) : null}
      </div>
    </details>
  );
}
