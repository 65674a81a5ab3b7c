'use client';

import type { ReactTable } from '@tanstack/react-table';
import Link from 'next/link';
import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { GridRow } from '../queries';
import type { SortColumn } from '../columns';
import type { features } from './grid-columns';

/**
 * The grid's table: sortable headers, rows navigable by keyboard (arrows, Home/End, Enter opens the
 * Refund Data, Space selects), and the last two columns (Refund Data, Actions) pinned to the right
 * when the table scrolls sideways. The pinned offset is the Actions column's measured width, not
 * its declared one: the browser narrows columns to fit, and a fixed offset then slid Refund Data
 * over Updated At by 20 px at 1600 px.
 */

const STICKY = 'sticky bg-inherit [&:nth-last-child(2)]:right-[var(--pinned-actions,11rem)] last:right-0';

interface GridTableProps {
  table: ReactTable<typeof features, GridRow>;
  rows: GridRow[];
  total: number;
  pending: boolean;
  canAct: boolean;
  hasAccounts: boolean;
  onOpen: (row: GridRow) => void;
  onSort: (sort: SortColumn, dir: 'asc' | 'desc') => void;
  /** Changes whenever other rows are shown: keyboard focus goes back to the first row. */
  rowsKey: string;
}

export function GridTable({ table, rows, total, pending, canAct, hasAccounts, onOpen, onSort, rowsKey }: GridTableProps) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const [focus, setFocus] = useState({ key: rowsKey, index: 0 });
  const focusIndex = focus.key === rowsKey ? focus.index : 0;
  const setFocusIndex = (index: number) => setFocus({ key: rowsKey, index });

  useLayoutEffect(() => {
    const element = tableRef.current;
    const actions = element?.querySelector('thead th:last-child');
    if (!element || !actions) return;
    const measure = () => element.style.setProperty('--pinned-actions', `${actions.getBoundingClientRect().width}px`);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(actions);
    return () => observer.disconnect();
  }, []);

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: GridRow) => {
    const rowElements = bodyRef.current?.querySelectorAll<HTMLTableRowElement>('tr[data-row]');
    const move = (to: number) => {
      const target = rowElements?.[Math.max(0, Math.min(rowElements.length - 1, to))];
      if (target) {
        setFocusIndex(Number(target.dataset.row));
        target.focus();
      }
    };
    if (event.target !== event.currentTarget) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(index + 1),
      ArrowUp: () => move(index - 1),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => onOpen(row),
      ...(canAct ? { ' ': () => table.getRow(String(row.id)).toggleSelected() } : {}),
    };
    const handler = keys[event.key];
    if (!handler) return;
    event.preventDefault();
    handler();
  };

  const columnCount = table.getVisibleLeafColumns().length;
  return (
    <div
      // Scrolling a cell into view (keyboard focus, find) keeps it clear of the pinned Refund Data and Actions columns (4rem + 11rem).
      className={`scroll-pr-[15rem] overflow-x-auto rounded-lg border border-slate-200 bg-white transition-opacity ${pending ? 'opacity-60' : ''}`}
    >
      <table ref={tableRef} className="min-w-full table-fixed text-sm" aria-label="Refund requests" aria-busy={pending} aria-rowcount={total}>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600 [&_tr]:bg-slate-50">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta;
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={`${meta?.width ?? ''} px-2 py-2 font-medium ${meta?.align === 'end' ? 'text-right' : ''} ${meta?.sticky ? STICKY : ''}`}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : meta?.sortKey ? 'none' : undefined}
                  >
                    {meta?.sortKey ? (
                      <button
                        type="button"
                        className="inline-flex items-center gap-1 uppercase hover:text-slate-900"
                        onClick={() => onSort(meta.sortKey!, sorted === 'desc' ? 'asc' : 'desc')}
                        aria-label={`Sort by ${meta.label}${sorted === 'desc' ? ', ascending' : ', descending'}`}
                      >
                        <table.FlexRender header={header} />
                        <span aria-hidden="true">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}</span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody ref={bodyRef} className="divide-y divide-slate-100">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columnCount} className="px-3 py-10 text-center text-slate-600">
                {hasAccounts ? (
                  'No refunds match these filters.'
                ) : (
                  <>
                    No shop is connected yet.{' '}
                    <Link className="text-indigo-700 underline" href="/accounts">
                      Add a TikTok shop
                    </Link>
                    , then Sync Refunds.
                  </>
                )}
              </td>
            </tr>
          ) : null}
          {table.getRowModel().rows.map((row, index) => (
            <tr
              key={row.id}
              data-row={index}
              data-refund-id={row.original.refundId}
              tabIndex={index === focusIndex ? 0 : -1}
              aria-selected={canAct ? row.getIsSelected() : undefined}
              onKeyDown={(event) => onRowKey(event, index, row.original)}
              onFocus={() => setFocusIndex(index)}
              className={`align-top hover:bg-slate-50 focus:bg-indigo-50 focus:outline-2 focus:outline-indigo-600 ${row.getIsSelected() ? 'bg-indigo-50' : row.original.needsReview ? 'bg-rose-50' : 'bg-white'}`}
            >
              {row.getVisibleCells().map((cell) => (
                <td
                  key={cell.id}
                  className={`px-2 py-2 ${cell.column.columnDef.meta?.align === 'end' ? 'text-right' : ''} ${cell.column.columnDef.meta?.sticky ? STICKY : ''}`}
                >
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
