'use client';

import { useRef } from 'react';
import { buttonClass } from '@/components/ui/button';

/**
 * Export: the grid as it is (visible columns in their order, every page), or one row per refunded
 * SKU for accounting imports. A disclosure (details/summary): keyboard and screen-reader friendly
 * without a menu widget; Escape closes it.
 */
export function ExportMenu({ refundsHref, linesHref }: { refundsHref: string; linesHref: string }) {
  const details = useRef<HTMLDetailsElement>(null);
  const close = () => details.current?.removeAttribute('open');
  const item = 'block rounded px-3 py-2 text-sm text-slate-800 hover:bg-slate-100 focus:bg-slate-100 focus:outline-none';
  return (
    <details
      ref={details}
      className="relative"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          close();
          details.current?.querySelector('summary')?.focus();
        }
      }}
    >
      <summary className={`${buttonClass('secondary')} cursor-pointer list-none`}>Export CSV</summary>
      <div className="absolute right-0 z-20 mt-1 w-72 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
        <a href={refundsHref} className={item} download onClick={close}>
          Refunds
          <span className="block text-xs text-slate-500">One row per refund, the grid&apos;s visible columns in their order</span>
        </a>
        <a href={linesHref} className={item} download onClick={close}>
          Refund lines
          <span className="block text-xs text-slate-500">One row per refunded SKU, with fees once TikTok settles</span>
        </a>
      </div>
    </details>
  );
}
