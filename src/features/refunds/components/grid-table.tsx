'use client';

import type { ReactTable } from '@tanstack/react-table';
import Link from 'next/link';
import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { GridAction } from '@/lib/refund-decisions';
import type { SortColumn } from '../columns';
import type { GridRow } from '../queries';
import type { Density, features } from './grid-columns';

/**
 * The grid's table, in a frame that scrolls both ways with its header row stuck to the top. The
 * selection box and the first data column stay pinned on the left, Refund Data and Actions on the
 * right, with opaque backgrounds and a shadow at their inner edge. Pinned offsets are measured (the
 * widths a browser gives are not always the declared ones: a fixed offset once slid Refund Data
 * 20 px over Updated At). The table is laid out fixed at the sum of its columns' widths, so a cell
 * is never squeezed: what does not fit is cut with an ellipsis (the whole text in its title) in the
 * compact density, or wrapped in the comfortable one.
 *
 * Keyboard, on a row: ↑/↓ or k/j move, Home/End, Enter opens Refund Data, Space or x selects,
 * c / r open Completed / Reject (the same confirmation as the buttons).
 */

interface GridTableProps {
  table: ReactTable<typeof features, GridRow>;
  rows: GridRow[];
  total: number;
  pending: boolean;
  canAct: boolean;
  hasAccounts: boolean;
  density: Density;
  onOpen: (row: GridRow) => void;
  onAction: (row: GridRow, action: GridAction) => void;
  onSort: (sort: SortColumn, dir: 'asc' | 'desc') => void;
  /** Changes whenever other rows are shown: keyboard focus goes back to the first row. */
  rowsKey: string;
}

const EDGE_LEFT = 'shadow-[4px_0_4px_-4px_rgba(15,23,42,0.3)]';
const EDGE_RIGHT = 'shadow-[-4px_0_4px_-4px_rgba(15,23,42,0.3)]';

/**
 * Where a pinned cell sticks. Classes only: the Content-Security-Policy refuses style attributes,
 * so the measured offsets reach CSS as variables set from script (--pin-select, --pin-actions).
 */
type Pin = { className: string; side: 'left' | 'right'; edge: boolean } | null;

export function GridTable({ table, rows, total, pending, canAct, hasAccounts, density, onOpen, onAction, onSort, rowsKey }: GridTableProps) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const [focus, setFocus] = useState({ key: rowsKey, index: 0 });
  const focusIndex = focus.key === rowsKey ? focus.index : 0;
  const setFocusIndex = (index: number) => setFocus({ key: rowsKey, index });

  const visible = table.getVisibleLeafColumns();
  const ids = visible.map((column) => column.id);
  const hasSelect = ids[0] === 'select';
  const firstData = hasSelect ? 1 : 0;
  const pinOf = (index: number): Pin => {
    if (hasSelect && index === 0) return { className: 'left-0', side: 'left', edge: false };
    if (index === firstData) return { className: hasSelect ? 'left-[var(--pin-select,2.25rem)]' : 'left-0', side: 'left', edge: true };
    if (index === ids.length - 1) return { className: 'right-0', side: 'right', edge: false };
    if (index === ids.length - 2) return { className: 'right-[var(--pin-actions,10.5rem)]', side: 'right', edge: true };
    return null;
  };
  const pinClass = (pin: Pin) => (pin ? `sticky z-[1] ${pin.className} ${pin.edge ? (pin.side === 'left' ? EDGE_LEFT : EDGE_RIGHT) : ''}` : '');

  useLayoutEffect(() => {
    const element = tableRef.current;
    const header = element?.querySelector('thead tr');
    if (!element || !header) return;
    const measure = () => {
      const cells = [...header.children] as HTMLElement[];
      const px = (cell: HTMLElement | undefined) => (cell ? cell.getBoundingClientRect().width : 0);
      const select = hasSelect ? px(cells[0]) : 0;
      element.style.setProperty('--pin-select', `${select}px`);
      element.style.setProperty('--pin-actions', `${px(cells.at(-1))}px`);
      // Keyboard focus and find scroll a cell clear of the pinned columns.
      const frame = element.parentElement!;
      frame.style.scrollPaddingLeft = `${select + px(cells[firstData])}px`;
      frame.style.scrollPaddingRight = `${px(cells.at(-1)) + px(cells.at(-2))}px`;
      frame.style.scrollPaddingTop = `${header.getBoundingClientRect().height}px`;
    };
    measure();
    const observer = new ResizeObserver(measure);
    for (const cell of header.children) observer.observe(cell);
    return () => observer.disconnect();
  }, [hasSelect, firstData, ids.length]);

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: GridRow) => {
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    const rowElements = bodyRef.current?.querySelectorAll<HTMLTableRowElement>('tr[data-row]');
    const move = (to: number) => {
      const target = rowElements?.[Math.max(0, Math.min(rowElements.length - 1, to))];
      if (target) {
        setFocusIndex(Number(target.dataset.row));
        target.focus();
      }
    };
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(index + 1),
      j: () => move(index + 1),
      ArrowUp: () => move(index - 1),
      k: () => move(index - 1),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => onOpen(row),
      ...(canAct
        ? {
            ' ': () => table.getRow(String(row.id)).toggleSelected(),
            x: () => table.getRow(String(row.id)).toggleSelected(),
            c: () => onAction(row, 'complete'),
            r: () => onAction(row, 'reject'),
          }
        : {}),
    };
    const handler = keys[event.key];
    if (!handler) return;
    event.preventDefault();
    handler();
  };

  const pad = density === 'compact' ? 'py-1' : 'py-2.5';
  return (
    <div
      id="refund-grid"
      className={`relative max-h-[calc(100vh-11rem)] min-h-64 overflow-auto rounded-lg border border-slate-200 bg-white transition-opacity ${pending ? 'opacity-60' : ''}`}
    >
      <table
        ref={tableRef}
        // Fixed layout with width 0: CSS makes a fixed table as wide as the greater of its width and
        // the sum of its columns' widths (CSS 2.1, 17.5.2.1), and at least the frame: a long value
        // never widens or squeezes a column.
        className="w-0 min-w-full table-fixed border-separate border-spacing-0 text-sm"
        aria-label="Refund requests"
        aria-busy={pending}
        aria-rowcount={total}
        data-density={density}
      >
        <thead className="text-left text-xs uppercase tracking-wide text-slate-600">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header, index) => {
                const meta = header.column.columnDef.meta;
                const sorted = header.column.getIsSorted();
                const pin = pinOf(index);
                return (
                  <th
                    key={header.id}
                    scope="col"
                    data-pin={pin?.side}
                    className={`${meta?.width ?? 'w-32'} sticky top-0 border-b border-slate-200 bg-slate-50 px-2 py-2 align-bottom font-medium ${pin ? `${pinClass(pin)} z-[3]` : 'z-[2]'} ${meta?.align === 'end' ? 'text-right' : ''}`}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : meta?.sortKey ? 'none' : undefined}
                  >
                    {meta?.sortKey ? (
                      <button
                        type="button"
                        className={`inline-flex items-center gap-1 text-left uppercase hover:text-slate-900 ${meta.align === 'end' ? 'flex-row-reverse' : ''}`}
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
        <tbody ref={bodyRef}>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={visible.length} className="px-3 py-10 text-center text-slate-600">
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
              className={`group/row align-top focus:outline-2 focus:-outline-offset-2 focus:outline-indigo-600 ${row.getIsSelected() ? 'bg-indigo-50' : row.original.needsReview ? 'bg-rose-50' : 'bg-white hover:bg-slate-50 focus:bg-indigo-50'}`}
            >
              {row.getVisibleCells().map((cell, cellIndex) => {
                const meta = cell.column.columnDef.meta;
                const pin = pinOf(cellIndex);
                return (
                  <td
                    key={cell.id}
                    data-pin={pin?.side}
                    className={`overflow-hidden border-b border-slate-100 bg-inherit px-2 ${pad} ${pinClass(pin)} ${meta?.align === 'end' ? 'text-right' : ''}`}
                  >
                    <table.FlexRender cell={cell} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
