'use client';

import type { ColumnId } from '../columns';
import type { GridColumns } from '../schemas';

/** Show, hide and reorder columns; the layout is remembered for this admin. */
export function ColumnMenu({ columns, labels, onChange }: { columns: GridColumns; labels: Record<ColumnId, string>; onChange: (next: GridColumns) => void }) {
  const hidden = new Set(columns.hidden);
  const move = (index: number, by: -1 | 1) => {
    const order = [...columns.order];
    const target = index + by;
    if (target < 0 || target >= order.length) return;
    [order[index], order[target]] = [order[target]!, order[index]!];
    onChange({ ...columns, order });
  };
  return (
    <details
      className="relative"
      onKeyDown={(event) => {
        // Escape closes the menu and gives focus back to its button, as the other menus do.
        if (event.key !== 'Escape') return;
        const details = event.currentTarget;
        details.removeAttribute('open');
        details.querySelector('summary')?.focus();
      }}
    >
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
        Columns
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-72 rounded-lg border border-slate-200 bg-white p-2 shadow-lg">
        <fieldset className="mb-2 flex items-center gap-3 border-b border-slate-100 px-1 pb-2 text-sm">
          <legend className="sr-only">Row density</legend>
          {(['compact', 'comfortable'] as const).map((density) => (
            <label key={density} className="flex items-center gap-1.5">
              <input type="radio" name="grid-density" checked={columns.density === density} onChange={() => onChange({ ...columns, density })} />
              {density === 'compact' ? 'Compact rows' : 'Comfortable rows'}
            </label>
          ))}
        </fieldset>
        <ul aria-label="Columns" className="space-y-0.5">
          {columns.order.map((id, index) => (
            <li key={id} className="flex items-center justify-between gap-2 rounded px-1 py-0.5 hover:bg-slate-50">
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={!hidden.has(id)}
                  onChange={() => {
                    const next = new Set(hidden);
                    if (next.has(id)) next.delete(id);
                    else next.add(id);
                    onChange({ ...columns, hidden: [...next] });
                  }}
                />
                {labels[id]}
              </label>
              <span className="flex gap-0.5">
                <button
                  type="button"
                  className="rounded px-1 text-xs hover:bg-slate-200 disabled:opacity-30"
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                  aria-label={`Move ${labels[id]} left`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="rounded px-1 text-xs hover:bg-slate-200 disabled:opacity-30"
                  disabled={index === columns.order.length - 1}
                  onClick={() => move(index, 1)}
                  aria-label={`Move ${labels[id]} right`}
                >
                  ↓
                </button>
              </span>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
