import { lineGoods, type LineInput, type MatchContext, type MatchRow, orderQuietSince, type RefundInput } from './match';
import { display, minorUnit, sum, type Units } from '@/lib/money';
import { platformIssued, REFUNDED_STATUSES } from './statuses';

/**
 * The four exceptions a clerk chases (pure; ./reconcile.ts stores them):
 * - MissingClawback: the buyer was refunded, and no statement deducted it RECONCILE_MISSING_AFTER_DAYS
 *   after the refund (and after the order's last request closed: TikTok holds an order's money
 *   while any request on it is open), counted against the latest statement read;
 * - UnmatchedDeduction: a line takes money back for a refund the panel does not have;
 * - AmountDiffers: what the lines took back differs from the refund beyond what the contract
 *   explains (7.1-7.4): tax is in the buyer's refund but never in the seller's money; fees stay
 *   with TikTok except the referral fee, given back less a 20% refund administration fee; a
 *   seller-paid return label; a platform discount reversed on a seller-responsible refund;
 * - PlatformRefund: TikTok issued the refund (arbitration for the buyer, refund opened by TikTok):
 *   it may be reimbursable, and whether a reimbursement arrived is shown.
 */

type ExceptionKind = 'MissingClawback' | 'UnmatchedDeduction' | 'AmountDiffers' | 'PlatformRefund';

export interface ExceptionRow {
  kind: ExceptionKind;
  key: string;
  refundId: number | null;
  orderId: string | null;
  currency: string | null;
  occurredAt: Date;
  refunded: Units | null;
  deducted: Units | null;
  difference: Units | null;
  reimbursed: Units | null;
  lineIds: number[];
  note: string;
  detail: Record<string, string | null>;
}

const DAY_MS = 86_400_000;
/** "The 20% refund administration fee deducted from the total refunded referral fee" (F-SPEC, every market). */
const ADMIN_FEE_RATE_PERCENT = 20n;

interface RefundExplanation {
  refundedGoods: Units;
  deductedGoods: Units;
  shippingRefunded: Units | null;
  shippingDeducted: Units;
  /** Deducted shipping beyond the buyer's shipping refund (or beyond total - goods when TikTok does not state it). */
  shippingExcess: Units;
  taxNotDeducted: Units | null;
  referralGivenBack: Units;
  adminFee: Units;
  adminFeeExcess: Units;
  returnShipping: Units;
  platformDiscount: Units;
  /** Positive: deducted more than the refund explains; negative: less. */
  unexplained: Units;
}

/** How a refund's clawback lines compare with the refund, part by part. */
function explainRefund(refund: RefundInput, rows: MatchRow[]): RefundExplanation {
  const deductedGoods = -sum(rows.map((r) => r.goods));
  const shippingDeducted = -sum(rows.map((r) => r.customerShipping));
  const beyondGoods = refund.total - refund.goods;
  const shippingExcess = refund.shipping !== null ? shippingDeducted - refund.shipping : shippingDeducted > beyondGoods ? shippingDeducted - beyondGoods : 0n;
  const referralGivenBack = sum(rows.map((r) => r.referralFee));
  const adminFee = sum(rows.map((r) => r.adminFee));
  // Only where the lines carry the refund alone: netted into a sale, the referral fee is the sale's net of what was given back.
  const judged = rows.filter((r) => r.refundOnly);
  // TikTok rounds per SKU (the US cap is per SKU too): one minor unit of rounding per SKU and per line.
  const allowed =
    (sum(judged.map((r) => r.referralFee)) * ADMIN_FEE_RATE_PERCENT + 99n) / 100n +
    minorUnit(refund.currency) * BigInt(judged.length + Math.max(1, refund.skuIds.length));
  const charged = -sum(judged.map((r) => r.adminFee));
  const adminFeeExcess = charged > allowed ? charged - allowed : 0n;
  const goodsDifference = deductedGoods - refund.goods;
  return {
    refundedGoods: refund.goods,
    deductedGoods,
    shippingRefunded: refund.shipping,
    shippingDeducted,
    shippingExcess,
    taxNotDeducted: refund.tax ?? (refund.shipping !== null ? refund.total - refund.goods - refund.shipping : null),
    referralGivenBack,
    adminFee,
    adminFeeExcess,
    returnShipping: sum(rows.map((r) => r.returnShipping)),
    platformDiscount: sum(rows.map((r) => r.platformDiscount)),
    unexplained: goodsDifference + shippingExcess + adminFeeExcess,
  };
}

function explanationDetail(e: RefundExplanation, currency: string | null): Record<string, string | null> {
  const show = (value: Units | null) => (value === null ? null : display(value, currency));
  return {
    refundedGoods: show(e.refundedGoods),
    deductedGoods: show(e.deductedGoods),
    shippingRefunded: show(e.shippingRefunded),
    shippingDeducted: show(e.shippingDeducted),
    taxNotDeducted: show(e.taxNotDeducted),
    referralFeeGivenBack: show(e.referralGivenBack),
    refundAdministrationFee: show(e.adminFee),
    returnShipping: show(e.returnShipping),
    platformDiscountReversed: show(e.platformDiscount),
    unexplained: show(e.unexplained),
  };
}

function amountNote(e: RefundExplanation, currency: string | null): string {
  const parts: string[] = [];
  const money = (value: Units) => `${display(value < 0n ? -value : value, currency)} ${currency ?? ''}`.trim();
  const goods = e.deductedGoods - e.refundedGoods;
  if (goods !== 0n)
    parts.push(
      `the statements took back ${money(goods)} ${goods > 0n ? 'more' : 'less'} for the goods than the buyer was refunded (${money(e.deductedGoods)} vs ${money(e.refundedGoods)})`,
    );
  if (e.shippingExcess !== 0n)
    parts.push(`shipping deducted ${money(e.shippingExcess)} ${e.shippingExcess > 0n ? 'above' : 'below'} what the buyer got back for it`);
  if (e.adminFeeExcess !== 0n) parts.push(`the refund administration fee exceeds 20% of the referral fee given back by ${money(e.adminFeeExcess)}`);
  return `${parts.join('; ')}. Tax, fees kept, the return label and platform discount reversal are accounted for.`.replace(/^./, (c) => c.toUpperCase());
}

export function findExceptions(
  refunds: RefundInput[],
  lines: LineInput[],
  result: { matches: MatchRow[]; unpaired: LineInput[] },
  context: MatchContext,
): ExceptionRow[] {
  const found: ExceptionRow[] = [];
  const linesById = new Map(lines.map((line) => [line.id, line]));
  const rowsByRefund = new Map<number, MatchRow[]>();
  for (const row of result.matches) rowsByRefund.set(row.refundId, [...(rowsByRefund.get(row.refundId) ?? []), row]);
  const refundsByOrder = new Map<string, RefundInput[]>();
  for (const refund of refunds) refundsByOrder.set(refund.orderId, [...(refundsByOrder.get(refund.orderId) ?? []), refund]);
  const covered = (at: Date) => context.coverageFrom !== null && at.getTime() >= context.coverageFrom.getTime() - DAY_MS;
  const waitMs = context.missingAfterDays * DAY_MS;

  for (const refund of refunds) {
    const rows = rowsByRefund.get(refund.id) ?? [];
    const clawbacks = rows.filter((r) => r.role === 'Clawback');
    const refunded = REFUNDED_STATUSES.has(refund.status);
    const base = { refundId: refund.id, orderId: refund.orderId, currency: refund.currency, key: `refund:${refund.id}` };
    if (refunded && clawbacks.length === 0 && covered(refund.completedAt) && context.coverageEnd) {
      const quiet = orderQuietSince(refundsByOrder.get(refund.orderId) ?? [refund]);
      if (quiet && quiet.getTime() + waitMs <= context.coverageEnd.getTime()) {
        found.push({
          ...base,
          kind: 'MissingClawback',
          occurredAt: refund.completedAt,
          refunded: refund.goods,
          deducted: 0n,
          difference: -refund.goods,
          reimbursed: null,
          lineIds: [],
          note: `Refunded to the buyer on ${refund.completedAt.toISOString().slice(0, 10)}; no statement through ${context.coverageEnd.toISOString().slice(0, 10)} took it back from the seller.`,
          detail: { refundedGoods: display(refund.goods, refund.currency), statementsThrough: context.coverageEnd.toISOString() },
        });
      }
    }
    if (clawbacks.length) {
      const explanation = explainRefund(refund, clawbacks);
      if (explanation.unexplained !== 0n || clawbacks.some((r) => !r.exact)) {
        const first = clawbacks.map((r) => linesById.get(r.lineId)!).sort((a, b) => a.statementTime.getTime() - b.statementTime.getTime())[0]!;
        found.push({
          ...base,
          currency: first.currency,
          kind: 'AmountDiffers',
          occurredAt: first.statementTime,
          refunded: explanation.refundedGoods,
          deducted: explanation.deductedGoods,
          difference: explanation.unexplained,
          reimbursed: null,
          lineIds: clawbacks.map((r) => r.lineId),
          note: amountNote(explanation, first.currency),
          detail: explanationDetail(explanation, first.currency),
        });
      }
    }
    const issuedBy = platformIssued(refund);
    if (issuedBy && refunded && covered(refund.completedAt)) {
      const reimbursements = rows.filter((r) => r.role === 'Reimbursement');
      const reimbursed = sum(reimbursements.map((r) => r.reimbursement));
      found.push({
        ...base,
        kind: 'PlatformRefund',
        occurredAt: refund.completedAt,
        refunded: refund.goods,
        deducted: -sum(clawbacks.map((r) => r.goods)),
        difference: null,
        reimbursed: reimbursements.length ? reimbursed : null,
        lineIds: rows.map((r) => r.lineId),
        note: reimbursements.length
          ? `TikTok issued this refund (${issuedBy}) and reimbursed ${display(reimbursed, refund.currency)} ${refund.currency ?? ''}.`.replace(' .', '.')
          : `TikTok issued this refund (${issuedBy}); no reimbursement yet: it may be reimbursable.`,
        detail: {
          issuedBy,
          refundedGoods: display(refund.goods, refund.currency),
          reimbursed: reimbursements.length ? display(reimbursed, refund.currency) : null,
        },
      });
    }
  }

  for (const line of result.unpaired) {
    // A line after the refunds watermark may take back a refund the next refunds sync brings.
    if (!context.refundsSyncedThrough || line.statementTime.getTime() > context.refundsSyncedThrough.getTime()) continue;
    const goods = -lineGoods(line);
    found.push({
      kind: 'UnmatchedDeduction',
      key: `line:${line.id}`,
      refundId: null,
      orderId: line.orderId,
      currency: line.currency,
      occurredAt: line.statementTime,
      refunded: null,
      deducted: goods,
      difference: goods,
      reimbursed: null,
      lineIds: [line.id],
      note: `A statement line took back ${display(goods, line.currency)} ${line.currency} for order ${line.orderId ?? '(none)'}, and no refund in the panel matches it.`,
      detail: {
        deductedGoods: display(goods, line.currency),
        adminFee: display(line.adminFee, line.currency),
        returnShipping: display(line.returnShipping, line.currency),
      },
    });
  }
  return found;
}
