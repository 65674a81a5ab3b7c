/**
 * Our own shapes for the Finance and Analytics APIs (finance contract sections 2-3). Amounts stay
 * decimal strings exactly as TikTok sent them (trimmed, "" read as absent), signed from the
 * seller's side: income positive, fees and clawbacks negative. Never parsed to float.
 */

export interface FinanceStatement {
  id: string;
  /** The 00:00 UTC cut that closed the statement (it holds what settled the day before). */
  statementTime: Date;
  currency: string;
  settlementAmount?: string;
  /** All regions except US and UK (empty there). */
  revenueAmount?: string;
  /** Local sellers outside SEA. */
  netSalesAmount?: string;
  shippingCostAmount?: string;
  feeAmount?: string;
  adjustmentAmount?: string;
  /** PAID, FAILED, PROCESSING: changes after the statement itself stopped changing. */
  paymentStatus?: string;
  paymentId?: string;
  raw: Record<string, unknown>;
}

/** Records TikTok sent without what we need: kept out and reported, never stored half. */
export interface RejectedRecord {
  id: string | null;
  error: string;
}

export interface FinancePage<T> {
  items: T[];
  rejected: RejectedRecord[];
  nextPageToken: string | null;
}

/** The components a refund's money is matched on; absent when the line does not carry them. */
export interface TransactionAmounts {
  settlement?: string;
  revenue?: string;
  shippingCost?: string;
  feeTax?: string;
  /** Refunded gross (negative on a clawback). */
  refundSubtotal?: string;
  /** Seller discount given back (positive). */
  sellerDiscountRefund?: string;
  customerPaidShipping?: string;
  returnShipping?: string;
  /** Buyer shipping refunded, when TikTok states it apart (negative). */
  refundedCustomerShipping?: string;
  /** Negative on a sale, positive when given back on a refund. */
  referralFee?: string;
  refundAdministrationFee?: string;
}

export interface StatementTransaction extends TransactionAmounts {
  id: string;
  /** ORDER, RESERVE or one of the adjustment types; an open set (contract 2.8). */
  type: string;
  orderId?: string;
  orderCreateTime?: Date;
  adjustmentId?: string;
  /** The order an adjustment (a reimbursement, a deduction) is about. */
  adjustmentOrderId?: string;
  adjustmentAmount?: string;
  /** Reference values, not part of the settlement. */
  customerRefund?: string;
  platformDiscountRefund?: string;
  raw: Record<string, unknown>;
}

export interface StatementTransactionsPage extends FinancePage<StatementTransaction> {
  currency?: string;
  totalSettlementAmount?: string;
  payableAmount?: string;
  reserveAmount?: string;
  totalCount: number | null;
}

/** One SKU's share of a settled order line (Get Order Statement Transactions). */
export interface SkuTransaction extends TransactionAmounts {
  skuId: string;
  skuName?: string;
  productName?: string;
  statementId: string;
  quantity?: string;
  raw: Record<string, unknown>;
}

export interface OrderStatementTransactions {
  orderId: string;
  currency?: string;
  skuTransactions: SkuTransaction[];
  rejected: RejectedRecord[];
}

export interface FinancePayment {
  id: string;
  createTime: Date;
  status?: string;
  /** After exchange. */
  amount?: string;
  currency?: string;
  settlementAmount?: string;
  reserveAmount?: string;
  exchangeRate?: string;
  /** Null while TikTok has not paid (paid_time 0). */
  paidTime: Date | null;
  bankAccount?: string;
  raw: Record<string, unknown>;
}

/** One day of Get Shop Performance, in the shop's registered time zone. */
export interface ShopPerformanceDay {
  /** YYYY-MM-DD, local to the shop. */
  date: string;
  orders?: number;
  skuOrders?: number;
  unitsSold?: number;
  buyers?: number;
  gmv?: string;
  gmvCurrency?: string;
  /** "Total value of refunds" (whether dated by order or by refund is not stated). */
  refunds?: string;
  refundsCurrency?: string;
  /** Items cancelled or returned. */
  cancellationsAndReturns?: number;
  raw: Record<string, unknown>;
}

export interface ShopPerformance {
  /** The last complete day; later days are incomplete and not served. */
  latestAvailableDate?: string;
  days: ShopPerformanceDay[];
  rejected: RejectedRecord[];
}
