'use client';

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

/** Page sizes 20/50/100/200, the exact total, and First/Previous/Next/Last (Next/Previous by keyset cursor). */
export function Pagination({ page, pageCount, size, total, shown, nextCursor, previousCursor, onPage, onSize }: Props) {
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const button = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-50 disabled:cursor-not-allowed disabled:text-slate-400';
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
      <p aria-live="polite">
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
          ‹ Previous
        </button>
        <span>
          Page {page.toLocaleString('en-US')} of {pageCount.toLocaleString('en-US')}
        </span>
        <button type="button" className={button} disabled={page >= pageCount} onClick={() => onPage(page + 1, nextCursor)} aria-label="Next page">
          Next ›
        </button>
        <button type="button" className={button} disabled={page >= pageCount} onClick={() => onPage(pageCount, null)} aria-label="Last page">
          »
        </button>
      </div>
    </nav>
  );
}
