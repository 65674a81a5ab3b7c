import { RETURN_REASONS } from './catalog';
import { marketFinance, type FinanceSettings, type MarketFinance } from './finance-markets';
import { toMinorUnits, type SandboxOrder, type Unit } from './orders';
import type { RequestSeed } from './population';
import { createRng } from './random';
import { DAY, HOUR } from './timelines';

/**
 * What one order does to the seller's money, as TikTok's Finance API shows it (contract 7): one
 * ORDER line when the order settles, N days after delivery and not while an after-sales request is
 * open, with every refund paid before that netted into it; a new ORDER line for the same order in
 * a later statement for each refund paid after; adjustments (reimbursements and others) with
 * `adjustment_order_id`. Amounts are signed minor units from the seller's side. Planted
 * discrepancies are decided here, per refund or order, by a hash of its id.
 */

/** A refund reached the buyer: the money moves at this step (the sandbox has no later one for REPLACEMENT_REQUEST_REFUND_SUCCESS). */
export const PAID_STATUSES = new Set(['RETURN_OR_REFUND_REQUEST_COMPLETE', 'CANCELLATION_REQUEST_COMPLETE', 'REPLACEMENT_REQUEST_REFUND_SUCCESS']);
/** After these nothing more happens to the request, so the order may settle. */
const TERMINAL = new Set([
  ...PAID_STATUSES,
  'RETURN_OR_REFUND_REQUEST_CANCEL',
  'REPLACEMENT_REQUEST_COMPLETE',
  'REPLACEMENT_REQUEST_CANCEL',
  'CANCELLATION_REQUEST_CANCELLED',
  'CANCELLATION_REQUEST_CANCEL',
]);
/** Product-issue reasons: the seller pays return shipping and loses the platform discount (contract 7.4). */
const SELLER_FAULT = new Set([
  ...RETURN_REASONS.slice(0, 5).map(([key]) => key),
  RETURN_REASONS[7]![0],
  RETURN_REASONS[8]![0],
  'seller_cancel_reason_out_of_stock',
]);

/** One SKU's share of an ORDER line: what Get Order Statement Transactions (2.4) shows as one sku_transaction. */
export interface Piece {
  skuId: string;
  skuName: string;
  productName: string;
  quantity: number;
  subtotal: number;
  sellerDiscount: number;
  refundSubtotal: number;
  sellerDiscountRefund: number;
  actualShipping: number;
  customerShipping: number;
  returnShipping: number;
  refundedCustomerShipping: number;
  referral: number;
  adminFee: number;
  customerPayment: number;
  customerRefund: number;
  platformDiscount: number;
  platformDiscountRefund: number;
  salesTax: number;
}

export interface MoneyLine {
  /** When the money moved; the statement is the next 00:00 UTC cut after it. */
  at: number;
  statementTime: number;
  type: string;
  orderId: string | null;
  orderCreateTime: number;
  /** ORDER lines. */
  pieces: Piece[];
  /** Adjustments: signed amount. */
  adjustment: number;
  /** What the line is, for the truth endpoint: a sale, a refund's clawback, a planted line... */
  role: 'settlement' | 'clawback' | 'orphan_clawback' | 'reimbursement' | 'adjustment';
  refundId?: string;
  /** Planted overcharge: minor units deducted beyond the refund. */
  overcharge?: number;
}

export interface RefundFact {
  request: RequestSeed;
  orderId: string;
  paidAt: number;
  /** Sum of the refunded units' sale prices: the buyer's refund for the goods. */
  goods: number;
  /** goods + shipping + tax: the buyer's refund_total. */
  total: number;
  units: number;
  platformIssued: boolean;
  plant: 'missing_clawback' | 'overcharge' | null;
}

export interface OrderMoney {
  lines: MoneyLine[];
  refunds: RefundFact[];
  settledAt: number | null;
}

export const cutAfter = (at: number) => Math.floor(at / DAY) * DAY + DAY;

const emptyPiece = (unit: Unit): Piece => ({
  skuId: unit.skuId,
  skuName: unit.skuName,
  productName: unit.productName,
  quantity: 0,
  subtotal: 0,
  sellerDiscount: 0,
  refundSubtotal: 0,
  sellerDiscountRefund: 0,
  actualShipping: 0,
  customerShipping: 0,
  returnShipping: 0,
  refundedCustomerShipping: 0,
  referral: 0,
  adminFee: 0,
  customerPayment: 0,
  customerRefund: 0,
  platformDiscount: 0,
  platformDiscountRefund: 0,
  salesTax: 0,
});

type Amount = Exclude<keyof Piece, 'skuId' | 'skuName' | 'productName'>;
const AMOUNTS = Object.keys(emptyPiece({ skuId: '', skuName: '', productName: '' } as Unit)).filter(
  (key) => key !== 'skuId' && key !== 'skuName' && key !== 'productName',
) as Amount[];

/**
 * Adds pieces of the same SKU together; pieces come out in SKU order (the order-level amounts sit on
 * the first). The quantity is the first list's: a settlement line counts the units sold, the refunds
 * netted into it do not add units.
 */
export function mergePieces(...lists: Piece[][]): Piece[] {
  const bySku = new Map<string, Piece>();
  for (const piece of lists.flat()) {
    const into = bySku.get(piece.skuId);
    if (!into) bySku.set(piece.skuId, { ...piece });
    else for (const key of AMOUNTS) if (key !== 'quantity') into[key] += piece[key];
  }
  return [...bySku.values()].sort((a, b) => a.skuId.localeCompare(b.skuId));
}

function bySku(units: Unit[]): Unit[][] {
  const groups = new Map<string, Unit[]>();
  for (const unit of units) groups.set(unit.skuId, [...(groups.get(unit.skuId) ?? []), unit]);
  return [...groups.values()].sort((a, b) => a[0]!.skuId.localeCompare(b[0]!.skuId));
}

const sum = (units: Unit[], key: 'price' | 'sellerDiscount' | 'platformDiscount' | 'sale' | 'referral') => units.reduce((total, unit) => total + unit[key], 0);

function salePieces(order: SandboxOrder, shipped: boolean): Piece[] {
  return bySku(order.units).map((units, i) => ({
    ...emptyPiece(units[0]!),
    quantity: units.length,
    subtotal: sum(units, 'price'),
    sellerDiscount: -sum(units, 'sellerDiscount'),
    referral: -sum(units, 'referral'),
    platformDiscount: sum(units, 'platformDiscount'),
    customerPayment: sum(units, 'sale') + (i === 0 ? order.shippingPaid + order.tax : 0),
    ...(i === 0 ? { customerShipping: order.shippingPaid, actualShipping: shipped ? -order.shippingLabel : 0, salesTax: order.tax } : {}),
  }));
}

interface RefundMoney {
  units: Unit[];
  shipping: number;
  tax: number;
  sellerFault: boolean;
  /** No admin fee on refunds started before shipping (cancellations; contract 7.4). */
  adminFee: boolean;
  returnLabel: boolean;
  overcharge: number;
  refundId?: string;
}

/** A refund's clawback (contract 7.2-7.3): refunded gross, seller discount given back, referral fee given back, admin fee, shipping. */
function refundPieces(refund: RefundMoney, market: MarketFinance): Piece[] {
  return bySku(refund.units).map((units, i) => {
    const referral = sum(units, 'referral');
    const admin = refund.adminFee ? Math.min(Math.round(referral * market.adminFeeRate), market.adminFeeCapPerSku ?? Infinity) : 0;
    // Not the seller's fault: TikTok keeps funding its discount, so only what the seller earned from the buyer goes back (inference).
    const kept = refund.sellerFault ? 0 : sum(units, 'platformDiscount');
    return {
      ...emptyPiece(units[0]!),
      quantity: units.length,
      refundSubtotal: -(sum(units, 'price') - kept) - (i === 0 ? refund.overcharge : 0),
      sellerDiscountRefund: sum(units, 'sellerDiscount'),
      platformDiscountRefund: refund.sellerFault ? sum(units, 'platformDiscount') : 0,
      referral,
      adminFee: -admin,
      customerRefund: sum(units, 'sale') + (i === 0 ? refund.shipping + refund.tax : 0),
      ...(i === 0
        ? { customerShipping: -refund.shipping, refundedCustomerShipping: -refund.shipping, returnShipping: refund.returnLabel ? -market.returnLabel : 0 }
        : {}),
    };
  });
}

/** When the order shipped and may first settle, or null while that is not decided yet. */
function settleFrom(order: SandboxOrder, market: MarketFinance, seed: string): { from: number; shipped: boolean } | null {
  if (order.deliveredAt !== null) return { from: order.deliveredAt + market.settlementDays * DAY, shipped: true };
  const primary = order.primary!;
  const cancelled = primary.steps.find((step) => step.status === 'CANCELLATION_REQUEST_COMPLETE');
  // Cancelled before shipment: nothing to wait for; the order settles (at zero) once nothing is open.
  if (cancelled) return { from: cancelled.at, shipped: false };
  const closed = primary.steps.find((step) => TERMINAL.has(step.status));
  if (!closed) return null;
  const delivered = closed.at + createRng(`${seed}:delivery:${order.id}`).int(2 * DAY, 4 * DAY);
  return { from: delivered + market.settlementDays * DAY, shipped: true };
}

/** The first instant from `from` on at which no existing request on the order is open (contract 8.2). */
function settlementTime(order: SandboxOrder, from: number): number | null {
  let at = from;
  for (let moved = true, rounds = 0; moved && rounds < 20; rounds++) {
    moved = false;
    for (const request of order.requests) {
      if (request.createTime > at) continue;
      const current = [...request.steps].reverse().find((step) => step.at <= at);
      if (!current || TERMINAL.has(current.status)) continue;
      const close = request.steps.find((step) => step.at > at && TERMINAL.has(step.status));
      if (!close) return null;
      at = close.at;
      moved = true;
    }
  }
  return at;
}

function money(order: SandboxOrder, request: RequestSeed, decimals: number) {
  const units = order.units.filter((unit) => request.lineItems.some((item) => item.orderLineItemId === unit.id));
  const minor = (value: string | null) => (value ? toMinorUnits(value, decimals) : 0);
  return { units, shipping: minor(request.shippingFee), tax: minor(request.tax) };
}

/** Everything the order has done to the seller's money, whenever it happens (the caller cuts at its horizon). */
export function orderMoney(order: SandboxOrder, context: { seed: string; region: string; decimals: number; settings: FinanceSettings }): OrderMoney {
  const { seed, settings, decimals } = context;
  const market = marketFinance(context.region);
  const lines: MoneyLine[] = [];
  const refunds: RefundFact[] = [];
  const start = settleFrom(order, market, seed);
  const settledAt = start ? settlementTime(order, start.from) : null;
  const netted: RefundMoney[] = [];
  for (const request of order.requests) {
    const paid = request.steps.find((step) => PAID_STATUSES.has(step.status));
    if (!paid) continue;
    const { units, shipping, tax } = money(order, request, decimals);
    const goods = sum(units, 'sale');
    const platformIssued = paid.arbitration === 'SUPPORT_BUYER';
    const roll = createRng(`${seed}:plant:${request.id}`).next();
    const eligible = !order.shared && !platformIssued && PAID_STATUSES.has(request.steps.at(-1)!.status);
    const plant = !eligible
      ? null
      : roll < settings.missingClawbackRate
        ? 'missing_clawback'
        : roll < settings.missingClawbackRate + settings.overchargeRate
          ? 'overcharge'
          : null;
    refunds.push({ request, orderId: order.id, paidAt: paid.at, goods, total: goods + shipping + tax, units: units.length, platformIssued, plant });
    const rng = createRng(`${seed}:refund-money:${request.id}`);
    const overcharge = plant === 'overcharge' ? Math.max(1, Math.round((goods * rng.int(10, 40)) / 100)) : 0;
    const sellerFault = SELLER_FAULT.has(request.reason[0]);
    const refund: RefundMoney = {
      units,
      shipping,
      tax,
      sellerFault,
      adminFee: request.kind === 'Return',
      returnLabel: request.type === 'RETURN_AND_REFUND' && sellerFault && request.steps.some((step) => step.shipped && step.at <= paid.at),
      overcharge,
      refundId: request.id,
    };
    if (platformIssued && rng.next() < settings.reimbursementRate) {
      const at = paid.at + rng.int(3 * DAY, 10 * DAY);
      const amount = Math.round((goods * rng.int(50, 100)) / 100);
      lines.push({
        at,
        statementTime: cutAfter(at),
        type: 'PLATFORM_REIMBURSEMENT',
        orderId: order.id,
        orderCreateTime: order.createTime,
        pieces: [],
        adjustment: amount,
        role: 'reimbursement',
        refundId: request.id,
      });
    }
    if (plant === 'missing_clawback') continue;
    if (settledAt === null || paid.at <= settledAt) {
      netted.push(refund);
      continue;
    }
    // After settlement: a new line in a later statement (R1: some land 1-3 statements late), never
    // in the settlement's own statement (two lines of one order in one statement is R7, not modelled).
    const late = rng.next() < settings.lateDeductionRate ? rng.int(1, 3) * DAY : 0;
    let statementTime = cutAfter(paid.at + late);
    if (statementTime === cutAfter(settledAt)) statementTime += DAY;
    lines.push({
      at: statementTime - HOUR,
      statementTime,
      type: 'ORDER',
      orderId: order.id,
      orderCreateTime: order.createTime,
      pieces: mergePieces(refundPieces(refund, market)),
      adjustment: 0,
      role: 'clawback',
      refundId: request.id,
      ...(overcharge ? { overcharge } : {}),
    });
  }
  if (settledAt !== null && start) {
    const pieces = mergePieces(salePieces(order, start.shipped), ...netted.map((refund) => refundPieces(refund, market)));
    const overcharged = netted.find((refund) => refund.overcharge > 0);
    lines.push({
      at: settledAt,
      statementTime: cutAfter(settledAt),
      type: 'ORDER',
      orderId: order.id,
      orderCreateTime: order.createTime,
      pieces,
      adjustment: 0,
      role: 'settlement',
      ...(overcharged ? { overcharge: overcharged.overcharge, refundId: overcharged.refundId } : {}),
    });
    if (order.plain) lines.push(...plainOrderExtras(order, settledAt, market, context));
  }
  return { lines, refunds, settledAt };
}

/** Plain orders: the odd unrelated adjustment, and the planted clawback nobody asked for. */
function plainOrderExtras(order: SandboxOrder, settledAt: number, market: MarketFinance, context: { seed: string; settings: FinanceSettings }): MoneyLine[] {
  const rng = createRng(`${context.seed}:plain-extras:${order.id}`);
  const lines: MoneyLine[] = [];
  const common = { orderId: order.id, orderCreateTime: order.createTime, pieces: [], adjustment: 0 };
  if (rng.next() < context.settings.orphanClawbackRate) {
    const at = settledAt + rng.int(2 * DAY, 12 * DAY);
    const refund: RefundMoney = { units: [order.units[0]!], shipping: 0, tax: 0, sellerFault: true, adminFee: true, returnLabel: false, overcharge: 0 };
    lines.push({ ...common, at, statementTime: cutAfter(at), type: 'ORDER', pieces: mergePieces(refundPieces(refund, market)), role: 'orphan_clawback' });
  }
  if (rng.next() < context.settings.adjustmentRate) {
    const at = settledAt + rng.int(DAY, 10 * DAY);
    const deduction = rng.chance(0.5);
    const amount = deduction ? -market.returnLabel : Math.round(order.shippingLabel / 4);
    lines.push({
      ...common,
      at,
      statementTime: cutAfter(at),
      type: deduction ? 'DEDUCTIONS_INCURRED_BY_SELLER' : 'SHIPPING_FEE_ADJUSTMENT',
      adjustment: amount,
      role: 'adjustment',
    });
  }
  return lines;
}
