'use client';

import { useEffect, useRef, useState } from 'react';

export interface LiveChanges {
  /** Refunds changed since the rows on screen were loaded (distinct where TikTok sent ids). */
  count: number;
  /** Of those, the ones on this page. */
  onPage: number;
  /** Row ids that changed, so an open Refund Data modal can reload itself. */
  ids: ReadonlySet<number>;
}

/**
 * What changed in refunds since these rows were loaded: the server's Server-Sent Events
 * (/api/events, fed by PostgreSQL NOTIFY, so changes made through any app process arrive within a
 * second). Starts over whenever `rowsKey` changes (new rows on screen). EventSource reconnects by
 * itself when the stream drops.
 */
export function useLiveChanges(rowIds: readonly number[], rowsKey: unknown): LiveChanges {
  const [state, setState] = useState<{ key: unknown; ids: Set<number>; untracked: number }>({ key: rowsKey, ids: new Set(), untracked: 0 });
  const current = state.key === rowsKey ? state : { key: rowsKey, ids: new Set<number>(), untracked: 0 };
  if (current !== state) setState(current);
  const keyRef = useRef(rowsKey);
  useEffect(() => {
    keyRef.current = rowsKey;
  }, [rowsKey]);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events');
    source.addEventListener('refunds', (event) => {
      let change: { count?: number; ids?: number[] };
      try {
        change = JSON.parse((event as MessageEvent<string>).data) as { count?: number; ids?: number[] };
      } catch {
        return;
      }
      const ids = Array.isArray(change.ids) ? change.ids : [];
      setState((previous) => {
        const base = previous.key === keyRef.current ? previous : { key: keyRef.current, ids: new Set<number>(), untracked: 0 };
        const next = new Set(base.ids);
        for (const id of ids) next.add(id);
        // A statement that touched more rows than the notice lists (a big sync batch) counts the rest too.
        return { key: base.key, ids: next, untracked: base.untracked + Math.max(0, (change.count ?? ids.length) - ids.length) };
      });
    });
    return () => source.close();
  }, []);

  const onPage = rowIds.filter((id) => current.ids.has(id)).length;
  return { count: current.ids.size + current.untracked, onPage, ids: current.ids };
}
