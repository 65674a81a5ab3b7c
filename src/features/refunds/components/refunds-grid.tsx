'use client';

import { functionalUpdate, useTable, type RowSelectionState, type SortingState } from '@tanstack/react-table';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { useNow } from '@/components/ui/use-now';
import { SyncButton } from '@/features/sync/components/sync-button';
import { saveColumnsAction } from '../actions';
import type { GridAction } from '@/lib/refund-decisions';
import type { GridAccount, GridRow, RefundPage } from '../queries';
import { FIXED_COLUMNS, REFUND_COLUMNS, SORT_COLUMNS, type ColumnId, type SortColumn } from '../columns';
import type { GridColumns } from '../schemas';
import { serializeRefundSearch } from '../search-params';
import { AccountsStrip } from './accounts-strip';
import { BulkBar } from './bulk-bar';
import { ColumnMenu } from './column-menu';
import { features, getRefundsColumns } from './grid-columns';
import { DecisionDialog } from './decision-dialog';
import { FilterBar } from './filter-bar';
import { GridTable } from './grid-table';
import { Pagination } from './pagination';
import { RefundDataModal } from './refund-data-modal';
import { SavedViews, type ViewSummary } from './saved-views';
import { StatusChips } from './status-chips';
import { useLiveChanges } from './use-live-changes';
import { useRefundSearch } from './use-refund-search';
import { CurrencyTotals, useFilteredTotals } from './money-totals';
import { ExportMenu } from './export-menu';
import { KeywordBox } from './keyword-box';
import { ShortcutsDialog } from './shortcuts-dialog';
import { focusCurrentRow, useGridShortcuts } from './use-grid-shortcuts';

export interface RefundsGridProps {
  page: RefundPage;
  accounts: GridAccount[];
  timeZone: string;
  now: number;
  warningHours: number;
  canAct: boolean;
  canSync: boolean;
  userId: string;
  isAdmin: boolean;
  initialColumns: GridColumns;
  views: ViewSummary[];
  runningSyncId: number | null;
  /** The current filters and sort as a query string (views, export, bulk by filter). */
  viewQuery: string;
  /** The filters alone: the key of the money totals. */
  filterQuery: string;
}

const COLUMN_LABELS = Object.fromEntries(REFUND_COLUMNS.map((column) => [column.id, column.label])) as Record<ColumnId, string>;

/** After a dialog closes, keyboard focus goes back to the row it was about (or stays where the dialog put it back). */
function returnFocus(refundId: string) {
  requestAnimationFrame(() => {
    if (document.activeElement && document.activeElement !== document.body) return;
    document.querySelector<HTMLElement>(`#refund-grid tr[data-refund-id="${CSS.escape(refundId)}"]`)?.focus();
  });
}

export function RefundsGrid(props: RefundsGridProps) {
  const { page, accounts, timeZone } = props;
  const router = useRouter();
  const { search, setSearch, setFilters, pending } = useRefundSearch();
  const [columns, setColumns] = useState<GridColumns>(props.initialColumns);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [allMatching, setAllMatching] = useState(false);
  const [decision, setDecision] = useState<{ row: GridRow; action: GridAction } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useGridShortcuts(openHelp);

  // Other rows (filters, sort, paging) start with nothing selected; a refresh of the same rows keeps
  // the selection of rows still there (reset during render, not in an effect).
  const rowsKey = serializeRefundSearch({ ...search, detail: null, view: null });
  const [shown, setShown] = useState({ key: rowsKey, rows: page.rows });
  if (shown.key !== rowsKey) {
    setShown({ key: rowsKey, rows: page.rows });
    setRowSelection({});
    setAllMatching(false);
  } else if (shown.rows !== page.rows) {
    setShown({ key: rowsKey, rows: page.rows });
    const present = new Set(page.rows.map((r) => String(r.id)));
    setRowSelection((selected) => Object.fromEntries(Object.entries(selected).filter(([id]) => present.has(id))));
  }
  const now = useNow(props.now);
  // A page past the end is shown as the last page: the URL says so too (a link must not keep page=999).
  // (Only past the end: while another page loads, the URL is ahead of the rows on screen.)
  useEffect(() => {
    if (search.page > page.pageCount)
      void setSearch({ page: page.pageCount === 1 ? null : page.pageCount, cursor: null }, { history: 'replace', shallow: true });
  }, [search.page, page.pageCount, setSearch]);
  const live = useLiveChanges(
    page.rows.map((r) => r.id),
    page.rows,
  );
  // Re-read when refunds change (a sync or a decision can move amounts in or out of the filter).
  const filtered = useFilteredTotals(props.filterQuery, live.count, page.totals);
  // Rows on this page that changed are refreshed in place (selection, scroll, filters and an open
  // modal stay); changes elsewhere may move rows in or out of the filter, so the banner offers a refresh.
  useEffect(() => {
    if (live.onPage === 0) return;
    const timer = setTimeout(() => router.refresh(), 750);
    return () => clearTimeout(timer);
  }, [live.onPage, router]);

  const accountMap = useMemo(() => new Map(accounts.map((a) => [a.id, { name: a.name, shopId: a.shopId, writeBack: a.writeBack }])), [accounts]);
  const onOpen = useCallback((row: GridRow) => void setSearch({ detail: row.id }, { shallow: true, history: 'push' }), [setSearch]);
  const onAction = useCallback((row: GridRow, action: GridAction) => setDecision({ row, action }), []);
  const columnDefs = useMemo(
    () =>
      getRefundsColumns({
        density: columns.density,
        timeZone,
        now,
        warningHours: props.warningHours,
        accounts: accountMap,
        canAct: props.canAct,
        onOpen,
        onAction,
      }),
    [columns.density, timeZone, now, props.warningHours, accountMap, props.canAct, onOpen, onAction],
  );

  const sorting: SortingState = [{ id: search.sort, desc: search.dir === 'desc' }];
  const columnOrder = [FIXED_COLUMNS.select.id, ...columns.order, FIXED_COLUMNS.refundData.id, FIXED_COLUMNS.actions.id];
  const columnVisibility = Object.fromEntries([
    ...columns.hidden.map((id) => [id, false] as const),
    ...(props.canAct ? [] : [[FIXED_COLUMNS.select.id, false] as const]),
  ]);

  const changeColumns = (next: GridColumns) => {
    setColumns(next);
    void saveColumnsAction(next);
  };

  const table = useTable({
    features,
    columns: columnDefs,
    data: page.rows,
    getRowId: (row) => String(row.id),
    manualSorting: true,
    manualPagination: true,
    rowCount: page.total,
    state: { sorting, rowSelection, columnOrder, columnVisibility, pagination: { pageIndex: page.page - 1, pageSize: page.size } },
    onRowSelectionChange: (updater) => {
      setAllMatching(false);
      setRowSelection((old) => functionalUpdate(updater, old));
    },
    onSortingChange: (updater) => {
      const next = functionalUpdate(updater, sorting)[0];
      const sort = (next?.id ?? 'createdAt') as SortColumn;
      if (!SORT_COLUMNS.includes(sort)) return;
      void setFilters({ sort, dir: next ? (next.desc ? 'desc' : 'asc') : 'desc' });
    },
  });

  const selectedRows = page.rows.filter((row) => rowSelection[String(row.id)]);
  const visibleColumnIds = columns.order.filter((id) => !columns.hidden.includes(id));
  const exportHref = `/api/refunds/export?${props.viewQuery}${props.viewQuery ? '&' : ''}columns=${visibleColumnIds.join(',')}`;

  return (
    <div className="space-y-3">
      <button
        type="button"
        className="sr-only focus:not-sr-only focus:rounded focus:bg-indigo-700 focus:px-3 focus:py-1.5 focus:text-white"
        onClick={() => focusCurrentRow()}
      >
        Skip to the grid
      </button>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">TikTok Refunds</h1>
          <p className="text-sm text-slate-600">
            {page.total.toLocaleString('en-US')} refund requests · times in {timeZone}
          </p>
          {filtered.totals ? (
            <CurrencyTotals totals={filtered.totals} label="Total" />
          ) : (
            <p className="text-sm text-slate-500">{filtered.failed ? 'Totals could not be loaded.' : 'Totals…'}</p>
          )}
        </div>
        <div className="flex flex-wrap items-start gap-2">
          <SyncButton accountIds={search.account ?? []} canSync={props.canSync} runningRunId={props.runningSyncId} />
          <ExportMenu refundsHref={exportHref} linesHref={`/api/refunds/export?${props.viewQuery}${props.viewQuery ? '&' : ''}shape=lines`} />
          <SavedViews
            views={props.views}
            currentView={search.view}
            currentQuery={props.viewQuery}
            columns={columns}
            userId={props.userId}
            isAdmin={props.isAdmin}
            canShare={props.canAct}
            // A view brings its columns; the row density stays this user's choice.
            onApplyColumns={(next) => changeColumns({ ...next, density: columns.density })}
          />
          <ColumnMenu columns={columns} labels={COLUMN_LABELS} onChange={changeColumns} />
        </div>
      </header>

      <AccountsStrip accounts={accounts} timeZone={timeZone} now={now} />
      {live.count > 0 ? (
        <div role="status" className="flex items-center gap-3 rounded-md border border-sky-200 bg-sky-50 px-3 py-1.5 text-sm text-sky-900">
          <span>
            {live.count.toLocaleString('en-US')} refund{live.count === 1 ? '' : 's'} changed since this page loaded
            {live.onPage ? ` (${live.onPage} on this page, updating)` : ''}
          </span>
          <button type="button" className="font-medium underline" onClick={() => router.refresh()}>
            Refresh
          </button>
        </div>
      ) : null}
      {notice ? (
        <Alert tone="success">
          {notice}{' '}
          <button type="button" className="ml-2 text-xs underline" onClick={() => setNotice(null)}>
            dismiss
          </button>
        </Alert>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <KeywordBox value={search.q} onSearch={(q) => void setFilters({ q })} />
        <StatusChips counts={page.counts} selected={search.status} onChange={(status) => void setFilters({ status })} />
      </div>
      <FilterBar
        search={search}
        accounts={accounts.map((a) => ({ id: a.id, name: a.name, shopId: a.shopId }))}
        timeZone={timeZone}
        onChange={(patch) => void setFilters(patch)}
      />

      {props.canAct ? (
        <BulkBar
          selected={selectedRows}
          allMatching={allMatching}
          total={page.total}
          query={props.viewQuery}
          onSelectAllMatching={setAllMatching}
          onClear={() => {
            setRowSelection({});
            setAllMatching(false);
          }}
          onDone={() => router.refresh()}
        />
      ) : null}

      <GridTable
        table={table}
        rows={page.rows}
        total={page.total}
        pending={pending}
        canAct={props.canAct}
        hasAccounts={accounts.length > 0}
        density={columns.density}
        onOpen={onOpen}
        onAction={onAction}
        onSort={(sort, dir) => void setFilters({ sort, dir })}
        rowsKey={rowsKey}
      />

      <Pagination
        page={page.page}
        pageCount={page.pageCount}
        size={page.size}
        total={page.total}
        shown={page.rows.length}
        nextCursor={page.nextCursor}
        previousCursor={page.previousCursor}
        onPage={(next, cursor) => void setSearch({ page: next === 1 ? null : next, cursor })}
        onSize={(size) => void setFilters({ size })}
      />

      <ShortcutsDialog open={helpOpen} canAct={props.canAct} onClose={() => setHelpOpen(false)} />
      <RefundDataModal
        refundId={search.detail}
        timeZone={timeZone}
        canAct={props.canAct}
        changes={live.changesOf(search.detail)}
        onClose={() => void setSearch({ detail: null }, { shallow: true, history: 'push' })}
      />
      {decision ? (
        <DecisionDialog
          key={`${decision.row.id}:${decision.action}`}
          row={decision.row}
          action={decision.action}
          timeZone={timeZone}
          onClose={() => {
            setDecision(null);
            returnFocus(decision.row.refundId);
            router.refresh();
          }}
          onDone={(message) => {
            setDecision(null);
            setNotice(message);
            returnFocus(decision.row.refundId);
            router.refresh();
          }}
        />
      ) : null}
    </div>
  );
}
