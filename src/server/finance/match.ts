import { abs, allocate, sum, type Units } from '@/lib/money';
import { isClosed, mayBeSettled, platformIssued, REFUNDED_STATUSES, REIMBURSEMENT_TYPES } from './statuses';

/**
 * Matching refunds to the statement lines that settle them, and the exceptions a clerk must chase.
 * Pure: ./reconcile.ts loads the inputs and stores the result.
 *
 * Finance has no return_id (contract 2.4, 4), so a refund is found by its order, then by amount
 * and date. THE RULE, per order: lines that take refunds back (an ORDER line with refunded gross,
 * a seller discount given back or a refund administration fee) are taken in statement order; each
 * settles the smallest set of the order's not-yet-settled refunds completed before its statement
 * (a day's slack) whose goods add up exactly to what the line takes back, earliest refunds first,
 * preferring a set whose SKUs are the SKUs the line refunds (Get Order Statement Transactions,
 * fetched for orders with several refunds). So two refunds on one SKU of one order are told apart
 * by amount first, then by date. A line no set adds up to is given the earliest refund left
 * (SKU-matching first) as an inexact match; a line with no refund left is a deduction nobody asked for.
 */

/** A refund completed this long after a statement's cut can still be in it (TikTok's times and ours differ by minutes). */
const SLACK_MS = 86_400_000;
/** Subsets are searched among at most this many refunds of one order (2^12 sets); beyond, singles only. */
const MAX_SUBSET_POOL = 12;

export interface RefundInput {
  id: number;
  marketplaceRefundId: string;
  orderId: string;
  kind: string;
  status: string;
  unmapped: boolean;
  arbitrationStatus: string | null;
  initiatorRole: string | null;
  currency: string | null;
  /** When the refund reached its current status (its history), else its last update. */
  completedAt: Date;
  /** What the buyer got back for the goods: the line items' refunds (or refund_subtotal). */
  goods: Units;
  /** refund_shipping_fee when TikTok states it. */
  shipping: Units | null;
  tax: Units | null;
  total: Units;
  skuIds: string[];
}

export interface LineInput {
  id: number;
  statementTime: Date;
  type: string;
  orderId: string | null;
  adjustmentOrderId: string | null;
  currency: string;
  revenue: Units;
  refundSubtotal: Units;
  sellerDiscountRefund: Units;
  /** supplementary platform_discount_refund_amount; its sign is not established, its size is used. */
  platformDiscountRefund: Units;
  customerPaidShipping: Units;
  refundedCustomerShipping: Units;
  returnShipping: Units;
  referralFee: Units;
  adminFee: Units;
  adjustment: Units;
  /** SKUs this line refunds, from Get Order Statement Transactions; null when not fetched. */
  refundedSkuIds: string[] | null;
}

export interface MatchContext {
  /** Statements before this were never read: refunds completed earlier are not judged. */
  coverageFrom: Date | null;
  /** The latest statement read: "after N days" is counted against it, not the wall clock. */
  coverageEnd: Date | null;
  /** The account's refunds watermark: a line after it may deduct a refund the panel has not seen yet. */
  refundsSyncedThrough: Date | null;
  missingAfterDays: number;
}

export interface MatchRow {
  refundId: number;
  lineId: number;
  role: 'Clawback' | 'Reimbursement';
  currency: string;
  goods: Units;
  customerShipping: Units;
  referralFee: Units;
  adminFee: Units;
  returnShipping: Units;
  platformDiscount: Units;
  reimbursement: Units;
  net: Units;
  exact: boolean;
  /** The line only takes refunds back (a later line, contract 7.3): its referral fee is the part given back. */
  refundOnly: boolean;
}

/** What a line takes back for goods, from the seller's side (negative): refunded gross, seller discount given back, platform discount reversed. */
export const lineGoods = (line: LineInput): Units => line.refundSubtotal + line.sellerDiscountRefund + abs(line.platformDiscountRefund);

/** Buyer shipping the line takes back (negative): stated apart, or the negative customer shipping of a line that is only a refund. */
function lineShipping(line: LineInput): Units {
  if (line.refundedCustomerShipping !== 0n) return -abs(line.refundedCustomerShipping);
  return refundOnly(line) && line.customerPaidShipping < 0n ? line.customerPaidShipping : 0n;
}

/** No sale in the line: its revenue is only what refunds take back (else the refunds are netted into the order's sale, 7.2). */
const refundOnly = (line: LineInput) => line.revenue === line.refundSubtotal + line.sellerDiscountRefund;

const takesRefundBack = (line: LineInput): boolean =>
  line.type === 'ORDER' && (line.refundSubtotal !== 0n || line.sellerDiscountRefund !== 0n || line.adminFee !== 0n);

const byTime = (a: { completedAt: Date; id: number }, b: { completedAt: Date; id: number }) => a.completedAt.getTime() - b.completedAt.getTime() || a.id - b.id;

/** Subsets of `pool` (already in preference order), smallest first, then earliest. */
function* subsets<T>(pool: T[]): Generator<T[]> {
  if (pool.length > MAX_SUBSET_POOL) {
    for (const item of pool) yield [item];
    return;
  }
  const bySize: number[][] = Array.from({ length: pool.length + 1 }, () => []);
  for (let mask = 1; mask < 1 << pool.length; mask++) bySize[popcount(mask)]!.push(mask);
  for (const masks of bySize) for (const mask of masks) yield pool.filter((_, i) => mask & (1 << i));
}

function popcount(value: number): number {
  let count = 0;
  for (let v = value; v; v &= v - 1) count++;
  return count;
}

function skusAgree(refunds: RefundInput[], line: LineInput): boolean {
  if (!line.refundedSkuIds) return true;
  const skus = new Set(refunds.flatMap((r) => r.skuIds));
  return skus.size === line.refundedSkuIds.length && line.refundedSkuIds.every((sku) => skus.has(sku));
}

interface Pairing {
  line: LineInput;
  refunds: RefundInput[];
  exact: boolean;
}

/** The rule above, for one order's lines and refunds. */
function pairOrder(lines: LineInput[], refunds: RefundInput[]): { pairings: Pairing[]; unpaired: LineInput[] } {
  const ordered = [...lines].sort((a, b) => a.statementTime.getTime() - b.statementTime.getTime() || a.id - b.id);
  const open = [...refunds].sort(byTime);
  const settled = new Set<number>();
  const pairings: Pairing[] = [];
  const pool = (line: LineInput) =>
    open.filter(
      (r) => !settled.has(r.id) && r.completedAt.getTime() <= line.statementTime.getTime() + SLACK_MS && (r.currency ?? line.currency) === line.currency,
    );
  const pending: LineInput[] = [];
  for (const line of ordered) {
    const wanted = -lineGoods(line);
    let fallback: RefundInput[] | null = null;
    let found: RefundInput[] | null = null;
    for (const set of subsets(pool(line))) {
      if (sum(set.map((r) => r.goods)) !== wanted) continue;
      if (skusAgree(set, line)) {
        found = set;
        break;
      }
      fallback ??= set;
    }
    found ??= fallback;
    if (!found) {
      pending.push(line);
      continue;
    }
    for (const refund of found) settled.add(refund.id);
    pairings.push({ line, refunds: found, exact: true });
  }
  const unpaired: LineInput[] = [];
  for (const line of pending) {
    const candidates = pool(line);
    const refund = candidates.find((r) => line.refundedSkuIds?.some((sku) => r.skuIds.includes(sku))) ?? candidates[0];
    if (!refund) {
      unpaired.push(line);
      continue;
    }
    settled.add(refund.id);
    pairings.push({ line, refunds: [refund], exact: false });
  }
  return { pairings, unpaired };
}

/**
 * Buyer shipping taken back, shared among refunds: each refund that states its shipping takes that;
 * those that do not (sparse records) share the rest in proportion to what they refunded beyond the
 * goods (shipping and tax, refund_total - goods); in proportion to goods when that cannot work.
 */
function shareShipping(shipping: Units, refunds: RefundInput[], weights: Units[]): Units[] {
  if (refunds.length === 1) return [shipping];
  const stated = sum(refunds.map((r) => r.shipping ?? 0n));
  const unknown = refunds.flatMap((r, i) => (r.shipping === null ? [i] : []));
  const rest = shipping + stated;
  if ((unknown.length === 0 && rest !== 0n) || (unknown.length > 0 && rest > 0n)) return allocate(shipping, weights);
  const room = unknown.map((i) => refunds[i]!.total - refunds[i]!.goods);
  const restShares = allocate(rest, room.some((r) => r > 0n) ? room.map((r) => (r > 0n ? r : 0n)) : unknown.map((i) => weights[i]!));
  return refunds.map((r, i) => (r.shipping === null ? restShares[unknown.indexOf(i)]! : -r.shipping));
}

/** The line's components shared among the refunds it settles: goods as each refund's own, the rest in proportion. */
function clawbackRows(pairing: Pairing): MatchRow[] {
  const { line, refunds, exact } = pairing;
  const goods = lineGoods(line);
  const goodsShares = refunds.length === 1 ? [goods] : refunds.map((r) => -r.goods);
  const weights = goodsShares;
  const shippingShares = shareShipping(lineShipping(line), refunds, weights);
  const platform = allocate(-abs(line.platformDiscountRefund), weights);
  const referral = allocate(line.referralFee, weights);
  const admin = allocate(line.adminFee, weights);
  const returns = allocate(line.returnShipping, weights);
  return refunds.map((refund, i) => {
    const row = {
      refundId: refund.id,
      lineId: line.id,
      role: 'Clawback' as const,
      currency: line.currency,
      goods: goodsShares[i]!,
      customerShipping: shippingShares[i]!,
      referralFee: referral[i]!,
      adminFee: admin[i]!,
      returnShipping: returns[i]!,
      platformDiscount: platform[i]!,
      reimbursement: 0n,
      exact,
      refundOnly: refundOnly(line),
    };
    return { ...row, net: row.goods + row.platformDiscount + row.customerShipping + row.referralFee + row.adminFee + row.returnShipping };
  });
}

/** A reimbursement goes to the order's platform-issued refunds (else its earliest refund), in proportion to their goods. */
function reimbursementRows(line: LineInput, refunds: RefundInput[]): MatchRow[] {
  const eligible = refunds.filter((r) => r.completedAt.getTime() <= line.statementTime.getTime() + SLACK_MS);
  const issued = eligible.filter((r) => platformIssued(r) && REFUNDED_STATUSES.has(r.status));
  const targets = issued.length ? issued : eligible.slice(0, 1);
  const shares = allocate(
    line.adjustment,
    targets.map((r) => r.goods),
  );
  return targets.map((refund, i) => ({
    refundId: refund.id,
    lineId: line.id,
    role: 'Reimbursement' as const,
    currency: line.currency,
    goods: 0n,
    customerShipping: 0n,
    referralFee: 0n,
    adminFee: 0n,
    returnShipping: 0n,
    platformDiscount: 0n,
    reimbursement: shares[i]!,
    net: shares[i]!,
    exact: true,
    refundOnly: true,
  }));
}

/** Matches of one account: every order's clawbacks and reimbursements. */
export function matchAccount(refunds: RefundInput[], lines: LineInput[]): { matches: MatchRow[]; unpaired: LineInput[] } {
  const refundsByOrder = new Map<string, RefundInput[]>();
  for (const refund of refunds) refundsByOrder.set(refund.orderId, [...(refundsByOrder.get(refund.orderId) ?? []), refund]);
  const clawbacks = new Map<string, LineInput[]>();
  const reimbursements: LineInput[] = [];
  for (const line of lines) {
    if (takesRefundBack(line) && line.orderId) clawbacks.set(line.orderId, [...(clawbacks.get(line.orderId) ?? []), line]);
    else if (REIMBURSEMENT_TYPES.has(line.type) && line.adjustmentOrderId) reimbursements.push(line);
  }
  const matches: MatchRow[] = [];
  const unpaired: LineInput[] = [];
  for (const [orderId, orderLines] of clawbacks) {
    const candidates = (refundsByOrder.get(orderId) ?? []).filter((r) => mayBeSettled(r.status, r.unmapped));
    const result = pairOrder(orderLines, candidates);
    for (const pairing of result.pairings) matches.push(...clawbackRows(pairing));
    unpaired.push(...result.unpaired);
  }
  for (const line of reimbursements) {
    const candidates = (refundsByOrder.get(line.adjustmentOrderId!) ?? []).filter((r) => mayBeSettled(r.status, r.unmapped)).sort(byTime);
    matches.push(...reimbursementRows(line, candidates));
  }
  return { matches, unpaired };
}

/** When the order's last request closed; null while one is still open (TikTok holds the order). */
export function orderQuietSince(refunds: RefundInput[]): Date | null {
  let latest = 0;
  for (const refund of refunds) {
    if (!isClosed(refund.status)) return null;
    latest = Math.max(latest, refund.completedAt.getTime());
  }
  return new Date(latest);
}
