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

/**
 * Where a cell is pinned: its side, and whether it is the inner edge (shadowed, offset by the
 * measured width of the pinned cell beside it). The look is in globals.css (`.refund-grid`), keyed
 * by these attributes: the Content-Security-Policy refuses style attributes, and per-cell class
 * strings made 147 KB of a 50-row page's 246 KB of HTML.
 */
type Pin = { side: 'left' | 'right'; edge: boolean } | null;

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
    if (hasSelect && index === 0) return { side: 'left', edge: false };
    if (index === firstData) return { side: 'left', edge: true };
    if (index === ids.length - 1) return { side: 'right', edge: false };
    if (index === ids.length - 2) return { side: 'right', edge: true };
    return null;
  };

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
        className="refund-grid w-0 min-w-full table-fixed border-separate border-spacing-0 text-sm"
        aria-label="Refund requests"
        aria-busy={pending}
        aria-rowcount={total}
        data-density={density}
        data-select={hasSelect || undefined}
      >
        <thead>
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
                    data-edge={pin?.edge || undefined}
                    className={`${meta?.width ?? 'w-32'} ${meta?.align === 'end' ? 'text-right' : ''}`}
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
              data-selected={row.getIsSelected() || undefined}
              data-review={row.original.needsReview || undefined}
            >
              {row.getVisibleCells().map((cell, cellIndex) => {
                const meta = cell.column.columnDef.meta;
                const pin = pinOf(cellIndex);
                return (
                  <td key={cell.id} data-pin={pin?.side} data-edge={pin?.edge || undefined} className={meta?.align === 'end' ? 'text-right' : undefined}>
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
