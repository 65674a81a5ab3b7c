import 'server-only';
import type { Prisma } from '@/generated/prisma/client';

/** The shapes the reconciliation queries hand to pages: amounts as exact decimal text with their currency. */

type Decimal = Prisma.Decimal;
/** Exact decimal text ("-12.3"); null stays null. */
export const text = (value: Decimal | null | undefined): string | null => (value === null || value === undefined ? null : value.toString());
const amount = (value: Decimal): string => value.toString();

type MatchAmountField =
  | 'goodsAmount'
  | 'customerShippingAmount'
  | 'referralFeeAmount'
  | 'adminFeeAmount'
  | 'returnShippingAmount'
  | 'platformDiscountAmount'
  | 'reimbursementAmount'
  | 'netAmount';

export function matchAmounts(row: Record<MatchAmountField, Decimal> & { currency: string; exact: boolean }) {
  return {
    currency: row.currency,
    goods: amount(row.goodsAmount),
    customerShipping: amount(row.customerShippingAmount),
    referralFee: amount(row.referralFeeAmount),
    adminFee: amount(row.adminFeeAmount),
    returnShipping: amount(row.returnShippingAmount),
    platformDiscount: amount(row.platformDiscountAmount),
    reimbursement: amount(row.reimbursementAmount),
    net: amount(row.netAmount),
    exact: row.exact,
  };
}

export const REFUND_FIELDS = {
  id: true,
  marketplaceRefundId: true,
  marketplaceOrderId: true,
  kind: true,
  marketplaceStatus: true,
  refundAmount: true,
  currency: true,
} as const;

export function refundSummary(refund: {
  id: number;
  marketplaceRefundId: string;
  marketplaceOrderId: string;
  kind: string;
  marketplaceStatus: string;
  refundAmount: Decimal | null;
  currency: string | null;
}) {
  return {
    id: refund.id,
    marketplaceRefundId: refund.marketplaceRefundId,
    orderId: refund.marketplaceOrderId,
    kind: refund.kind,
    marketplaceStatus: refund.marketplaceStatus,
    refundAmount: text(refund.refundAmount),
    currency: refund.currency,
  };
}

export const LINE_FIELDS = {
  id: true,
  transactionId: true,
  type: true,
  orderId: true,
  adjustmentOrderId: true,
  currency: true,
  settlementAmount: true,
  statement: { select: { id: true, statementId: true, statementTime: true, accountId: true } },
} as const;

export function lineSummary(line: {
  id: number;
  transactionId: string;
  type: string;
  orderId: string | null;
  adjustmentOrderId: string | null;
  currency: string;
  settlementAmount: Decimal | null;
  statement: { id: number; statementId: string; statementTime: Date; accountId: number };
}) {
  return {
    transactionRowId: line.id,
    transactionId: line.transactionId,
    type: line.type,
    orderId: line.orderId ?? line.adjustmentOrderId,
    currency: line.currency,
    settlementAmount: text(line.settlementAmount),
    statementRowId: line.statement.id,
    statementId: line.statement.statementId,
    statementTime: line.statement.statementTime,
  };
}
