'use client';

import { useEffect, useRef, useState } from 'react';

export interface LiveChanges {
  /** Refunds changed since the rows on screen were loaded (distinct where the notice listed ids). */
  count: number;
  /** Of those, the ones on this page. */
  onPage: number;
  /** How many notices have named this refund since the grid mounted (an open Refund Data modal reloads when it grows). */
  changesOf: (id: number | null) => number;
}

interface Seen {
  /** The rows these counts are relative to. */
  key: unknown;
  ids: Set<number>;
  /** Rows a big statement changed beyond the ids its notice could list. */
  untracked: number;
  /** Per refund, since mount (never reset: the modal compares it with what it last loaded). */
  perId: Map<number, number>;
}

/**
 * What changed in refunds since these rows were loaded: the server's Server-Sent Events
 * (/api/events, fed by PostgreSQL NOTIFY, so changes made through any app process arrive within a
 * second). The counts start over whenever `rowsKey` changes (new rows on screen). EventSource
 * reconnects by itself when the stream drops.
 */
export function useLiveChanges(rowIds: readonly number[], rowsKey: unknown): LiveChanges {
  const [seen, setSeen] = useState<Seen>({ key: rowsKey, ids: new Set(), untracked: 0, perId: new Map() });
  const current = seen.key === rowsKey ? seen : { ...seen, key: rowsKey, ids: new Set<number>(), untracked: 0 };
  if (current !== seen) setSeen(current);
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
      const ids = Array.isArray(change.ids) ? change.ids.filter((id) => Number.isInteger(id)) : [];
      setSeen((previous) => {
        const base = previous.key === keyRef.current ? previous : { ...previous, key: keyRef.current, ids: new Set<number>(), untracked: 0 };
        const next = new Set(base.ids);
        const perId = new Map(base.perId);
        for (const id of ids) {
          next.add(id);
          perId.set(id, (perId.get(id) ?? 0) + 1);
        }
        // A statement that touched more rows than the notice lists (a big sync batch) counts the rest too.
        return { ...base, ids: next, perId, untracked: base.untracked + Math.max(0, (change.count ?? ids.length) - ids.length) };
      });
    });
    return () => source.close();
  }, []);

  const onPage = rowIds.filter((id) => current.ids.has(id)).length;
  return { count: current.ids.size + current.untracked, onPage, changesOf: (id) => (id === null ? 0 : (current.perId.get(id) ?? 0)) };
}
