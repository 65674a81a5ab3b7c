import type { GridRow } from './queries';

/**
 * The refunds grid's columns: the one registry the table (header, menu, widths, skeleton), the URL
 * contract (which ids may be shown and sorted), the SQL sorts and the CSV export all derive from.
 * Client-safe: plain data and pure functions (the SQL is text the server wraps with Prisma.raw).
 *
 * Adding a column is one entry here (and, for anything but plain text, its cell in
 * components/grid-columns.tsx): see docs/architecture.md.
 */

/** How a sort value from a keyset cursor is cast back in SQL. */
type SortCast = 'timestamptz' | 'text' | 'int' | 'status' | 'type' | 'numeric';

export interface RegistryColumn {
  id: string;
  /** Header, column menu and (unless an export column says otherwise) CSV header. */
  label: string;
  /**
   * Tailwind width class (the table is laid out fixed at the sum of its columns, so nothing
   * squeezes a cell): sized for one line in the compact density; the loading skeleton uses it too.
   * A class, not an inline style: the Content-Security-Policy refuses style attributes.
   */
  width: string;
  align?: 'end';
  /** Hidden until a user shows it. */
  defaultHidden?: boolean;
  /**
   * Server-side sort: a `refunds` column, whether it may be null (no keyset cursor then), its cast,
   * the row's value for cursors, and a column rows are grouped by first (`within`: amounts sort
   * within their currency, never interleaving €365.09 and £322.67).
   */
  sort?: { sql: string; nullable: boolean; cast: SortCast; value: (row: GridRow) => string | number | null; within?: 'currency' };
  /**
   * CSV columns this grid column exports, in order: SQL over `r` (refunds) and `a` (shop_accounts);
   * free text is neutralised against formulas; `money` SQL is numeric in the refund's currency,
   * written with that currency's minor units, and brings the Currency column along.
   */
  export: readonly { key: string; header: string; sql: string; freeText?: boolean; money?: boolean }[];
}

/**
 * One figure from an `amount_details` array (our normalised shape, decimals validated at the
 * client's edge): the exact numeric sum of the fields over its entries, or NULL when there are none
 * or any entry is in another currency than the refund's.
 */
const detailSum = (array: 'discounts' | 'shippingFees', fields: string[]) =>
  `(SELECT CASE WHEN bool_and(coalesce(e->>'currency', r.currency) = r.currency) THEN sum(${fields.map((f) => `coalesce((e->>'${f}')::numeric, 0)`).join(' + ')}) END FROM jsonb_array_elements(coalesce(r.amount_details->'${array}', '[]'::jsonb)) e)`;

const localTime = (column: string) => `to_char(r.${column}, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM')`;

export const REFUND_COLUMNS = [
  {
    id: 'refundId',
    label: 'Marketplace Refund ID',
    width: 'w-40',
    sort: { sql: 'marketplace_refund_id', nullable: false, cast: 'text', value: (row) => row.refundId },
    export: [{ key: 'refundId', header: 'Marketplace Refund ID', sql: 'r.marketplace_refund_id' }],
  },
  {
    id: 'orderId',
    label: 'Marketplace Order ID',
    width: 'w-40',
    sort: { sql: 'marketplace_order_id', nullable: false, cast: 'text', value: (row) => row.orderId },
    export: [{ key: 'orderId', header: 'Marketplace Order ID', sql: 'r.marketplace_order_id' }],
  },
  {
    id: 'account',
    label: 'Account ID',
    width: 'w-40',
    sort: { sql: 'account_id', nullable: false, cast: 'int', value: (row) => row.accountId },
    export: [
      { key: 'account', header: 'Account ID', sql: 'coalesce(a.shop_id, a.id::text)' },
      { key: 'accountName', header: 'Account', sql: 'a.name', freeText: true },
    ],
  },
  {
    id: 'type',
    label: 'Type',
    width: 'w-34',
    sort: { sql: 'type', nullable: false, cast: 'type', value: (row) => row.type },
    export: [{ key: 'type', header: 'Type', sql: "CASE r.type WHEN 'ReturnAndRefund' THEN 'Return & Refund' ELSE r.type::text END" }],
  },
  {
    id: 'status',
    label: 'Status',
    width: 'w-44',
    sort: { sql: 'status', nullable: false, cast: 'status', value: (row) => row.status },
    export: [
      { key: 'status', header: 'Status', sql: 'r.status::text' },
      { key: 'statusDetail', header: 'Status detail', sql: 'r.status_detail' },
      { key: 'decidedBy', header: 'Status set by', sql: "CASE r.status_source WHEN 'Marketplace' THEN 'TikTok' ELSE 'Admin' END" },
      { key: 'needsReview', header: 'Needs review', sql: "CASE WHEN r.needs_review THEN 'yes' ELSE '' END" },
    ],
  },
  {
    id: 'marketplaceStatus',
    label: 'Marketplace Status',
    width: 'w-44',
    sort: { sql: 'marketplace_status', nullable: false, cast: 'text', value: (row) => row.marketplaceStatus },
    export: [{ key: 'marketplaceStatus', header: 'Marketplace Status', sql: 'r.marketplace_status' }],
  },
  {
    id: 'reason',
    label: 'Reason',
    width: 'w-44',
    export: [{ key: 'reason', header: 'Reason', sql: 'coalesce(r.reason_text, r.reason)', freeText: true }],
  },
  {
    id: 'amount',
    label: 'Amount',
    width: 'w-26',
    align: 'end',
    sort: { sql: 'refund_amount', nullable: true, cast: 'numeric', value: (row) => row.amount, within: 'currency' },
    export: [{ key: 'amount', header: 'Refund amount', sql: 'r.refund_amount', money: true }],
  },
  {
    id: 'adjustments',
    label: 'Offer & discounts',
    width: 'w-36',
    align: 'end',
    defaultHidden: true,
    // Amounts in the refund's currency (the Currency column); an entry in another currency blanks its figure, never mixes.
    export: [
      {
        key: 'partialOffer',
        header: 'Partial refund offered',
        sql: "CASE WHEN r.amount_details->'partialRefund'->>'currency' = r.currency THEN (r.amount_details->'partialRefund'->>'amount')::numeric END",
        money: true,
      },
      {
        key: 'offerAnswer',
        header: 'Offer answer',
        sql: "CASE WHEN r.amount_details->'partialRefund' IS NULL THEN NULL WHEN r.amount_details->>'buyerRejectedPartialRefund' = 'true' THEN 'declined' ELSE 'offered' END",
      },
      { key: 'sellerDiscount', header: 'Seller discount', sql: detailSum('discounts', ['productSellerDiscount', 'shippingFeeSellerDiscount']), money: true },
      {
        key: 'platformDiscount',
        header: 'Platform discount',
        sql: detailSum('discounts', ['productPlatformDiscount', 'shippingFeePlatformDiscount']),
        money: true,
      },
      { key: 'shippingBuyerPaid', header: 'Return shipping paid by buyer', sql: detailSum('shippingFees', ['buyerPaid']), money: true },
      { key: 'shippingSellerPaid', header: 'Return shipping paid by seller', sql: detailSum('shippingFees', ['sellerPaid']), money: true },
      { key: 'shippingPlatformPaid', header: 'Return shipping paid by TikTok', sql: detailSum('shippingFees', ['platformPaid']), money: true },
    ],
  },
  {
    id: 'respondBy',
    label: 'Respond by',
    width: 'w-26',
    sort: { sql: 'respond_by', nullable: true, cast: 'timestamptz', value: (row) => row.respondBy },
    export: [{ key: 'respondBy', header: 'Respond by', sql: localTime('respond_by') }],
  },
  {
    id: 'createdAt',
    label: 'Created At',
    width: 'w-32',
    sort: { sql: 'marketplace_created_at', nullable: false, cast: 'timestamptz', value: (row) => row.createdAt },
    export: [{ key: 'createdAt', header: 'Created At', sql: localTime('marketplace_created_at') }],
  },
  {
    id: 'updatedAt',
    label: 'Updated At',
    width: 'w-32',
    sort: { sql: 'marketplace_updated_at', nullable: false, cast: 'timestamptz', value: (row) => row.updatedAt },
    export: [{ key: 'updatedAt', header: 'Updated At', sql: localTime('marketplace_updated_at') }],
  },
] as const satisfies readonly RegistryColumn[];

export type ColumnId = (typeof REFUND_COLUMNS)[number]['id'];
type SortableColumn = Extract<(typeof REFUND_COLUMNS)[number], { sort: object }>;
export type SortColumn = SortableColumn['id'];
export type ExportKey = (typeof REFUND_COLUMNS)[number]['export'][number]['key'];

export const COLUMN_IDS = REFUND_COLUMNS.map((column) => column.id) as [ColumnId, ...ColumnId[]];
export const SORT_COLUMNS = REFUND_COLUMNS.flatMap((column) => ('sort' in column ? [column.id] : [])) as [SortColumn, ...SortColumn[]];
export const DEFAULT_SORT: SortColumn = 'createdAt';
/** Columns a user sees only after choosing them (also when they are new to a layout saved before they existed). */
export const DEFAULT_HIDDEN: ColumnId[] = REFUND_COLUMNS.flatMap((column) => ((column as RegistryColumn).defaultHidden ? [column.id] : []));

const byId = new Map<string, RegistryColumn>(REFUND_COLUMNS.map((column) => [column.id, column]));

/** The registry entry of an id, or undefined (a Map: ids from a URL never reach Object.prototype). */
export function columnById(id: string): RegistryColumn | undefined {
  return byId.get(id);
}

export function sortOf(id: SortColumn): NonNullable<RegistryColumn['sort']> {
  return byId.get(id)!.sort!;
}

/** Columns around the data columns: the selection box first, Refund Data and the actions last (pinned). */
export const FIXED_COLUMNS = {
  select: { id: 'select', label: '', width: 'w-9' },
  refundData: { id: 'refundData', label: 'Refund Data', width: 'w-18' },
  actions: { id: 'actions', label: 'Actions', width: 'w-42' },
} as const;
