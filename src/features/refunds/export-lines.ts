import { Prisma } from '@/generated/prisma/client';
import { THREE_DECIMAL_CURRENCIES, ZERO_DECIMAL_CURRENCIES } from '@/lib/money';
import { sortOf } from './columns';
import type { Search } from './search-params';
import { filterConditions, where, type FilterContext } from './sql-filters';

/**
 * The "refund lines" export, for accounting imports: one row per refunded SKU of each refund the
 * grid's filter matches, in the grid's order. TikTok sends one line item per unit and no quantity
 * (API doc 4.1), so a SKU's quantity is its number of line items and its amount their sum. A refund
 * without line items (some cancellations) is one row with its whole amount and no SKU, so the file
 * still adds up to the refunds. Fees come from the statement lines the reconciliation matched to the
 * refund (blank until TikTok settles it), split over the refund's SKU rows in proportion to their
 * amounts, exactly: each row is truncated to 4 decimals and the last takes the remainder.
 */

const sql = Prisma.sql;
const q = (code: string) => `'${code}'`;
const DIGITS = (currency: string) =>
  `CASE WHEN ${currency} IN (${ZERO_DECIMAL_CURRENCIES.map(q).join(', ')}) THEN 0 WHEN ${currency} IN (${THREE_DECIMAL_CURRENCIES.map(q).join(', ')}) THEN 3 ELSE 2 END`;
/** Amount text with its currency's minor units, never dropping a digit TikTok wrote (as the refunds export). */
const money = (expression: string, currency: string) =>
  `CASE WHEN (${expression}) IS NULL THEN NULL WHEN round((${expression}), ${DIGITS(currency)}) = (${expression}) THEN round((${expression}), ${DIGITS(currency)})::text ELSE trim_scale(${expression})::text END`;

/** One fee from the refund's matches, split over its lines (l.* below). */
const allocated = (fee: string) => `CASE WHEN f.${fee} IS NULL THEN NULL
    WHEN l.position = l.lines THEN f.${fee} - coalesce(sum(trunc(f.${fee} * l.amount / nullif(l.refund_lines_amount, 0), 4)) OVER (PARTITION BY l.refund_row ORDER BY l.position ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
    ELSE trunc(f.${fee} * l.amount / nullif(l.refund_lines_amount, 0), 4) END`;

/** CSV headers, in order (fixed text of ours; the SELECT below writes them as column aliases). */
const LINE_HEADERS = [
  'Marketplace Refund ID',
  'Marketplace Order ID',
  'Account ID',
  'Account',
  'Status',
  'Marketplace Status',
  'SKU ID',
  'Seller SKU',
  'SKU name',
  'Product',
  'Quantity',
  'Refund amount',
  'Currency',
  'Referral fee returned',
  'Refund administration fee',
  'Return shipping fee',
] as const;

export function exportLinesQuery(search: Search, context: FilterContext): Prisma.Sql {
  const spec = sortOf(search.sort);
  const dir = search.dir === 'asc' ? 'ASC' : 'DESC';
  const group = spec.within ? `r.${spec.within} ${dir} NULLS LAST, ` : '';
  const neutral = (expression: string) => `CASE WHEN ${expression} ~ '^[=+@\t\r-]' THEN '''' || ${expression} ELSE ${expression} END`;
  // Registry SQL, headers and sort columns are fixed text of ours; the filter's values stay bound.
  return sql`
    WITH r AS (SELECT * FROM refunds ${where(filterConditions(search, context))}),
    units AS (
      SELECT r.id AS refund_row, li, ord
        FROM r CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(r.line_items) WHEN 'array' THEN r.line_items ELSE '[]'::jsonb END) WITH ORDINALITY AS t(li, ord)
    ),
    skus AS (
      SELECT refund_row, li->>'skuId' AS sku_id, min(li->>'sellerSku') AS seller_sku, min(li->>'skuName') AS sku_name, min(li->>'productName') AS product_name,
             count(*) AS quantity, sum((li->>'amount')::numeric) AS amount, min(ord) AS first_unit
        FROM units GROUP BY refund_row, li->>'skuId'
    ),
    l AS (
      SELECT r.id AS refund_row, s.sku_id, s.seller_sku, s.sku_name, s.product_name, s.quantity,
             CASE WHEN s.refund_row IS NULL THEN r.refund_amount ELSE s.amount END AS amount,
             row_number() OVER (PARTITION BY r.id ORDER BY s.first_unit) AS position,
             count(*) OVER (PARTITION BY r.id) AS lines,
             sum(CASE WHEN s.refund_row IS NULL THEN r.refund_amount ELSE s.amount END) OVER (PARTITION BY r.id) AS refund_lines_amount
        FROM r LEFT JOIN skus s ON s.refund_row = r.id
    ),
    f AS (
      SELECT m.refund_id, sum(m.referral_fee_amount) AS referral_fee, sum(m.admin_fee_amount) AS admin_fee, sum(m.return_shipping_amount) AS return_shipping
        FROM refund_statement_matches m JOIN r ON r.id = m.refund_id AND m.currency = r.currency
       GROUP BY m.refund_id
    )
    SELECT r.marketplace_refund_id AS "${Prisma.raw(LINE_HEADERS[0])}", r.marketplace_order_id AS "${Prisma.raw(LINE_HEADERS[1])}",
           coalesce(a.shop_id, a.id::text) AS "${Prisma.raw(LINE_HEADERS[2])}", ${Prisma.raw(neutral('a.name'))} AS "${Prisma.raw(LINE_HEADERS[3])}",
           r.status::text AS "${Prisma.raw(LINE_HEADERS[4])}", r.marketplace_status AS "${Prisma.raw(LINE_HEADERS[5])}",
           l.sku_id AS "${Prisma.raw(LINE_HEADERS[6])}", ${Prisma.raw(neutral('l.seller_sku'))} AS "${Prisma.raw(LINE_HEADERS[7])}",
           ${Prisma.raw(neutral('l.sku_name'))} AS "${Prisma.raw(LINE_HEADERS[8])}", ${Prisma.raw(neutral('l.product_name'))} AS "${Prisma.raw(LINE_HEADERS[9])}",
           l.quantity AS "${Prisma.raw(LINE_HEADERS[10])}", ${Prisma.raw(money('l.amount', 'r.currency'))} AS "${Prisma.raw(LINE_HEADERS[11])}",
           r.currency AS "${Prisma.raw(LINE_HEADERS[12])}",
           ${Prisma.raw(money(allocated('referral_fee'), 'r.currency'))} AS "${Prisma.raw(LINE_HEADERS[13])}",
           ${Prisma.raw(money(allocated('admin_fee'), 'r.currency'))} AS "${Prisma.raw(LINE_HEADERS[14])}",
           ${Prisma.raw(money(allocated('return_shipping'), 'r.currency'))} AS "${Prisma.raw(LINE_HEADERS[15])}"
      FROM r JOIN shop_accounts a ON a.id = r.account_id
      JOIN l ON l.refund_row = r.id
      LEFT JOIN f ON f.refund_id = r.id
     ORDER BY ${Prisma.raw(group)}r.${Prisma.raw(spec.sql)} ${Prisma.raw(dir)} NULLS LAST, r.id ${Prisma.raw(dir)}, l.position`;
}
