'use client';

import { createContext, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';

const CloseContext = createContext<() => void>(() => undefined);

/** For an editor inside a filter popover: closes it, focus back on its chip (after Apply or a preset). */
export const useCloseFilter = () => useContext(CloseContext);

/**
 * One filter in the filter bar: a chip that says what it filters on ("Created: 2026-11-01 → …"),
 * opens its editor in a popover, and clears with its ✕. The popover is a non-modal dialog: Escape
 * or a click outside closes it and focus goes back to the chip, so the keyboard never gets lost.
 */
export function FilterChip({
  label,
  summary,
  onClear,
  wide = false,
  children,
}: {
  label: string;
  /** What the filter holds now, or null when it is not set. */
  summary: string | null;
  /** Clears the filter; a chip that never holds a value (More filters) has none. */
  onClear?: () => void;
  /** Popovers with side-by-side fields (dates, ids) may be wider than the chip row allows at 1280 px. */
  wide?: boolean;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();

  const close = (returnFocus = true) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('input, textarea, select, button')?.focus();
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const active = summary !== null;
  const text = active ? `${label}: ${summary}` : label;
  return (
    <div
      ref={root}
      className="relative"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <div
        className={`flex items-center rounded-full border text-xs ${
          active ? 'border-indigo-300 bg-indigo-50 text-indigo-950' : 'border-dashed border-slate-300 bg-white text-slate-700'
        }`}
      >
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls={open ? id : undefined}
          aria-haspopup="dialog"
          title={active ? text : undefined}
          onClick={() => setOpen(!open)}
          className={`max-w-[26rem] truncate rounded-full py-1 pl-2.5 ${active ? 'pr-1' : 'pr-2.5'} hover:bg-slate-100`}
        >
          {text}
          <span aria-hidden="true" className="ml-1 text-slate-500">
            ▾
          </span>
        </button>
        {active && onClear ? (
          <button type="button" onClick={onClear} aria-label={`Remove filter ${label}`} className="mr-0.5 rounded-full px-1.5 py-0.5 hover:bg-indigo-100">
            ✕
          </button>
        ) : null}
      </div>
      {open ? (
        <div
          ref={panel}
          id={id}
          role="dialog"
          aria-label={label}
          className={`absolute left-0 top-full z-30 mt-1 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-lg ${
            wide ? 'w-[min(42rem,calc(100vw-2rem))]' : 'w-72'
          }`}
        >
          <CloseContext value={close}>{children}</CloseContext>
        </div>
      ) : null}
    </div>
  );
}
