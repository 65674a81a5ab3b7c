import { z } from 'zod';

/*
 * zod at the edge for the Finance and Analytics APIs (finance contract sections 2-3), parsed as
 * defensively as the returns: every field optional unless we cannot work without it (ids, times),
 * unknown keys kept (the raw JSON is stored whole), enum-like values plain strings (the
 * transaction `type` list is an open set, 2.8).
 */

/** 64-bit ids arrive as strings (18-19 digits); a JSON number would already have lost digits. */
const id = z.string({ error: 'must be a string id' }).regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a TikTok id');
/** Unix seconds. */
const unixSeconds = z.number({ error: 'must be Unix seconds' }).int().nonnegative();
/** null and an omitted field mean the same. */
const nullish = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

/**
 * Money: a signed decimal string ("-6.99", "269000"). "" (deprecated fields, US/UK revenue) reads
 * as absent and stray spaces ("0 " in the official sample) are trimmed; anything else that is not
 * a decimal is a corrupted payload, never a zero.
 */
export const amount = nullish(
  z.string().transform((text, ctx) => {
    const trimmed = text.trim();
    if (trimmed === '') return undefined;
    if (!/^[+-]?\d{1,14}(\.\d{1,8})?$/.test(trimmed)) {
      ctx.addIssue({ code: 'custom', message: 'must be a decimal string' });
      return z.NEVER;
    }
    return trimmed.replace(/^\+/, '');
  }),
);
/** "" for an id (a statement without a payment yet) reads as absent too. */
const optionalId = z
  .string()
  .nullish()
  .transform((value) => value?.trim() || undefined)
  .pipe(id.optional());
const text = nullish(z.string());

const moneyObject = nullish(z.looseObject({ value: amount, amount: amount, currency: text }));

/** Get Statements (2.2). */
export const statementSchema = z.looseObject({
  id,
  statement_time: unixSeconds,
  currency: z.string().min(1).max(8),
  settlement_amount: amount,
  revenue_amount: amount,
  net_sales_amount: amount,
  shipping_cost_amount: amount,
  fee_amount: amount,
  adjustment_amount: amount,
  payment_status: text,
  payment_id: optionalId,
});

export const statementsDataSchema = z.looseObject({
  statements: nullish(z.array(z.unknown())),
  next_page_token: text,
});

const revenueBreakdown = nullish(
  z.looseObject({
    subtotal_before_discount_amount: amount,
    seller_discount_amount: amount,
    refund_subtotal_before_discount_amount: amount,
    seller_discount_refund_amount: amount,
  }),
);
const shippingBreakdown = nullish(
  z.looseObject({
    actual_shipping_fee_amount: amount,
    customer_paid_shipping_fee_amount: amount,
    return_shipping_fee_amount: amount,
    supplementary_component: nullish(z.looseObject({ refunded_customer_shipping_fee_amount: amount })),
  }),
);
const feeTaxBreakdown = nullish(
  z.looseObject({
    fee: nullish(z.looseObject({ referral_fee_amount: amount, refund_administration_fee_amount: amount, platform_commission_amount: amount })),
    tax: nullish(z.looseObject({})),
  }),
);

/** A transaction of Get Statement Transactions (2.3): an order line, an adjustment or a reserve. */
export const statementTransactionSchema = z.looseObject({
  id,
  type: z.string().min(1),
  order_id: optionalId,
  order_create_time: nullish(unixSeconds),
  adjustment_id: optionalId,
  adjustment_order_id: optionalId,
  adjustment_amount: amount,
  settlement_amount: amount,
  revenue_amount: amount,
  revenue_breakdown: revenueBreakdown,
  shipping_cost_amount: amount,
  shipping_cost_breakdown: shippingBreakdown,
  fee_tax_amount: amount,
  fee_tax_breakdown: feeTaxBreakdown,
  reserve_amount: amount,
  supplementary_component: nullish(
    z.looseObject({
      customer_payment_amount: amount,
      customer_refund_amount: amount,
      platform_discount_amount: amount,
      platform_discount_refund_amount: amount,
      sales_tax_amount: amount,
    }),
  ),
});

export const statementTransactionsDataSchema = z.looseObject({
  id: nullish(id),
  create_time: nullish(unixSeconds),
  status: text,
  currency: text,
  payable_amount: amount,
  total_reserve_amount: amount,
  total_settlement_amount: amount,
  total_settlement_breakdown: nullish(
    z.looseObject({ total_revenue_amount: amount, total_shipping_cost_amount: amount, total_fee_tax_amount: amount, total_adjustment_amount: amount }),
  ),
  total_count: nullish(z.number().int().nonnegative()),
  next_page_token: text,
  transactions: nullish(z.array(z.unknown())),
});

/** One SKU's share of a settled line (2.4). `quantity` is a string; its value on refund lines is not established. */
export const skuTransactionSchema = z.looseObject({
  sku_id: id,
  sku_name: text,
  product_name: text,
  statement_id: id,
  quantity: text,
  settlement_amount: amount,
  revenue_amount: amount,
  revenue_breakdown: revenueBreakdown,
  shipping_cost_amount: amount,
  shipping_cost_breakdown: shippingBreakdown,
  fee_tax_amount: amount,
  fee_tax_breakdown: feeTaxBreakdown,
});

export const orderTransactionsDataSchema = z.looseObject({
  order_id: nullish(id),
  currency: text,
  settlement_amount: amount,
  total_count: nullish(z.number().int().nonnegative()),
  sku_transactions: nullish(z.array(z.unknown())),
});

/** Get Payments (2.6). */
export const paymentSchema = z.looseObject({
  id,
  create_time: unixSeconds,
  status: text,
  amount: moneyObject,
  settlement_amount: moneyObject,
  reserve_amount: moneyObject,
  payment_amount_before_exchange: moneyObject,
  exchange_rate: amount,
  /** 0 while PROCESSING (LIVE-US). */
  paid_time: nullish(z.number().int().nonnegative()),
  bank_account: text,
});

export const paymentsDataSchema = z.looseObject({
  payments: nullish(z.array(z.unknown())),
  next_page_token: text,
});

const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date');

/** Get Shop Performance (3.1), one interval. Counts are JSON integers; money is {amount, currency}. */
export const performanceIntervalSchema = z.looseObject({
  start_date: dateText,
  end_date: nullish(dateText),
  gmv: moneyObject,
  orders: nullish(z.number().int().nonnegative()),
  sku_orders: nullish(z.number().int().nonnegative()),
  units_sold: nullish(z.number().int().nonnegative()),
  buyers: nullish(z.number().int().nonnegative()),
  refunds: moneyObject,
  cancellations_and_returns: nullish(z.number().int().nonnegative()),
});

export const shopPerformanceDataSchema = z.looseObject({
  latest_available_date: nullish(dateText),
  performance: nullish(z.looseObject({ intervals: nullish(z.array(z.unknown())) })),
});
