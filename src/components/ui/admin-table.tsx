import type { ReactNode } from 'react';

/**
 * The plain tables of the admin pages (accounts, users, sync runs, audit): labelled, scrollable,
 * column headers with scope, and one full-width row saying why it is empty.
 */
export function AdminTable({
  label,
  headers,
  empty,
  className = '',
  children,
}: {
  label: string;
  headers: string[];
  empty?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`overflow-x-auto rounded-lg border border-slate-200 bg-white ${className}`.trim()}>
      <table className="min-w-full text-sm" aria-label={label}>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600">
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col" className="px-3 py-2">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {empty ? (
            <tr>
              <td colSpan={headers.length} className="px-3 py-6 text-center text-slate-600">
                {empty}
              </td>
            </tr>
          ) : null}
          {children}
        </tbody>
      </table>
    </div>
  );
}
