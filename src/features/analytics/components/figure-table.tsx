'use client';

import Link from 'next/link';
import { gridHref, type GridFilter } from '../links';

/**
 * A table cell: text, text with its link to the grid, or text linked through the table's `links`
 * (its row's narrowing and its column's over the table's base filter).
 */
export type FigureCell = string | { text: string; href?: string | null; linked?: boolean };

/**
 * What a table's linked cells narrow the grid to: its base filter, then each row's and each
 * column's (index 0 is the row headers' column). Spelled out per cell, the links of a month of
 * shops' tables were most of React's payload for them (the same hrefs are in the HTML already).
 */
export interface TableLinks {
  base: GridFilter;
  rows: (Partial<GridFilter> | null)[];
  /** null: the column's cells link nowhere (the rest of the shops, past what one URL can name). */
  columns: (Partial<GridFilter> | null)[];
}

/**
 * A chart's figures as a table, folded under the chart (details/summary): the text alternative for
 * screen readers and keyboards, each figure a link to the refunds behind it. Rendered on the
 * server like the page (a client component only so that its links are built from `links` rather
 * than sent whole in React's payload), so it is there before (and without) the chart's script.
 * Cells carry no classes of their own (the table styles them): a month of ten shops is hundreds of
 * cells.
 */
export function FigureTable({
  caption,
  headers,
  rows,
  numeric = [],
  summary = 'Figures as a table',
  links,
}: {
  caption: string;
  headers: string[];
  rows: FigureCell[][];
  /** Columns aligned right with tabular figures. */
  numeric?: number[];
  summary?: string;
  links?: TableLinks;
}) {
  const hrefOf = (value: Exclude<FigureCell, string>, row: number, column: number) => {
    if (value.href !== undefined) return value.href;
    const narrow = [links?.rows[row], links?.columns[column]];
    return value.linked && links && narrow.every(Boolean) ? gridHref({ ...links.base, ...narrow[0], ...narrow[1] }) : null;
  };
  const cell = (value: FigureCell, row: number, column: number) => {
    if (typeof value === 'string') return value;
    const href = hrefOf(value, row, column);
    return href ? <Link href={href}>{value.text}</Link> : value.text;
  };
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-indigo-700 hover:underline">{summary}</summary>
      <div className="mt-2 max-h-96 overflow-auto rounded border border-slate-200">
        <table className="min-w-full text-sm [&_.n]:text-right [&_.n]:tabular-nums [&_a]:text-indigo-700 [&_a]:underline [&_td]:px-3 [&_td]:py-1 [&_th]:px-3 [&_th]:py-1 [&_th]:text-left [&_th]:font-normal [&_tbody_th]:whitespace-nowrap [&_thead_th]:font-medium">
          <caption className="sr-only">{caption}</caption>
          <thead className="sticky top-0 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
            <tr>
              {headers.map((header, i) => (
                <th key={header} scope="col" className={numeric.includes(i) ? 'n' : undefined}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row, r) => (
              <tr key={r}>
                {row.map((value, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">
                      {cell(value, r, i)}
                    </th>
                  ) : (
                    <td key={i} className={numeric.includes(i) ? 'n' : undefined}>
                      {cell(value, r, i)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
