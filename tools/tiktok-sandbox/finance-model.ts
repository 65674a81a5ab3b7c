import { financeSettings, shopOrders, type SandboxOrder } from './orders';
import { cutAfter, orderMoney, type MoneyLine, type RefundFact } from './money-events';
import { marketFinance } from './finance-markets';
import { tiktokId } from './population';
import { createRng } from './random';
import type { SandboxState } from './state';
import { DAY, HOUR } from './timelines';

/**
 * A shop's money as TikTok's Finance API serves it (contract 2 and 8): daily statements cut at
 * 00:00 UTC holding what settled the day before, their transactions, and the payments that pay
 * them out. Built from the orders (./orders.ts) and what each did to the money
 * (./money-events.ts) up to the last cut before the sandbox's clock, so a statement never changes
 * once it exists; only its payment moves from PROCESSING to PAID. Cached per shop until the
 * population changes (a decision, an evolution, an arrival) or the next cut.
 */

export interface LedgerTransaction extends MoneyLine {
  id: string;
  adjustmentId: string | null;
}

export interface LedgerStatement {
  id: string;
  time: number;
  transactions: LedgerTransaction[];
  revenue: number;
  shipping: number;
  feeTax: number;
  adjustment: number;
  settlement: number;
  paymentId: string | null;
}

export interface LedgerPayment {
  id: string;
  createTime: number;
  paidTime: number;
  amount: number;
  statementIds: string[];
}

export interface ShopLedger {
  shopIndex: number;
  region: string;
  currency: string;
  decimals: number;
  /** The last cut: every statement up to it exists. */
  horizon: number;
  statements: LedgerStatement[];
  statementById: Map<string, LedgerStatement>;
  /** ORDER lines per order id, for Get Order Statement Transactions. */
  orderLines: Map<string, { statement: LedgerStatement; transaction: LedgerTransaction }[]>;
  payments: LedgerPayment[];
  paymentById: Map<string, LedgerPayment>;
  /** Every paid refund of the shop's requests (also those paid after the horizon: filter by paidAt). */
  refunds: RefundFact[];
  orders: SandboxOrder[];
}

export const lineRevenue = (t: MoneyLine) => t.pieces.reduce((s, p) => s + p.subtotal + p.sellerDiscount + p.refundSubtotal + p.sellerDiscountRefund, 0);
export const lineShipping = (t: MoneyLine) => t.pieces.reduce((s, p) => s + p.actualShipping + p.customerShipping + p.returnShipping, 0);
export const lineFeeTax = (t: MoneyLine) => t.pieces.reduce((s, p) => s + p.referral + p.adminFee, 0);
export const lineSettlement = (t: MoneyLine) => lineRevenue(t) + lineShipping(t) + lineFeeTax(t) + t.adjustment;

const ROLE_ORDER = { settlement: 0, clawback: 1, orphan_clawback: 1, reimbursement: 2, adjustment: 3 } as const;

/** Lines with no order: ads paid from the balance (documented type) and one integrations handle but the spec does not list. */
function shopLevelLines(seed: string, shopIndex: number, firstDay: number, lastDay: number, decimals: number): MoneyLine[] {
  const lines: MoneyLine[] = [];
  for (let day = firstDay; day < lastDay; day++) {
    const rng = createRng(`${seed}:shop-lines:${shopIndex}:${day}`);
    const roll = rng.next();
    const at = day * DAY + 10 * HOUR;
    const unit = 10 ** decimals;
    const common = { at, statementTime: cutAfter(at), orderId: null, orderCreateTime: at, pieces: [], role: 'adjustment' as const };
    if (roll < 0.08) lines.push({ ...common, type: 'GMV_PAYMENT_FOR_ADS', adjustment: -rng.int(5, 40) * unit });
    else if (roll < 0.11) lines.push({ ...common, type: 'NET_EARNINGS_BALANCE', adjustment: rng.int(1, 9) * unit });
  }
  return lines;
}

function buildLedger(state: SandboxState, shopIndex: number, horizon: number): ShopLedger {
  const { seed } = state.config;
  const settings = financeSettings(state.config);
  const shop = state.shops[shopIndex]!;
  const { region, currency, decimals } = shop.market;
  const market = marketFinance(region);
  const orders = shopOrders(state, shopIndex, state.now());
  const lines: MoneyLine[] = [];
  const refunds: RefundFact[] = [];
  for (const order of orders) {
    const result = orderMoney(order, { seed, region, decimals, settings });
    lines.push(...result.lines.filter((line) => line.statementTime <= horizon));
    refunds.push(...result.refunds);
  }
  const firstDay = orders.reduce((first, order) => Math.min(first, Math.floor(order.createTime / DAY)), horizon / DAY);
  lines.push(...shopLevelLines(seed, shopIndex, firstDay, horizon / DAY, decimals));

  const byTime = new Map<number, MoneyLine[]>();
  for (const line of lines) byTime.set(line.statementTime, [...(byTime.get(line.statementTime) ?? []), line]);
  if (settings.emptyDayStatements && byTime.size) {
    for (let time = Math.min(...byTime.keys()); time <= horizon; time += DAY) if (!byTime.has(time)) byTime.set(time, []);
  }
  const statements: LedgerStatement[] = [...byTime.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, group]) => {
      const day = time / DAY;
      group.sort(
        (a, b) =>
          a.orderCreateTime - b.orderCreateTime ||
          ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
          (a.orderId ?? '').localeCompare(b.orderId ?? '') ||
          a.type.localeCompare(b.type),
      );
      const transactions = group.map((line, j) => ({
        ...line,
        id: tiktokId('1636', seed, shopIndex, day * 10000 + j),
        adjustmentId: line.type === 'ORDER' ? null : tiktokId('7549', seed, shopIndex, day * 10000 + j),
      }));
      const total = (fn: (t: MoneyLine) => number) => transactions.reduce((s, t) => s + fn(t), 0);
      return {
        id: tiktokId('7548', seed, shopIndex, day),
        time,
        transactions,
        revenue: total(lineRevenue),
        shipping: total(lineShipping),
        feeTax: total(lineFeeTax),
        adjustment: total((t) => t.adjustment),
        settlement: total(lineSettlement),
        paymentId: null,
      };
    });

  // Payouts (contract 2.6, 8.6): a statement's balance is paid once the running balance reaches
  // the threshold; smaller and negative balances are carried into the next payment, which then
  // pays several statements under one payment_id (R6).
  const payments: LedgerPayment[] = [];
  let pending: LedgerStatement[] = [];
  let balance = 0;
  for (const statement of statements) {
    pending.push(statement);
    balance += statement.settlement;
    if (balance < market.payoutThreshold) continue;
    const rng = createRng(`${seed}:payment:${shopIndex}:${statement.time}`);
    const createTime = statement.time + 2 * HOUR + rng.int(0, 3 * HOUR);
    const payment = {
      id: tiktokId('3459', seed, shopIndex, statement.time / DAY),
      createTime,
      paidTime: createTime + rng.int(20 * HOUR, 40 * HOUR),
      amount: balance,
      statementIds: pending.map((s) => s.id),
    };
    for (const paid of pending) paid.paymentId = payment.id;
    payments.push(payment);
    pending = [];
    balance = 0;
  }

  const orderLines = new Map<string, { statement: LedgerStatement; transaction: LedgerTransaction }[]>();
  for (const statement of statements) {
    for (const transaction of statement.transactions) {
      if (transaction.type !== 'ORDER' || !transaction.orderId) continue;
      orderLines.set(transaction.orderId, [...(orderLines.get(transaction.orderId) ?? []), { statement, transaction }]);
    }
  }
  return {
    shopIndex,
    region,
    currency,
    decimals,
    horizon,
    statements,
    statementById: new Map(statements.map((s) => [s.id, s])),
    orderLines,
    payments,
    paymentById: new Map(payments.map((p) => [p.id, p])),
    refunds,
    orders,
  };
}

const caches = new WeakMap<SandboxState, Map<number, { key: string; ledger: ShopLedger }>>();

/** The shop's ledger as of the sandbox's clock (statements up to the last 00:00 UTC cut). */
export function shopLedger(state: SandboxState, shopIndex: number): ShopLedger {
  const now = state.now();
  const horizon = Math.floor(now / DAY) * DAY;
  const key = `${state.revision}:${horizon}:${state.countAt(shopIndex, now)}`;
  let shops = caches.get(state);
  if (!shops) {
    shops = new Map();
    caches.set(state, shops);
  }
  const cached = shops.get(shopIndex);
  if (cached?.key === key) return cached.ledger;
  const ledger = buildLedger(state, shopIndex, horizon);
  shops.set(shopIndex, { key, ledger });
  return ledger;
}

/** PROCESSING until TikTok pays, then PAID; paid_time stays 0 until then (LIVE-US). */
export function paymentStatus(payment: LedgerPayment | undefined, now: number): { status: string; paidTime: number; visible: boolean } {
  if (!payment || payment.createTime > now) return { status: 'PROCESSING', paidTime: 0, visible: false };
  return payment.paidTime <= now ? { status: 'PAID', paidTime: payment.paidTime, visible: true } : { status: 'PROCESSING', paidTime: 0, visible: true };
}
