import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { localToInstant } from '@/lib/store-time';
import { env } from '@/server/config';
import { db } from '@/server/db';
import {
  exceptionFiltersSchema,
  refundRateFiltersSchema,
  rowIdSchema,
  statementFiltersSchema,
  type ExceptionFilters,
  type RefundRateFilters,
  type StatementFilters,
} from './schemas';
import { LINE_FIELDS, lineSummary, matchAmounts, REFUND_FIELDS, refundSummary, text } from './rows';

/**
 * What the reconciliation pages read: statements with their payout and the refunds each deducted,
 * the exceptions to chase, and the links both ways between a refund and its statement lines.
 * Amounts are exact decimal strings with their currency; totals are summed by PostgreSQL per
 * currency, never across currencies.
 */

/** [from, to] store-local dates (both included) as an instant range. */
function period(from: string | undefined, to: string | undefined) {
  const zone = env.STORE_TIMEZONE;
  if (!from && !to) return undefined;
  return { ...(from ? { gte: localToInstant(from, zone, false) } : {}), ...(to ? { lt: localToInstant(to, zone, true) } : {}) };
}

/**
 * Statements, newest first (keyset: pass the last row's id as `before`), each with its payout,
 * payment and the refunds it deducted with their fees; and the totals of every matching statement
 * per currency.
 */
export async function listStatements(input: StatementFilters = {}) {
  const f = statementFiltersSchema.parse(input);
  const range = period(f.from, f.to);
  const where: Prisma.FinanceStatementWhereInput = {
    ...(f.accountIds ? { accountId: { in: f.accountIds } } : {}),
    ...(range ? { statementTime: range } : {}),
    ...(f.currency ? { currency: f.currency } : {}),
    ...(f.paymentStatus ? { paymentStatus: f.paymentStatus } : {}),
  };
  const cursor = f.before ? await db.financeStatement.findUnique({ where: { id: f.before }, select: { id: true, statementTime: true } }) : null;
  const rows = await db.financeStatement.findMany({
    where: {
      ...where,
      ...(cursor ? { OR: [{ statementTime: { lt: cursor.statementTime } }, { statementTime: cursor.statementTime, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ statementTime: 'desc' }, { id: 'desc' }],
    take: f.limit + 1,
    include: { account: { select: { name: true } } },
  });
  const page = rows.slice(0, f.limit);
  const [matches, payments, totals, deducted] = await Promise.all([
    db.refundStatementMatch.findMany({
      where: { role: 'Clawback', transaction: { statementRowId: { in: page.map((s) => s.id) } } },
      include: { refund: { select: REFUND_FIELDS }, transaction: { select: { statementRowId: true, transactionId: true } } },
      orderBy: { id: 'asc' },
    }),
    db.financePayment.findMany({
      where: { OR: page.filter((s) => s.paymentId).map((s) => ({ accountId: s.accountId, paymentId: s.paymentId! })) },
      select: { accountId: true, paymentId: true, status: true, amount: true, currency: true, paidTime: true, createTime: true },
    }),
    db.financeStatement.groupBy({ by: ['currency'], where, _count: { _all: true }, _sum: { settlementAmount: true }, orderBy: { currency: 'asc' } }),
    db.refundStatementMatch.groupBy({
      by: ['currency'],
      where: { role: 'Clawback', transaction: { statement: where } },
      _count: { _all: true },
      _sum: { goodsAmount: true, referralFeeAmount: true, adminFeeAmount: true, returnShippingAmount: true, netAmount: true },
      orderBy: { currency: 'asc' },
    }),
  ]);
  const paymentOf = new Map(payments.map((p) => [`${p.accountId}:${p.paymentId}`, p]));
  return {
    rows: page.map((s) => {
      const payment = s.paymentId ? paymentOf.get(`${s.accountId}:${s.paymentId}`) : undefined;
      const refunds = matches
        .filter((m) => m.transaction.statementRowId === s.id)
        .map((m) => ({
          transactionRowId: m.transactionRowId,
          transactionId: m.transaction.transactionId,
          refund: refundSummary(m.refund),
          ...matchAmounts(m),
        }));
      return {
        id: s.id,
        accountId: s.accountId,
        accountName: s.account.name,
        statementId: s.statementId,
        statementTime: s.statementTime,
        currency: s.currency,
        /** The payout of the statement. */
        settlementAmount: text(s.settlementAmount),
        paymentStatus: s.paymentStatus,
        paymentId: s.paymentId,
        payment: payment
          ? { status: payment.status, amount: text(payment.amount), currency: payment.currency, createTime: payment.createTime, paidTime: payment.paidTime }
          : null,
        transactionCount: s.transactionCount,
        refunds,
      };
    }),
    nextBefore: rows.length > f.limit ? page.at(-1)!.id : null,
    totals: totals.map((t) => {
      const d = deducted.find((row) => row.currency === t.currency);
      return {
        currency: t.currency,
        statements: t._count._all,
        settlement: text(t._sum.settlementAmount) ?? '0',
        refundsDeducted: d?._count._all ?? 0,
        goods: text(d?._sum.goodsAmount) ?? '0',
        referralFee: text(d?._sum.referralFeeAmount) ?? '0',
        adminFee: text(d?._sum.adminFeeAmount) ?? '0',
        returnShipping: text(d?._sum.returnShippingAmount) ?? '0',
        net: text(d?._sum.netAmount) ?? '0',
      };
    }),
  };
}

/** Exceptions, newest first (keyset on `before`), with their refund and lines; counts and differences per kind and currency. */
export async function listExceptions(input: ExceptionFilters = {}) {
  const f = exceptionFiltersSchema.parse(input);
  const range = period(f.from, f.to);
  const where: Prisma.ReconciliationExceptionWhereInput = {
    ...(f.accountIds ? { accountId: { in: f.accountIds } } : {}),
    ...(range ? { occurredAt: range } : {}),
    ...(f.currency ? { currency: f.currency } : {}),
    ...(f.kinds?.length ? { kind: { in: f.kinds } } : {}),
  };
  const cursor = f.before ? await db.reconciliationException.findUnique({ where: { id: f.before }, select: { id: true, occurredAt: true } }) : null;
  const [rows, totals] = await Promise.all([
    db.reconciliationException.findMany({
      where: { ...where, ...(cursor ? { OR: [{ occurredAt: { lt: cursor.occurredAt } }, { occurredAt: cursor.occurredAt, id: { lt: cursor.id } }] } : {}) },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: f.limit + 1,
      include: { account: { select: { name: true } }, refund: { select: REFUND_FIELDS }, lines: { include: { transaction: { select: LINE_FIELDS } } } },
    }),
    db.reconciliationException.groupBy({
      by: ['kind', 'currency'],
      where,
      _count: { _all: true },
      _sum: { differenceAmount: true, refundedAmount: true, deductedAmount: true, reimbursedAmount: true },
      orderBy: [{ kind: 'asc' }, { currency: 'asc' }],
    }),
  ]);
  const page = rows.slice(0, f.limit);
  return {
    rows: page.map((e) => ({
      id: e.id,
      kind: e.kind,
      accountId: e.accountId,
      accountName: e.account.name,
      occurredAt: e.occurredAt,
      detectedAt: e.detectedAt,
      orderId: e.orderId,
      currency: e.currency,
      refunded: text(e.refundedAmount),
      deducted: text(e.deductedAmount),
      difference: text(e.differenceAmount),
      reimbursed: text(e.reimbursedAmount),
      note: e.note,
      detail: e.detail,
      refund: e.refund ? refundSummary(e.refund) : null,
      lines: e.lines.map((l) => lineSummary(l.transaction)).sort((a, b) => a.statementTime.getTime() - b.statementTime.getTime()),
    })),
    nextBefore: rows.length > f.limit ? page.at(-1)!.id : null,
    totals: totals.map((t) => ({
      kind: t.kind,
      currency: t.currency,
      count: t._count._all,
      difference: text(t._sum.differenceAmount),
      refunded: text(t._sum.refundedAmount),
      deducted: text(t._sum.deductedAmount),
      reimbursed: text(t._sum.reimbursedAmount),
    })),
  };
}

/** The statement lines that settle one refund (the Refund Data modal's link), oldest first, with the refund's exceptions. */
export async function statementLinesOfRefund(input: number) {
  const refundId = rowIdSchema.parse(input);
  const [matches, exceptions] = await Promise.all([
    db.refundStatementMatch.findMany({ where: { refundId }, include: { transaction: { select: LINE_FIELDS } } }),
    db.reconciliationException.findMany({ where: { refundId }, select: { id: true, kind: true, note: true, differenceAmount: true, currency: true } }),
  ]);
  return {
    lines: matches
      .map((m) => ({ role: m.role, ...lineSummary(m.transaction), ...matchAmounts(m) }))
      .sort((a, b) => a.statementTime.getTime() - b.statementTime.getTime() || a.transactionRowId - b.transactionRowId),
    exceptions: exceptions.map((e) => ({ id: e.id, kind: e.kind, note: e.note, currency: e.currency, difference: text(e.differenceAmount) })),
  };
}

/** The refunds one statement line settles (or reimburses), with each one's share of the line. */
export async function refundsOfStatementLine(input: number) {
  const transactionRowId = rowIdSchema.parse(input);
  const line = await db.financeTransaction.findUnique({ where: { id: transactionRowId }, select: LINE_FIELDS });
  if (!line) return null;
  const matches = await db.refundStatementMatch.findMany({
    where: { transactionRowId },
    include: { refund: { select: REFUND_FIELDS } },
    orderBy: { refundId: 'asc' },
  });
  return { line: lineSummary(line), refunds: matches.map((m) => ({ role: m.role, refund: refundSummary(m.refund), ...matchAmounts(m) })) };
}

/**
 * Orders per day (TikTok Analytics, the shop's own day) beside the refund requests created that day
 * (in the store's time zone: the two calendars can straddle by hours, contract R8), per account,
 * for the refund rate = refunds ÷ orders. Days without data are left out.
 */
export async function refundRateByDay(input: RefundRateFilters = {}) {
  const f = refundRateFiltersSchema.parse(input);
  const zone = env.STORE_TIMEZONE;
  const dates = {
    ...(f.from ? { gte: new Date(`${f.from}T00:00:00Z`) } : {}),
    ...(f.to ? { lte: new Date(`${f.to}T00:00:00Z`) } : {}),
  };
  const accounts = f.accountIds ? { accountId: { in: f.accountIds } } : {};
  const [orders, refunds] = await Promise.all([
    db.shopDailyPerformance.findMany({
      where: { ...accounts, date: dates },
      select: { accountId: true, date: true, orders: true, cancellationsAndReturns: true },
    }),
    db.$queryRaw<{ accountId: number; date: string; refunds: bigint }[]>`
      SELECT account_id AS "accountId", to_char((marketplace_created_at AT TIME ZONE ${zone})::date, 'YYYY-MM-DD') AS date, count(*) AS refunds
      FROM refunds
      WHERE (${f.accountIds ?? null}::int[] IS NULL OR account_id = ANY(${f.accountIds ?? null}::int[]))
        AND (${f.from ?? null}::date IS NULL OR (marketplace_created_at AT TIME ZONE ${zone})::date >= ${f.from ?? null}::date)
        AND (${f.to ?? null}::date IS NULL OR (marketplace_created_at AT TIME ZONE ${zone})::date <= ${f.to ?? null}::date)
      GROUP BY 1, 2`,
  ]);
  const byKey = new Map<string, { accountId: number; date: string; orders: number | null; refunds: number; tiktokItemsCancelledOrReturned: number | null }>();
  const entry = (accountId: number, date: string) => {
    const key = `${accountId}:${date}`;
    let found = byKey.get(key);
    if (!found) {
      found = { accountId, date, orders: null, refunds: 0, tiktokItemsCancelledOrReturned: null };
      byKey.set(key, found);
    }
    return found;
  };
  for (const row of orders) {
    const day = entry(row.accountId, row.date.toISOString().slice(0, 10));
    day.orders = row.orders;
    day.tiktokItemsCancelledOrReturned = row.cancellationsAndReturns;
  }
  for (const row of refunds) entry(row.accountId, row.date).refunds = Number(row.refunds);
  return [...byKey.values()]
    .sort((a, b) => a.accountId - b.accountId || a.date.localeCompare(b.date))
    .map((day) => ({ ...day, rate: day.orders ? day.refunds / day.orders : null }));
}

/** What the filters offer: the shops and the currencies statements and exceptions come in. */
export async function reconciliationChoices() {
  const [accounts, currencies] = await Promise.all([
    db.shopAccount.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    db.$queryRaw<
      { currency: string }[]
    >`SELECT DISTINCT currency FROM finance_statements UNION SELECT DISTINCT currency FROM reconciliation_exceptions WHERE currency IS NOT NULL ORDER BY 1`,
  ]);
  return { accounts, currencies: currencies.map((c) => c.currency) };
}
