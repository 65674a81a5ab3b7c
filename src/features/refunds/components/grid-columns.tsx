'use client';

import {
  createColumnHelper,
  metaHelper,
  columnOrderingFeature,
  columnVisibilityFeature,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { formatDateTime, formatMoney, humanizeEnum } from '@/lib/format';
import { FIXED_COLUMNS, REFUND_COLUMNS, type ColumnId, type SortColumn } from '../columns';
import type { GridAction } from '@/lib/refund-decisions';
import { TYPE_LABELS } from '../labels';
import type { GridRow } from '../queries';
import { RespondBy } from './respond-by';
import { RowActions } from './row-actions';
import { StatusCell } from './status-badge';

/** Per-column facts the grid needs besides rendering, from the column registry. */
export interface GridColumnMeta {
  sortKey?: SortColumn;
  label: string;
  align?: 'end';
  width: string;
  /** Stays in view at the right edge when the table scrolls sideways. */
  sticky?: boolean;
}

export const features = tableFeatures({
  columnVisibilityFeature,
  columnOrderingFeature,
  rowSelectionFeature,
  rowSortingFeature,
  rowPaginationFeature,
  columnMeta: metaHelper<GridColumnMeta>(),
});
type Features = typeof features;

export interface ColumnContext {
  timeZone: string;
  now: number;
  warningHours: number;
  accounts: Map<number, { name: string; shopId: string | null; writeBack: boolean }>;
  canAct: boolean;
  onOpen: (row: GridRow) => void;
  onAction: (row: GridRow, action: GridAction) => void;
}

const col = createColumnHelper<Features, GridRow>();

/** How each registry column draws its cell. */
const CELLS: Record<ColumnId, (row: GridRow, context: ColumnContext) => ReactNode> = {
  refundId: (row) => <span className="font-mono text-xs">{row.refundId}</span>,
  // TikTok may leave order_id out; it is stored empty and shown as a dash.
  orderId: (row) => <span className="font-mono text-xs">{row.orderId || '—'}</span>,
  account: (row, context) => {
    const account = context.accounts.get(row.accountId);
    return (
      <div className="leading-tight">
        <span className="font-mono text-xs">{account?.shopId ?? row.accountId}</span>
        <span className="block text-xs text-slate-500">{account?.name ?? `account ${row.accountId}`}</span>
      </div>
    );
  },
  type: (row) => (
    <span>
      {TYPE_LABELS[row.type]}
      {row.kind === 'Cancellation' ? <span className="block text-xs text-slate-500">cancellation</span> : null}
    </span>
  ),
  status: (row) => <StatusCell {...row} />,
  marketplaceStatus: (row) => (
    <span title={row.marketplaceStatus}>
      {humanizeEnum(row.marketplaceStatus)}
      {row.arbitrationStatus ? <span className="block text-xs text-slate-500">arbitration: {humanizeEnum(row.arbitrationStatus)}</span> : null}
    </span>
  ),
  reason: (row) => row.reasonText ?? humanizeEnum(row.reason),
  amount: (row) => <span className="tabular-nums">{formatMoney(row.amount, row.currency)}</span>,
  adjustments: (row) => (
    <span className="text-xs tabular-nums leading-tight">
      {row.offer ? (
        <span className="block" title={row.offer.declined ? 'The buyer declined this offer' : 'Offered to the buyer on TikTok'}>
          offer {formatMoney(row.offer.amount, row.offer.currency)}
          {row.offer.declined ? <span className="text-rose-700"> declined</span> : null}
        </span>
      ) : null}
      {row.discounts?.seller ? <span className="block text-slate-600">seller −{formatMoney(row.discounts.seller, row.currency)}</span> : null}
      {row.discounts?.platform ? <span className="block text-slate-600">TikTok −{formatMoney(row.discounts.platform, row.currency)}</span> : null}
      {!row.offer && !row.discounts ? <span className="text-slate-400">—</span> : null}
    </span>
  ),
  respondBy: (row, context) => <RespondBy deadline={row.respondBy} now={context.now} warningHours={context.warningHours} action={row.sellerNextAction} />,
  createdAt: (row, context) => <span className="text-xs">{formatDateTime(row.createdAt, context.timeZone)}</span>,
  updatedAt: (row, context) => <span className="text-xs">{formatDateTime(row.updatedAt, context.timeZone)}</span>,
};

/** The grid's columns: the selection box, the registry's columns, Refund Data and the row actions. */
export function getRefundsColumns(context: ColumnContext) {
  return col.columns([
    col.display({
      id: FIXED_COLUMNS.select.id,
      enableSorting: false,
      enableHiding: false,
      meta: { label: 'Select', width: FIXED_COLUMNS.select.width },
      header: ({ table }) => (
        <input
          type="checkbox"
          aria-label="Select all rows on this page"
          checked={table.getIsAllPageRowsSelected()}
          ref={(el) => {
            if (el) el.indeterminate = table.getIsSomePageRowsSelected() && !table.getIsAllPageRowsSelected();
          }}
          onChange={table.getToggleAllPageRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <input type="checkbox" aria-label={`Select refund ${row.original.refundId}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
      ),
    }),
    ...REFUND_COLUMNS.map((column) =>
      col.display({
        id: column.id,
        header: column.label,
        enableSorting: 'sort' in column,
        meta: {
          label: column.label,
          width: column.width,
          ...('align' in column ? { align: column.align } : {}),
          ...('sort' in column ? { sortKey: column.id } : {}),
        },
        cell: ({ row }) => CELLS[column.id](row.original, context),
      }),
    ),
    col.display({
      id: FIXED_COLUMNS.refundData.id,
      header: FIXED_COLUMNS.refundData.label,
      enableHiding: false,
      meta: { label: FIXED_COLUMNS.refundData.label, width: FIXED_COLUMNS.refundData.width, sticky: true },
      cell: ({ row }) => (
        <button
          type="button"
          className="rounded p-1 text-indigo-700 hover:bg-indigo-50"
          aria-label={`Refund data for ${row.original.refundId}`}
          onClick={() => context.onOpen(row.original)}
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5 fill-current">
            <path d="M4 2h9l3 3v13H4V2zm2 5v2h8V7H6zm0 4v2h8v-2H6zm0 4v1h5v-1H6z" />
          </svg>
        </button>
      ),
    }),
    col.display({
      id: FIXED_COLUMNS.actions.id,
      header: FIXED_COLUMNS.actions.label,
      enableHiding: false,
      meta: { label: FIXED_COLUMNS.actions.label, width: FIXED_COLUMNS.actions.width, sticky: true },
      cell: ({ row }) =>
        context.canAct ? (
          <RowActions row={row.original} writeBack={context.accounts.get(row.original.accountId)?.writeBack ?? false} onAction={context.onAction} />
        ) : (
          <span className="text-xs text-slate-400">view only</span>
        ),
    }),
  ]);
}
