import Link from 'next/link';
import type { ReactNode } from 'react';

/** A table cell: text, or text that links to the grid filtered to the figure. */
export type FigureCell = string | { text: string; href: string | null };

/**
 * A chart's figures as a table, folded under the chart (details/summary): the text alternative for
 * screen readers and keyboards, each figure a link to the refunds behind it. Server-rendered, so
 * it is there before (and without) the chart's script.
 */
export function FigureTable({ caption, headers, rows, numeric = [] }: { caption: string; headers: string[]; rows: FigureCell[][]; numeric?: number[] }) {
  const align = (i: number) => (numeric.includes(i) ? 'text-right tabular-nums' : 'text-left');
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-indigo-700 hover:underline">Figures as a table</summary>
      <div className="mt-2 max-h-96 overflow-auto rounded border border-slate-200">
        <table className="min-w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="sticky top-0 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
            <tr>
              {headers.map((header, i) => (
                <th key={header} scope="col" className={`px-3 py-1.5 font-medium ${align(i)}`}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, i): ReactNode => {
                  const content =
                    typeof cell === 'string' ? (
                      cell
                    ) : cell.href ? (
                      <Link href={cell.href} className="text-indigo-700 underline">
                        {cell.text}
                      </Link>
                    ) : (
                      cell.text
                    );
                  return i === 0 ? (
                    <th key={i} scope="row" className={`px-3 py-1 font-normal ${align(i)}`}>
                      {content}
                    </th>
                  ) : (
                    <td key={i} className={`px-3 py-1 ${align(i)}`}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
