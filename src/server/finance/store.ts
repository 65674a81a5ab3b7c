import 'server-only';
import { isDeepStrictEqual } from 'node:util';
import type { Prisma } from '@/generated/prisma/client';
import { db } from '@/server/db';
import type {
  FinancePayment,
  FinanceStatement,
  ShopPerformanceDay,
  SkuTransaction,
  StatementTransaction,
  StatementTransactionsPage,
} from '@/server/tiktok/finance-types';

/**
 * Writes what the finance sync read. Every write compares with what is stored first, so a sync that
 * reads nothing new writes nothing (no row version, no updated_at moves): statements and their lines
 * are immutable once cut, only a statement's payment status and id and a payment's status change.
 */

const json = (raw: Record<string, unknown>) => raw as Prisma.InputJsonObject;

/** What was read does not add up; the sync records it as the account's error and moves nothing on. */
export class FinanceStoreError extends Error {}

/** Inserts new statements and updates those whose JSON changed (a payment status); returns the counts. */
export async function storeStatements(accountId: number, statements: FinanceStatement[]): Promise<{ created: number; updated: number }> {
  const stored = await db.financeStatement.findMany({
    where: { accountId, statementId: { in: statements.map((s) => s.id) } },
    select: { id: true, statementId: true, raw: true },
  });
  const byId = new Map(stored.map((s) => [s.statementId, s]));
  const fresh: Prisma.FinanceStatementCreateManyInput[] = [];
  let updated = 0;
  for (const s of statements) {
    const data = {
      statementTime: s.statementTime,
      currency: s.currency,
      settlementAmount: s.settlementAmount ?? null,
      revenueAmount: s.revenueAmount ?? null,
      netSalesAmount: s.netSalesAmount ?? null,
      shippingCostAmount: s.shippingCostAmount ?? null,
      feeAmount: s.feeAmount ?? null,
      adjustmentAmount: s.adjustmentAmount ?? null,
      paymentStatus: s.paymentStatus ?? null,
      paymentId: s.paymentId ?? null,
      raw: json(s.raw),
    };
    const existing = byId.get(s.id);
    if (!existing) {
      fresh.push({ accountId, statementId: s.id, ...data });
    } else if (!isDeepStrictEqual(existing.raw, s.raw)) {
      await db.financeStatement.update({ where: { id: existing.id }, data });
      updated++;
    }
  }
  const { count: created } = await db.financeStatement.createMany({ data: fresh, skipDuplicates: true });
  return { created, updated };
}

function transactionData(accountId: number, statementRowId: number, currency: string, t: StatementTransaction): Prisma.FinanceTransactionCreateManyInput {
  return {
    accountId,
    statementRowId,
    transactionId: t.id,
    type: t.type,
    orderId: t.orderId ?? null,
    orderCreateTime: t.orderCreateTime ?? null,
    adjustmentId: t.adjustmentId ?? null,
    adjustmentOrderId: t.adjustmentOrderId ?? null,
    currency,
    settlementAmount: t.settlement ?? null,
    revenueAmount: t.revenue ?? null,
    shippingCostAmount: t.shippingCost ?? null,
    feeTaxAmount: t.feeTax ?? null,
    adjustmentAmount: t.adjustmentAmount ?? null,
    refundSubtotalAmount: t.refundSubtotal ?? null,
    sellerDiscountRefundAmount: t.sellerDiscountRefund ?? null,
    platformDiscountRefundAmount: t.platformDiscountRefund ?? null,
    customerPaidShippingAmount: t.customerPaidShipping ?? null,
    refundedCustomerShippingAmount: t.refundedCustomerShipping ?? null,
    returnShippingAmount: t.returnShipping ?? null,
    referralFeeAmount: t.referralFee ?? null,
    refundAdministrationFeeAmount: t.refundAdministrationFee ?? null,
    customerRefundAmount: t.customerRefund ?? null,
    raw: json(t.raw),
  };
}

/** One page of a statement's lines; a line already stored is left alone (lines never change). */
export async function storeTransactions(accountId: number, statement: { id: number; currency: string }, page: StatementTransactionsPage): Promise<number> {
  const currency = page.currency ?? statement.currency;
  const { count } = await db.financeTransaction.createMany({
    data: page.items.map((t) => transactionData(accountId, statement.id, currency, t)),
    skipDuplicates: true,
  });
  return count;
}

/** Every line of the statement is stored: the statement counts for reconciliation from now on. */
export async function markTransactionsSynced(statementRowId: number, totalCount: number | null): Promise<number> {
  const count = await db.financeTransaction.count({ where: { statementRowId } });
  // Lines are read to the last page; TikTok's total_count, when given, must agree before the statement counts.
  if (totalCount !== null && totalCount !== count) throw new FinanceStoreError(`TikTok counts ${totalCount} lines in a statement, ${count} were stored`);
  await db.financeStatement.update({ where: { id: statementRowId }, data: { transactionsSyncedAt: new Date(), transactionCount: count } });
  return count;
}

/** An order's SKU lines, replaced whole when TikTok's answer changed (a new statement added a line). */
export async function replaceSkuLines(accountId: number, orderId: string, currency: string | undefined, lines: SkuTransaction[]): Promise<number> {
  const stored = await db.financeSkuLine.findMany({ where: { accountId, orderId }, orderBy: { position: 'asc' }, select: { raw: true } });
  if (
    isDeepStrictEqual(
      stored.map((line) => line.raw),
      lines.map((line) => line.raw),
    )
  )
    return 0;
  const fetchedAt = new Date();
  await db.$transaction([
    db.financeSkuLine.deleteMany({ where: { accountId, orderId } }),
    db.financeSkuLine.createMany({
      data: lines.map((line, position) => ({
        accountId,
        orderId,
        position,
        statementId: line.statementId,
        skuId: line.skuId,
        skuName: line.skuName ?? null,
        quantity: line.quantity ?? null,
        currency: currency ?? null,
        settlementAmount: line.settlement ?? null,
        refundSubtotalAmount: line.refundSubtotal ?? null,
        sellerDiscountRefundAmount: line.sellerDiscountRefund ?? null,
        referralFeeAmount: line.referralFee ?? null,
        refundAdministrationFeeAmount: line.refundAdministrationFee ?? null,
        returnShippingAmount: line.returnShipping ?? null,
        raw: json(line.raw),
        fetchedAt,
      })),
    }),
  ]);
  return lines.length;
}

export async function storePayments(accountId: number, payments: FinancePayment[]): Promise<number> {
  const stored = await db.financePayment.findMany({
    where: { accountId, paymentId: { in: payments.map((p) => p.id) } },
    select: { id: true, paymentId: true, raw: true },
  });
  const byId = new Map(stored.map((p) => [p.paymentId, p]));
  let written = 0;
  const fresh: Prisma.FinancePaymentCreateManyInput[] = [];
  for (const p of payments) {
    const data = {
      createTime: p.createTime,
      status: p.status ?? null,
      amount: p.amount ?? null,
      currency: p.currency ?? null,
      settlementAmount: p.settlementAmount ?? null,
      reserveAmount: p.reserveAmount ?? null,
      exchangeRate: p.exchangeRate ?? null,
      paidTime: p.paidTime,
      bankAccount: p.bankAccount ?? null,
      raw: json(p.raw),
    };
    const existing = byId.get(p.id);
    if (existing && isDeepStrictEqual(existing.raw, p.raw)) continue;
    if (existing) {
      await db.financePayment.update({ where: { id: existing.id }, data });
      written++;
    } else fresh.push({ accountId, paymentId: p.id, ...data });
  }
  return written + (await db.financePayment.createMany({ data: fresh, skipDuplicates: true })).count;
}

export async function storePerformance(accountId: number, days: ShopPerformanceDay[]): Promise<number> {
  const dates = days.map((day) => new Date(`${day.date}T00:00:00Z`));
  const stored = await db.shopDailyPerformance.findMany({ where: { accountId, date: { in: dates } }, select: { date: true, raw: true } });
  const byDate = new Map(stored.map((row) => [row.date.toISOString().slice(0, 10), row.raw]));
  let written = 0;
  const fresh: Prisma.ShopDailyPerformanceCreateManyInput[] = [];
  for (const day of days) {
    if (byDate.has(day.date) && isDeepStrictEqual(byDate.get(day.date), day.raw)) continue;
    const data = {
      orders: day.orders ?? null,
      skuOrders: day.skuOrders ?? null,
      unitsSold: day.unitsSold ?? null,
      buyers: day.buyers ?? null,
      gmvAmount: day.gmv ?? null,
      currency: day.gmvCurrency ?? day.refundsCurrency ?? null,
      refundsAmount: day.refunds ?? null,
      cancellationsAndReturns: day.cancellationsAndReturns ?? null,
      raw: json(day.raw),
      syncedAt: new Date(),
    };
    const date = new Date(`${day.date}T00:00:00Z`);
    if (!byDate.has(day.date)) {
      fresh.push({ accountId, date, ...data });
      continue;
    }
    await db.shopDailyPerformance.update({ where: { accountId_date: { accountId, date } }, data });
    written++;
  }
  return written + (await db.shopDailyPerformance.createMany({ data: fresh, skipDuplicates: true })).count;
}
