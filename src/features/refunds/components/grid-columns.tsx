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
  /** Tailwind width class. */
  width: string;
  /** Stays in view at the right edge when the table scrolls sideways. */
  sticky?: boolean;
}

/** Compact: one line per fact, cut with an ellipsis (the whole text on hover and focus); comfortable: wrapped. */
export type Density = 'compact' | 'comfortable';

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
  density: Density;
  timeZone: string;
  now: number;
  warningHours: number;
  accounts: Map<number, { name: string; shopId: string | null; writeBack: boolean }>;
  canAct: boolean;
  onOpen: (row: GridRow) => void;
  onAction: (row: GridRow, action: GridAction) => void;
}

const col = createColumnHelper<Features, GridRow>();

/** A second fact under a cell's first line (shop name, sub-reason): smaller and muted, so a compact row stays under 40 px. */
const SUB = 'text-[11px] leading-[14px] text-slate-500';

/** One fact on one line in compact density (ellipsis, the whole text as its title), wrapped in comfortable. */
function Line({ text, context, className = '' }: { text: string; context: ColumnContext; className?: string }) {
  return (
    <span className={`block ${context.density === 'compact' ? 'truncate' : ''} ${className}`} title={text}>
      {text}
    </span>
  );
}

/** The grid's date: the store's day and time (the zone is in the page header, and whole in the title). */
function GridDate({ iso, context }: { iso: string; context: ColumnContext }) {
  const full = formatDateTime(iso, context.timeZone);
  return (
    <span className="text-xs whitespace-nowrap tabular-nums" title={full}>
      {full.replace(/ [A-Z+\-0-9:]+$/, '')}
    </span>
  );
}

/** How each registry column draws its cell. */
const CELLS: Record<ColumnId, (row: GridRow, context: ColumnContext) => ReactNode> = {
  refundId: (row) => <span className="font-mono text-xs whitespace-nowrap">{row.refundId}</span>,
  // TikTok may leave order_id out; it is stored empty and shown as a dash.
  orderId: (row) => <span className="font-mono text-xs whitespace-nowrap">{row.orderId || '—'}</span>,
  account: (row, context) => {
    const account = context.accounts.get(row.accountId);
    return (
      <div className="leading-tight">
        <span className="block font-mono text-xs whitespace-nowrap">{account?.shopId ?? row.accountId}</span>
        <Line text={account?.name ?? `account ${row.accountId}`} context={context} className={SUB} />
      </div>
    );
  },
  type: (row, context) => (
    <span className="block leading-tight">
      <Line text={TYPE_LABELS[row.type]} context={context} />
      {row.kind === 'Cancellation' ? <span className={`block ${SUB}`}>cancellation</span> : null}
    </span>
  ),
  status: (row, context) => <StatusCell {...row} compact={context.density === 'compact'} />,
  marketplaceStatus: (row, context) => (
    <span className="block leading-tight" title={row.marketplaceStatus}>
      <Line text={humanizeEnum(row.marketplaceStatus)} context={context} />
      {row.arbitrationStatus ? <Line text={`arbitration: ${humanizeEnum(row.arbitrationStatus)}`} context={context} className={SUB} /> : null}
    </span>
  ),
  reason: (row, context) => <Line text={row.reasonText ?? humanizeEnum(row.reason)} context={context} />,
  amount: (row) => <span className="whitespace-nowrap tabular-nums">{formatMoney(row.amount, row.currency)}</span>,
  adjustments: (row) => (
    <span className="block text-xs leading-tight whitespace-nowrap tabular-nums">
      {row.offer ? (
        <span className="block" title={row.offer.declined ? 'The buyer declined this offer' : 'Offered to the buyer on TikTok'}>
          offer {formatMoney(row.offer.amount, row.offer.currency)}
          {row.offer.declined ? <span className="text-rose-700"> declined</span> : null}
        </span>
      ) : null}
      {row.discounts?.seller ? <span className="block text-slate-600">seller −{formatMoney(row.discounts.seller, row.currency)}</span> : null}
      {row.discounts?.platform ? <span className="block text-slate-600">TikTok −{formatMoney(row.discounts.platform, row.currency)}</span> : null}
      {!row.offer && !row.discounts ? <span className="text-slate-500">—</span> : null}
    </span>
  ),
  respondBy: (row, context) => (
    <RespondBy
      deadline={row.respondBy}
      now={context.now}
      warningHours={context.warningHours}
      action={row.sellerNextAction}
      timeZone={context.timeZone}
      compact={context.density === 'compact'}
    />
  ),
  createdAt: (row, context) => <GridDate iso={row.createdAt} context={context} />,
  updatedAt: (row, context) => <GridDate iso={row.updatedAt} context={context} />,
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
          <span className="text-xs text-slate-500">view only</span>
        ),
    }),
  ]);
}
