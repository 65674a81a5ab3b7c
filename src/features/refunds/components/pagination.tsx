'use client';

import { useState } from 'react';
import { inputClass } from '@/components/ui/field';
import { PAGE_SIZES, type PageSize } from '../search-params';

interface Props {
  page: number;
  pageCount: number;
  size: number;
  total: number;
  shown: number;
  nextCursor: string | null;
  previousCursor: string | null;
  onPage: (page: number, cursor: string | null) => void;
  onSize: (size: PageSize) => void;
}

/**
 * One line: "1–50 of 1,234", the page size, First / Previous / a page number / Next / Last
 * (Previous and Next by keyset cursor). A typed page number is clamped to 1…last.
 */
export function Pagination({ page, pageCount, size, total, shown, nextCursor, previousCursor, onPage, onSize }: Props) {
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const [typed, setTyped] = useState({ for: page, text: String(page) });
  const text = typed.for === page ? typed.text : String(page);
  if (typed.for !== page) setTyped({ for: page, text: String(page) });
  const go = () => {
    const wanted = Math.round(Number(text));
    if (text === '' || !Number.isFinite(wanted)) {
      setTyped({ for: page, text: String(page) });
      return;
    }
    const target = Math.min(Math.max(wanted, 1), pageCount);
    setTyped({ for: page, text: String(target) });
    if (target !== page) onPage(target, null);
  };
  const button = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-50 disabled:cursor-not-allowed disabled:text-slate-400';
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-2 text-sm whitespace-nowrap">
      <p aria-live="polite" className="tabular-nums">
        {total === 0 ? 'No refunds' : `${first.toLocaleString('en-US')}–${(first + shown - 1).toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`}
      </p>
      <div className="flex items-center gap-2">
        <label htmlFor="page-size" className="text-slate-600">
          Rows per page
        </label>
        <select id="page-size" className={`${inputClass} w-20`} value={size} onChange={(e) => onSize(Number(e.target.value) as PageSize)}>
          {PAGE_SIZES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <button type="button" className={button} disabled={page <= 1} onClick={() => onPage(1, null)} aria-label="First page">
          «
        </button>
        <button type="button" className={button} disabled={page <= 1} onClick={() => onPage(page - 1, previousCursor)} aria-label="Previous page">
          ‹
        </button>
        <form
          className="flex items-center gap-1"
          onSubmit={(event) => {
            event.preventDefault();
            go();
          }}
        >
          <label htmlFor="page-number">Page</label>
          <input
            id="page-number"
            inputMode="numeric"
            className={`${inputClass} w-16 text-center tabular-nums`}
            value={text}
            onChange={(e) => setTyped({ for: page, text: e.target.value.replace(/\D/g, '') })}
            onBlur={go}
            aria-describedby="page-count"
          />
          <span id="page-count" className="tabular-nums">
            of {pageCount.toLocaleString('en-US')}
          </span>
        </form>
        <button type="button" className={button} disabled={page >= pageCount} onClick={() => onPage(page + 1, nextCursor)} aria-label="Next page">
          ›
        </button>
        <button type="button" className={button} disabled={page >= pageCount} onClick={() => onPage(pageCount, null)} aria-label="Last page">
          »
        </button>
      </div>
    </nav>
  );
}
