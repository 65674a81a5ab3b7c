'use client';

import { createColumnHelper, metaHelper, columnOrderingFeature, columnVisibilityFeature, rowPaginationFeature, rowSelectionFeature, rowSortingFeature, tableFeatures } from '@tanstack/react-table';
import { formatDateTime, formatMoney, humanizeEnum } from '@/lib/format';
import type { GridRow } from '../queries';
import type { AdminAction } from '../decisions';
import { TYPE_LABELS } from '../labels';
import type { SortColumn } from '../search-params';
import { RespondBy } from './respond-by';
import { StatusCell } from './status-badge';

/** Per-column facts the grid needs besides rendering: its sort key and how to lay it out. */
export interface GridColumnMeta {
  sortKey?: SortColumn;
  label: string;
  align?: 'end';
  /** Tailwind width class, shared with the loading skeleton so it matches the real table. */
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
export type Features = typeof features;

export interface ColumnContext {
  timeZone: string;
  now: number;
  warningHours: number;
  accounts: Map<number, { name: string; shopId: string | null }>;
  canAct: boolean;
  onOpen: (row: GridRow) => void;
  onAction: (row: GridRow, action: AdminAction) => void;
}

const col = createColumnHelper<Features, GridRow>();

/** The grid's columns, as the seller's documentation names them, plus amount and Respond by. */
export function getRefundsColumns(context: ColumnContext) {
  return col.columns([
    col.display({
      id: 'select',
      enableSorting: false,
      enableHiding: false,
      meta: { label: 'Select', width: 'w-8' },
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
      cell: ({ row }) => <input type="checkbox" aria-label={`Select refund ${row.original.refundId}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />,
    }),
    col.accessor('refundId', {
      id: 'refundId',
      header: 'Marketplace Refund ID',
      meta: { sortKey: 'refundId', label: 'Marketplace Refund ID', width: 'w-40' },
      cell: (info) => <span className="font-mono text-xs">{info.getValue()}</span>,
    }),
    col.accessor('orderId', {
      id: 'orderId',
      header: 'Marketplace Order ID',
      meta: { sortKey: 'orderId', label: 'Marketplace Order ID', width: 'w-40' },
      cell: (info) => <span className="font-mono text-xs">{info.getValue()}</span>,
    }),
    col.accessor('accountId', {
      id: 'account',
      header: 'Account ID',
      meta: { sortKey: 'account', label: 'Account ID', width: 'w-36' },
      cell: (info) => {
        const account = context.accounts.get(info.getValue());
        return (
          <div className="leading-tight">
            <span className="font-mono text-xs">{account?.shopId ?? info.getValue()}</span>
            <span className="block text-xs text-slate-500">{account?.name ?? `account ${info.getValue()}`}</span>
          </div>
        );
      },
    }),
    col.accessor('type', {
      id: 'type',
      header: 'Type',
      meta: { sortKey: 'type', label: 'Type', width: 'w-24' },
      cell: (info) => (
        <span>
          {TYPE_LABELS[info.getValue()]}
          {info.row.original.kind === 'Cancellation' ? <span className="block text-xs text-slate-500">cancellation</span> : null}
        </span>
      ),
    }),
    col.accessor('status', {
      id: 'status',
      header: 'Status',
      meta: { sortKey: 'status', label: 'Status', width: 'w-44' },
      cell: (info) => <StatusCell {...info.row.original} />,
    }),
    col.accessor('marketplaceStatus', {
      id: 'marketplaceStatus',
      header: 'Marketplace Status',
      meta: { sortKey: 'marketplaceStatus', label: 'Marketplace Status', width: 'w-40' },
      cell: (info) => (
        <span title={info.getValue()}>
          {humanizeEnum(info.getValue())}
          {info.row.original.arbitrationStatus ? <span className="block text-xs text-slate-500">arbitration: {humanizeEnum(info.row.original.arbitrationStatus)}</span> : null}
        </span>
      ),
    }),
    col.accessor('reasonText', {
      id: 'reason',
      header: 'Reason',
      enableSorting: false,
      meta: { label: 'Reason', width: 'w-40' },
      cell: (info) => info.getValue() ?? humanizeEnum(info.row.original.reason),
    }),
    col.accessor('amount', {
      id: 'amount',
      header: 'Amount',
      meta: { sortKey: 'amount', label: 'Amount', align: 'end', width: 'w-24' },
      cell: (info) => <span className="tabular-nums">{formatMoney(info.getValue(), info.row.original.currency)}</span>,
    }),
    col.accessor('respondBy', {
      id: 'respondBy',
      header: 'Respond by',
      meta: { sortKey: 'respondBy', label: 'Respond by', width: 'w-28' },
      cell: (info) => <RespondBy deadline={info.getValue()} now={context.now} warningHours={context.warningHours} action={info.row.original.sellerNextAction} />,
    }),
    col.accessor('createdAt', {
      id: 'createdAt',
      header: 'Created At',
      meta: { sortKey: 'createdAt', label: 'Created At', width: 'w-32' },
      cell: (info) => <span className="text-xs">{formatDateTime(info.getValue(), context.timeZone)}</span>,
    }),
    col.accessor('updatedAt', {
      id: 'updatedAt',
      header: 'Updated At',
      meta: { sortKey: 'updatedAt', label: 'Updated At', width: 'w-32' },
      cell: (info) => <span className="text-xs">{formatDateTime(info.getValue(), context.timeZone)}</span>,
    }),
    col.display({
      id: 'refundData',
      header: 'Refund Data',
      enableHiding: false,
      meta: { label: 'Refund Data', width: 'w-16', sticky: true },
      cell: ({ row }) => (
        <button type="button" className="rounded p-1 text-indigo-700 hover:bg-indigo-50" aria-label={`Refund data for ${row.original.refundId}`} onClick={() => context.onOpen(row.original)}>
          <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5 fill-current">
            <path d="M4 2h9l3 3v13H4V2zm2 5v2h8V7H6zm0 4v2h8v-2H6zm0 4v1h5v-1H6z" />
          </svg>
        </button>
      ),
    }),
    col.display({
      id: 'actions',
      header: 'Actions',
      enableHiding: false,
      meta: { label: 'Actions', width: 'w-44', sticky: true },
      cell: ({ row }) =>
        context.canAct ? (
          <div className="flex gap-1">
            <button
              type="button"
              className="rounded border border-emerald-600 px-2 py-0.5 text-xs font-medium text-emerald-800 hover:bg-emerald-50 disabled:border-slate-300 disabled:text-slate-400"
              disabled={row.original.statusSource === 'AdminCompleted'}
              aria-label={`Mark refund ${row.original.refundId} Completed`}
              onClick={() => context.onAction(row.original, 'complete')}
            >
              Completed
            </button>
            <button
              type="button"
              className="rounded border border-rose-600 px-2 py-0.5 text-xs font-medium text-rose-800 hover:bg-rose-50 disabled:border-slate-300 disabled:text-slate-400"
              disabled={row.original.statusSource === 'AdminRejected'}
              aria-label={`Reject refund ${row.original.refundId}`}
              onClick={() => context.onAction(row.original, 'reject')}
            >
              Reject
            </button>
          </div>
        ) : (
          <span className="text-xs text-slate-400">view only</span>
        ),
    }),
  ]);
}
