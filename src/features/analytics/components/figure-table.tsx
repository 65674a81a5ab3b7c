import Link from 'next/link';

/** A table cell: text, or text that links to the grid filtered to the figure. */
export type FigureCell = string | { text: string; href: string | null };

/**
 * A chart's figures as a table, folded under the chart (details/summary): the text alternative for
 * screen readers and keyboards, each figure a link to the refunds behind it. Server-rendered, so
 * it is there before (and without) the chart's script. Cells carry no classes of their own (the
 * table styles them): a month of ten shops is hundreds of cells, and the page ships each twice
 * (HTML and React's payload).
 */
export function FigureTable({
  caption,
  headers,
  rows,
  numeric = [],
  summary = 'Figures as a table',
}: {
  caption: string;
  headers: string[];
  rows: FigureCell[][];
  /** Columns aligned right with tabular figures. */
  numeric?: number[];
  summary?: string;
}) {
  const cell = (value: FigureCell) => (typeof value === 'string' ? value : value.href ? <Link href={value.href}>{value.text}</Link> : value.text);
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
                      {cell(value)}
                    </th>
                  ) : (
                    <td key={i} className={numeric.includes(i) ? 'n' : undefined}>
                      {cell(value)}
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
