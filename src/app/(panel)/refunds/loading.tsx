import { FIXED_COLUMNS, REFUND_COLUMNS, type RegistryColumn } from '@/features/refunds/columns';

const SKELETON_COLUMNS = [
  FIXED_COLUMNS.select,
  ...REFUND_COLUMNS.filter((column) => !(column as RegistryColumn).defaultHidden),
  FIXED_COLUMNS.refundData,
  FIXED_COLUMNS.actions,
];

/** Shown while the grid loads: the real columns at their real widths, so nothing jumps. */
export default function Loading() {
  return (
    <main aria-busy="true" aria-label="Loading refunds">
      <div className="mb-3 h-7 w-48 animate-pulse rounded bg-slate-200" />
      <div className="mb-3 flex gap-2">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="h-7 w-24 animate-pulse rounded-full bg-slate-200" />
        ))}
      </div>
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <table className="w-0 min-w-full table-fixed text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600">
            <tr>
              {SKELETON_COLUMNS.map((column) => (
                <th key={column.id} scope="col" className={`${column.width} px-2 py-2 font-medium`}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {/* One striped block rather than a cell per row and column: the fallback is sent with every first load. */}
            <tr>
              <td colSpan={SKELETON_COLUMNS.length} className="px-2">
                <div className="grid-skeleton h-[30rem]" />
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </main>
  );
}
