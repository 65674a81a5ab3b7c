'use client';

import { Dialog } from '@/components/ui/dialog';

const SHORTCUTS: [keys: string[], what: string, operators?: true][] = [
  [['/'], 'Search'],
  [['j', '↓'], 'Next row'],
  [['k', '↑'], 'Previous row'],
  [['Home', 'End'], 'First / last row'],
  [['Enter'], 'Open Refund Data'],
  [['x', 'Space'], 'Select the row', true],
  [['c'], 'Completed (asks to confirm)', true],
  [['r'], 'Reject (asks to confirm)', true],
  [['?'], 'This list'],
  [['Esc'], 'Close a dialog'],
];

/** The grid's keyboard shortcuts (`?`). */
export function ShortcutsDialog({ open, canAct, onClose }: { open: boolean; canAct: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts">
      <dl className="grid grid-cols-[8rem_1fr] gap-y-1.5 text-sm">
        {SHORTCUTS.filter(([, , operators]) => canAct || !operators).map(([keys, what]) => (
          <div key={what} className="contents">
            <dt className="flex gap-1">
              {keys.map((key) => (
                <kbd key={key} className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">
                  {key}
                </kbd>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
