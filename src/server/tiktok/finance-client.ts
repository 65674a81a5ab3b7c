import type { z } from 'zod';
import type { TikTokShopClient } from './client';
import { TikTokApiError } from './errors';
import {
  orderTransactionsDataSchema,
  paymentSchema,
  paymentsDataSchema,
  performanceIntervalSchema,
  shopPerformanceDataSchema,
  skuTransactionSchema,
  statementSchema,
  statementsDataSchema,
  statementTransactionSchema,
  statementTransactionsDataSchema,
} from './finance-schemas';
import type {
  FinancePage,
  FinancePayment,
  FinanceStatement,
  OrderStatementTransactions,
  RejectedRecord,
  ShopPerformance,
  SkuTransaction,
  StatementTransaction,
  StatementTransactionsPage,
  TransactionAmounts,
} from './finance-types';
import { describeIssues } from './schemas';

/**
 * Finance paths (finance contract 2.0). The two transaction endpoints are on 202501: their 202309
 * versions are blocked from 2025-12-31 (F-CHG; one live shop still saw them answer, LIVE-ID).
 */
const PATHS = {
  statements: '/finance/202309/statements',
  statementTransactions: (id: string) => `/finance/202501/statements/${encodeURIComponent(id)}/statement_transactions`,
  orderTransactions: (id: string) => `/finance/202501/orders/${encodeURIComponent(id)}/statement_transactions`,
  payments: '/finance/202309/payments',
  shopPerformance: '/analytics/202405/shop/performance',
} as const;

/** Finance pages take 1 to 100 records (default 20): the most per call, since every call counts against 50 QPS. */
const MAX_PAGE = 100;
const seconds = (date: Date | undefined) => (date ? Math.floor(date.getTime() / 1000) : undefined);
const pageSize = (size: number | undefined) => Math.min(MAX_PAGE, Math.max(1, Math.trunc(size ?? MAX_PAGE)));

function parseData<T extends z.ZodType>(schema: T, data: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) throw new TikTokApiError('invalid_response', `${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Parses each record on its own: one bad record is reported with its id, the rest still arrive. */
function parseEach<T extends z.ZodType, R>(
  schema: T,
  list: unknown[] | undefined,
  reshape: (parsed: z.infer<T>, raw: Record<string, unknown>) => R,
  idKey = 'id',
) {
  const items: R[] = [];
  const rejected: RejectedRecord[] = [];
  for (const raw of list ?? []) {
    const parsed = schema.safeParse(raw);
    const object = (raw ?? {}) as Record<string, unknown>;
    if (parsed.success) items.push(reshape(parsed.data, object));
    else rejected.push({ id: typeof object[idKey] === 'string' ? object[idKey] : null, error: describeIssues(parsed.error) });
  }
  return { items, rejected };
}

type Breakdowns = z.infer<typeof skuTransactionSchema>;

/** The components we match refunds on, from either a statement transaction or a SKU line. */
function amounts(
  line: Pick<
    Breakdowns,
    'settlement_amount' | 'revenue_amount' | 'shipping_cost_amount' | 'fee_tax_amount' | 'revenue_breakdown' | 'shipping_cost_breakdown' | 'fee_tax_breakdown'
  >,
): TransactionAmounts {
  return {
    settlement: line.settlement_amount,
    revenue: line.revenue_amount,
    shippingCost: line.shipping_cost_amount,
    feeTax: line.fee_tax_amount,
    refundSubtotal: line.revenue_breakdown?.refund_subtotal_before_discount_amount,
    sellerDiscountRefund: line.revenue_breakdown?.seller_discount_refund_amount,
    customerPaidShipping: line.shipping_cost_breakdown?.customer_paid_shipping_fee_amount,
    returnShipping: line.shipping_cost_breakdown?.return_shipping_fee_amount,
    refundedCustomerShipping: line.shipping_cost_breakdown?.supplementary_component?.refunded_customer_shipping_fee_amount,
    referralFee: line.fee_tax_breakdown?.fee?.referral_fee_amount,
    refundAdministrationFee: line.fee_tax_breakdown?.fee?.refund_administration_fee_amount,
  };
}

const date = (unix: number) => new Date(unix * 1000);

/**
 * The Finance and Analytics endpoints of one shop, over the shop's client (same transport,
 * signing, throttle, token renewal and error class). Every response is parsed and reshaped into
 * ./finance-types.ts before it leaves this module.
 */
export class TikTokFinanceClient {
  constructor(private readonly shop: TikTokShopClient) {}

  /** Get Statements (2.2), in statement_time order; [from, before) on statement_time. */
  async getStatements(
    filter: { from?: Date; before?: Date; paymentStatus?: string; pageSize?: number },
    pageToken?: string,
  ): Promise<FinancePage<FinanceStatement>> {
    const data = parseData(
      statementsDataSchema,
      await this.shop.call('GET', PATHS.statements, {
        query: {
          // Required, and takes this one value (contract 2.2).
          sort_field: 'statement_time',
          sort_order: 'ASC',
          statement_time_ge: seconds(filter.from),
          statement_time_lt: seconds(filter.before),
          payment_status: filter.paymentStatus,
          page_size: pageSize(filter.pageSize),
          page_token: pageToken,
        },
      }),
      'Get Statements',
    );
    const { items, rejected } = parseEach(statementSchema, data.statements, (s, raw) => ({
      id: s.id,
      statementTime: date(s.statement_time),
      currency: s.currency,
      settlementAmount: s.settlement_amount,
      revenueAmount: s.revenue_amount,
      netSalesAmount: s.net_sales_amount,
      shippingCostAmount: s.shipping_cost_amount,
      feeAmount: s.fee_amount,
      adjustmentAmount: s.adjustment_amount,
      paymentStatus: s.payment_status,
      paymentId: s.payment_id,
      raw,
    }));
    return { items, rejected, nextPageToken: data.next_page_token || null };
  }

  /** Get Statement Transactions (2.3, version 202501), in order_create_time order. */
  async getStatementTransactions(statementId: string, options: { pageSize?: number } = {}, pageToken?: string): Promise<StatementTransactionsPage> {
    const data = parseData(
      statementTransactionsDataSchema,
      await this.shop.call('GET', PATHS.statementTransactions(statementId), {
        query: { sort_field: 'order_create_time', sort_order: 'ASC', page_size: pageSize(options.pageSize), page_token: pageToken },
      }),
      'Get Statement Transactions',
    );
    const { items, rejected } = parseEach(statementTransactionSchema, data.transactions, (t, raw): StatementTransaction => ({
      id: t.id,
      type: t.type,
      orderId: t.order_id,
      orderCreateTime: t.order_create_time === undefined ? undefined : date(t.order_create_time),
      adjustmentId: t.adjustment_id,
      adjustmentOrderId: t.adjustment_order_id,
      adjustmentAmount: t.adjustment_amount,
      ...amounts(t),
      customerRefund: t.supplementary_component?.customer_refund_amount,
      platformDiscountRefund: t.supplementary_component?.platform_discount_refund_amount,
      raw,
    }));
    return {
      items,
      rejected,
      nextPageToken: data.next_page_token || null,
      currency: data.currency,
      totalSettlementAmount: data.total_settlement_amount,
      payableAmount: data.payable_amount,
      reserveAmount: data.total_reserve_amount,
      totalCount: data.total_count ?? null,
    };
  }

  /** Get Order Statement Transactions (2.4): an order's settled lines per SKU, every statement; not paged. */
  async getOrderStatementTransactions(orderId: string): Promise<OrderStatementTransactions> {
    const data = parseData(orderTransactionsDataSchema, await this.shop.call('GET', PATHS.orderTransactions(orderId)), 'Get Order Statement Transactions');
    const { items, rejected } = parseEach(
      skuTransactionSchema,
      data.sku_transactions,
      (line, raw): SkuTransaction => ({
        skuId: line.sku_id,
        skuName: line.sku_name,
        productName: line.product_name,
        statementId: line.statement_id,
        quantity: line.quantity,
        ...amounts(line),
        raw,
      }),
      'sku_id',
    );
    return { orderId, currency: data.currency, skuTransactions: items, rejected };
  }

  /** Get Payments (2.6; not available to SEA markets), in create_time order. */
  async getPayments(filter: { from?: Date; before?: Date; pageSize?: number }, pageToken?: string): Promise<FinancePage<FinancePayment>> {
    const data = parseData(
      paymentsDataSchema,
      await this.shop.call('GET', PATHS.payments, {
        query: {
          sort_field: 'create_time',
          sort_order: 'ASC',
          create_time_ge: seconds(filter.from),
          create_time_lt: seconds(filter.before),
          page_size: pageSize(filter.pageSize),
          page_token: pageToken,
        },
      }),
      'Get Payments',
    );
    const { items, rejected } = parseEach(paymentSchema, data.payments, (p, raw) => ({
      id: p.id,
      createTime: date(p.create_time),
      status: p.status,
      amount: p.amount?.value ?? p.amount?.amount,
      currency: p.amount?.currency,
      settlementAmount: p.settlement_amount?.value,
      reserveAmount: p.reserve_amount?.value,
      exchangeRate: p.exchange_rate,
      paidTime: p.paid_time ? date(p.paid_time) : null,
      bankAccount: p.bank_account,
      raw,
    }));
    return { items, rejected, nextPageToken: data.next_page_token || null };
  }

  /**
   * Get Shop Performance (3.1, 202405) per day: dates are YYYY-MM-DD in the shop's time zone,
   * [startDate, endDate). Only the shop-level endpoint is used: SKU analytics carry ids as JSON
   * numbers above 2^53 (contract 1), and hold no refund figure anyway (3.2).
   */
  async getShopPerformance(range: { startDate: string; endDate: string }): Promise<ShopPerformance> {
    const data = parseData(
      shopPerformanceDataSchema,
      await this.shop.call('GET', PATHS.shopPerformance, { query: { start_date_ge: range.startDate, end_date_lt: range.endDate, granularity: '1D' } }),
      'Get Shop Performance',
    );
    const { items, rejected } = parseEach(
      performanceIntervalSchema,
      data.performance?.intervals,
      (day, raw) => ({
        date: day.start_date,
        orders: day.orders,
        skuOrders: day.sku_orders,
        unitsSold: day.units_sold,
        buyers: day.buyers,
        gmv: day.gmv?.amount,
        gmvCurrency: day.gmv?.currency,
        refunds: day.refunds?.amount,
        refundsCurrency: day.refunds?.currency,
        cancellationsAndReturns: day.cancellations_and_returns,
        raw,
      }),
      'start_date',
    );
    return { latestAvailableDate: data.latest_available_date, days: items, rejected };
  }
}
