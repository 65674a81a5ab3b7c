import { RETURN_REASONS } from './catalog';
import { marketFinance, type FinanceSettings, type MarketFinance } from './finance-markets';
import { toMinorUnits, type SandboxOrder } from './orders';
import { mergePieces, refundPieces, salePieces, sum, type Piece, type RefundMoney } from './pieces';
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

/** When the order shipped and may first settle, or null while that is not decided yet. */
function settleFrom(order: SandboxOrder, market: MarketFinance, seed: string): { from: number; shipped: boolean } | null {
  if (order.deliveredAt !== null) return { from: order.deliveredAt + market.settlementDays * DAY, shipped: true };
  const primary = order.primary!;
  const cancelled = primary.steps.find((step) => step.status === 'CANCELLATION_REQUEST_COMPLETE');
  // Cancelled before shipment: nothing to wait for; the order settles at zero once nothing is open.
  // Whether TikTok sends such zero lines is not established (contract 9); the sandbox does, so a
  // cancellation's money is visible like any other refund's.
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
