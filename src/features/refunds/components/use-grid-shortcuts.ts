'use client';

import { useEffect } from 'react';

/** The grid's row that takes keyboard focus (the one with tabindex 0), focused; false when there is none. */
export function focusCurrentRow(): boolean {
  const row = document.querySelector<HTMLTableRowElement>('#refund-grid tr[data-row][tabindex="0"]');
  row?.focus();
  return Boolean(row);
}

/**
 * Page-wide keys of the grid, ignored while typing in a field or while a dialog is open: `/`
 * focuses the search, `?` lists the shortcuts, `j` / `k` from anywhere else go to the grid's
 * current row (on a row, the table handles them itself).
 */
export function useGridShortcuts(onHelp: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]') || document.querySelector('dialog[open]')) return;
      if (event.key === '/') {
        event.preventDefault();
        document.getElementById('grid-search')?.focus();
      } else if (event.key === '?') {
        event.preventDefault();
        onHelp();
      } else if ((event.key === 'j' || event.key === 'k') && !target?.closest('tr[data-row]')) {
        if (focusCurrentRow()) event.preventDefault();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onHelp]);
}
