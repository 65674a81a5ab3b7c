import { marketFinance } from './finance-markets';
import {
  lineFeeTax,
  lineRevenue,
  lineSettlement,
  lineShipping,
  paymentStatus,
  type LedgerStatement,
  type LedgerTransaction,
  type ShopLedger,
} from './finance-model';
import { mergePieces, type Piece } from './pieces';
import { hashString } from './random';
import { formatMinor } from './tiktok-json';

/**
 * The ledger as TikTok's Finance JSON (contract 2.2-2.6): signed decimal strings at the currency's
 * precision, "" for the fields a market leaves empty, per-type field subsets (an adjustment has no
 * revenue breakdown), the odd stray space ("0 ", as in the official sample) and members the spec
 * does not list but live payloads carry (2.4).
 */

type Json = Record<string, unknown>;

/** Members that are not zero, plus those a line of this kind always carries. */
function members(decimals: number, entries: [string, number, boolean?][]): Json {
  return Object.fromEntries(entries.filter(([, value, always]) => always === true || value !== 0).map(([key, value]) => [key, formatMinor(value, decimals)]));
}

function breakdowns(p: Piece, decimals: number, extras: { undocumented: boolean; strayZero: boolean }) {
  const sale = p.subtotal !== 0 || p.sellerDiscount !== 0;
  const refund = p.refundSubtotal !== 0 || p.sellerDiscountRefund !== 0;
  return {
    revenue_breakdown: {
      ...members(decimals, [
        ['subtotal_before_discount_amount', p.subtotal, sale],
        ['seller_discount_amount', p.sellerDiscount, sale],
        ['refund_subtotal_before_discount_amount', p.refundSubtotal, refund],
        ['seller_discount_refund_amount', p.sellerDiscountRefund, refund],
      ]),
      ...(extras.undocumented ? { distant_item_fee_amount: formatMinor(0, decimals) } : {}),
    },
    shipping_cost_breakdown: {
      ...members(decimals, [
        ['actual_shipping_fee_amount', p.actualShipping, sale],
        ['customer_paid_shipping_fee_amount', p.customerShipping, sale],
        ['return_shipping_fee_amount', p.returnShipping],
      ]),
      ...(extras.strayZero ? { signature_confirmation_fee_amount: `${formatMinor(0, decimals)} ` } : {}),
      ...(extras.undocumented ? { logistics_service_fee: formatMinor(0, decimals) } : {}),
      ...(p.refundedCustomerShipping !== 0
        ? { supplementary_component: members(decimals, [['refunded_customer_shipping_fee_amount', p.refundedCustomerShipping]]) }
        : {}),
    },
    fee_tax_breakdown: {
      fee: members(decimals, [
        ['referral_fee_amount', p.referral, true],
        ['refund_administration_fee_amount', p.adminFee],
      ]),
      tax: {},
    },
  };
}

const pieceRevenue = (p: Piece) => p.subtotal + p.sellerDiscount + p.refundSubtotal + p.sellerDiscountRefund;
const pieceShipping = (p: Piece) => p.actualShipping + p.customerShipping + p.returnShipping;
const pieceFeeTax = (p: Piece) => p.referral + p.adminFee;

/** One transaction of Get Statement Transactions (2.3). */
export function transactionJson(ledger: ShopLedger, t: LedgerTransaction): Json {
  const m = (value: number) => formatMinor(value, ledger.decimals);
  if (t.type !== 'ORDER') {
    return {
      id: t.id,
      type: t.type,
      adjustment_id: t.adjustmentId,
      adjustment_order_id: t.orderId ?? '',
      order_create_time: t.orderCreateTime,
      adjustment_amount: m(t.adjustment),
      settlement_amount: m(t.adjustment),
    };
  }
  const whole = mergePieces(t.pieces.map((p) => ({ ...p, skuId: '' })));
  const p = whole[0]!;
  return {
    id: t.id,
    type: 'ORDER',
    order_id: t.orderId,
    order_create_time: t.orderCreateTime,
    settlement_amount: m(lineSettlement(t)),
    revenue_amount: m(lineRevenue(t)),
    shipping_cost_amount: m(lineShipping(t)),
    fee_tax_amount: m(lineFeeTax(t)),
    ...breakdowns(p, ledger.decimals, { undocumented: false, strayZero: hashString(t.id) % 7 === 0 }),
    supplementary_component: members(ledger.decimals, [
      ['customer_payment_amount', p.customerPayment],
      ['customer_refund_amount', p.customerRefund],
      ['platform_discount_amount', p.platformDiscount],
      ['platform_discount_refund_amount', p.platformDiscountRefund],
      ['sales_tax_amount', p.salesTax],
    ]),
  };
}

/** One statement of Get Statements (2.2), with its payment as of `now`. */
export function statementJson(ledger: ShopLedger, s: LedgerStatement, now: number): Json {
  const market = marketFinance(ledger.region);
  const m = (value: number) => formatMinor(value, ledger.decimals);
  const payment = s.paymentId ? ledger.paymentById.get(s.paymentId) : undefined;
  const paid = paymentStatus(payment, now);
  return {
    id: s.id,
    statement_time: s.time,
    currency: ledger.currency,
    settlement_amount: m(s.settlement),
    // US and UK statements leave revenue_amount empty and carry net sales instead (contract 2.2, F-CHG).
    revenue_amount: market.netSalesInsteadOfRevenue ? '' : m(s.revenue),
    ...(market.sea ? {} : { net_sales_amount: m(s.revenue), shipping_cost_amount: m(s.shipping) }),
    // SEA local sellers: shipping is counted among the fees.
    fee_amount: m(market.sea ? s.feeTax + s.shipping : s.feeTax),
    adjustment_amount: m(s.adjustment),
    payment_status: paid.status,
    payment_id: paid.visible ? payment!.id : '',
  };
}

/** The header of Get Statement Transactions (2.3). */
export function statementHeaderJson(ledger: ShopLedger, s: LedgerStatement): Json {
  const market = marketFinance(ledger.region);
  const m = (value: number) => formatMinor(value, ledger.decimals);
  return {
    id: s.id,
    create_time: s.time,
    status: 'SETTLED',
    currency: ledger.currency,
    payable_amount: m(s.settlement),
    ...(market.netSalesInsteadOfRevenue ? { total_reserve_amount: m(0) } : {}),
    total_settlement_amount: m(s.settlement),
    total_settlement_breakdown: {
      total_revenue_amount: m(s.revenue),
      total_shipping_cost_amount: m(s.shipping),
      total_fee_tax_amount: m(s.feeTax),
      total_adjustment_amount: m(s.adjustment),
    },
  };
}

/**
 * Get Order Statement Transactions (2.4): the order's settled lines, one entry per SKU per line. An
 * order with nothing settled yet answers an empty list: TikTok's answer for it is not documented.
 */
export function orderTransactionsJson(ledger: ShopLedger, orderId: string): Json {
  const m = (value: number) => formatMinor(value, ledger.decimals);
  const lines = ledger.orderLines.get(orderId) ?? [];
  const skuTransactions = lines.flatMap(({ statement, transaction }) =>
    transaction.pieces.map((p) => ({
      sku_id: p.skuId,
      sku_name: p.skuName,
      product_name: p.productName,
      statement_id: statement.id,
      quantity: String(p.quantity),
      settlement_amount: m(pieceRevenue(p) + pieceShipping(p) + pieceFeeTax(p)),
      revenue_amount: m(pieceRevenue(p)),
      shipping_cost_amount: m(pieceShipping(p)),
      fee_tax_amount: m(pieceFeeTax(p)),
      ...breakdowns(p, ledger.decimals, { undocumented: hashString(`${transaction.id}:${p.skuId}`) % 3 === 0, strayZero: false }),
    })),
  );
  const pieces = lines.flatMap(({ transaction }) => transaction.pieces);
  const total = (fn: (p: Piece) => number) => m(pieces.reduce((s, p) => s + fn(p), 0));
  const order = ledger.orders.find((o) => o.id === orderId);
  return {
    order_id: orderId,
    ...(order ? { order_create_time: order.createTime } : {}),
    currency: ledger.currency,
    revenue_amount: total(pieceRevenue),
    fee_and_tax_amount: total(pieceFeeTax),
    shipping_cost_amount: total(pieceShipping),
    settlement_amount: total((p) => pieceRevenue(p) + pieceShipping(p) + pieceFeeTax(p)),
    total_count: skuTransactions.length,
    sku_transactions: skuTransactions,
  };
}

/** One payment of Get Payments (2.6): before-exchange amount = settlement (+ reserve, none here), rate 1. */
export function paymentJson(ledger: ShopLedger, payment: { id: string; createTime: number; paidTime: number; amount: number }, now: number): Json {
  const money = (minor: number) => ({ value: formatMinor(minor, ledger.decimals), currency: ledger.currency });
  const paid = paymentStatus({ ...payment, statementIds: [] }, now);
  return {
    id: payment.id,
    create_time: payment.createTime,
    status: paid.status,
    amount: money(payment.amount),
    settlement_amount: money(payment.amount),
    reserve_amount: money(0),
    payment_amount_before_exchange: money(payment.amount),
    exchange_rate: '1.000000',
    paid_time: paid.paidTime,
    bank_account: `***********${String(hashString(`${ledger.shopIndex}:bank`) % 10000).padStart(4, '0')}`,
  };
}
