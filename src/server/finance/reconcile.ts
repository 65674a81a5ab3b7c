import 'server-only';
import { isDeepStrictEqual } from 'node:util';
import { Prisma } from '@/generated/prisma/client';
import { env } from '@/server/config';
import { db } from '@/server/db';
import { parseCancellation, parseReturn } from '@/server/tiktok/parse';
import type { MarketplaceRefund } from '@/server/tiktok/types';
import { findExceptions, type ExceptionRow } from './exceptions';
import { matchAccount, type LineInput, type MatchRow, type RefundInput } from './match';
import { decimal, sum, units } from '@/lib/money';
import { REFUNDED_STATUSES, REIMBURSEMENT_TYPES } from './statuses';

/**
 * Recomputes an account's matches and exceptions from what is stored (refunds, statements and
 * their lines) and writes only the difference: running it twice changes nothing, an exception
 * that still holds keeps its id and `detectedAt`, one that no longer holds is removed.
 */

const DAY_MS = 86_400_000;

type Amount = Prisma.Decimal | null;
const u = (value: Amount) => units(value?.toString());

/** What the buyer got back, from the refund's TikTok JSON (parsed at the edge again, as the sync did). */
function refundMoney(kind: string, raw: unknown): Pick<RefundInput, 'goods' | 'shipping' | 'tax' | 'total' | 'skuIds'> {
  let parsed: MarketplaceRefund;
  try {
    parsed = kind === 'Return' ? parseReturn(raw) : parseCancellation(raw);
  } catch {
    return { goods: 0n, shipping: null, tax: null, total: 0n, skuIds: [] };
  }
  const amount = parsed.refundAmount;
  const total = units(amount?.total);
  const shipping = amount?.shippingFee === undefined ? null : units(amount.shippingFee);
  const tax = amount?.tax === undefined ? null : units(amount.tax);
  const itemAmounts = parsed.lineItems.map((item) => item.refundAmount?.subtotal ?? item.refundAmount?.total);
  const goods =
    itemAmounts.length && itemAmounts.every((value) => value !== undefined)
      ? sum(itemAmounts.map((value) => units(value)))
      : amount?.subtotal !== undefined
        ? units(amount.subtotal)
        : total - (shipping ?? 0n) - (tax ?? 0n);
  return { goods, shipping, tax, total, skuIds: [...new Set(parsed.lineItems.flatMap((item) => (item.skuId ? [item.skuId] : [])))] };
}

async function loadLines(accountId: number): Promise<LineInput[]> {
  const rows = await db.financeTransaction.findMany({
    where: {
      accountId,
      statement: { transactionsSyncedAt: { not: null } },
      OR: [
        {
          type: 'ORDER',
          OR: [{ refundSubtotalAmount: { not: 0 } }, { sellerDiscountRefundAmount: { not: 0 } }, { refundAdministrationFeeAmount: { not: 0 } }],
        },
        { type: { in: [...REIMBURSEMENT_TYPES] }, adjustmentOrderId: { not: null } },
      ],
    },
    include: { statement: { select: { statementTime: true, statementId: true } } },
  });
  const orderIds = [...new Set(rows.flatMap((row) => (row.orderId ? [row.orderId] : [])))];
  // SKUs each line refunds, where Get Order Statement Transactions was read for the order.
  const skuLines = await db.financeSkuLine.findMany({
    where: { accountId, orderId: { in: orderIds } },
    select: {
      orderId: true,
      statementId: true,
      skuId: true,
      refundSubtotalAmount: true,
      sellerDiscountRefundAmount: true,
      refundAdministrationFeeAmount: true,
    },
  });
  const skuStatements = new Set(skuLines.map((l) => `${l.orderId}:${l.statementId}`));
  const refundedSkus = new Map<string, Set<string>>();
  for (const line of skuLines) {
    if (u(line.refundSubtotalAmount) === 0n && u(line.sellerDiscountRefundAmount) === 0n && u(line.refundAdministrationFeeAmount) === 0n) continue;
    const key = `${line.orderId}:${line.statementId}`;
    refundedSkus.set(key, (refundedSkus.get(key) ?? new Set()).add(line.skuId));
  }
  return rows.map((row) => {
    const key = `${row.orderId}:${row.statement.statementId}`;
    return {
      id: row.id,
      statementTime: row.statement.statementTime,
      type: row.type,
      orderId: row.orderId,
      adjustmentOrderId: row.adjustmentOrderId,
      currency: row.currency,
      revenue: u(row.revenueAmount),
      refundSubtotal: u(row.refundSubtotalAmount),
      sellerDiscountRefund: u(row.sellerDiscountRefundAmount),
      platformDiscountRefund: u(row.platformDiscountRefundAmount),
      customerPaidShipping: u(row.customerPaidShippingAmount),
      refundedCustomerShipping: u(row.refundedCustomerShippingAmount),
      returnShipping: u(row.returnShippingAmount),
      referralFee: u(row.referralFeeAmount),
      adminFee: u(row.refundAdministrationFeeAmount),
      adjustment: u(row.adjustmentAmount),
      refundedSkuIds: skuStatements.has(key) ? [...(refundedSkus.get(key) ?? [])] : null,
    };
  });
}

async function loadRefunds(accountId: number, orderIds: string[], completedSince: Date | null): Promise<RefundInput[]> {
  // The refunds on orders with lines, and every refund paid since coverage began (it may be missing);
  // then every request on those orders, which decides when TikTok may settle them.
  const seeds = await db.refund.findMany({
    where: {
      accountId,
      OR: [
        { marketplaceOrderId: { in: orderIds } },
        ...(completedSince ? [{ marketplaceStatus: { in: [...REFUNDED_STATUSES] }, marketplaceUpdatedAt: { gte: completedSince } }] : []),
      ],
    },
    select: { marketplaceOrderId: true },
  });
  const orders = [...new Set(seeds.map((r) => r.marketplaceOrderId))];
  const rows = await db.refund.findMany({
    where: { accountId, marketplaceOrderId: { in: orders } },
    select: {
      id: true,
      kind: true,
      marketplaceRefundId: true,
      marketplaceOrderId: true,
      marketplaceStatus: true,
      unmappedStatus: true,
      arbitrationStatus: true,
      initiatorRole: true,
      currency: true,
      marketplaceUpdatedAt: true,
      raw: true,
    },
  });
  // When the refund reached its current status: its first history event with that status.
  const reached = rows.length
    ? await db.$queryRaw<{ id: number; at: Date }[]>`
        SELECT r.id, min(e.occurred_at) AS at FROM refunds r
        JOIN refund_events e ON e.refund_id = r.id AND e.to_marketplace_status = r.marketplace_status
        WHERE r.id = ANY(${rows.map((r) => r.id)}::int[]) GROUP BY r.id`
    : [];
  const reachedAt = new Map(reached.map((row) => [row.id, row.at]));
  return rows.map((row) => ({
    id: row.id,
    marketplaceRefundId: row.marketplaceRefundId,
    orderId: row.marketplaceOrderId,
    kind: row.kind,
    status: row.marketplaceStatus,
    unmapped: row.unmappedStatus,
    arbitrationStatus: row.arbitrationStatus,
    initiatorRole: row.initiatorRole,
    currency: row.currency,
    completedAt: reachedAt.get(row.id) ?? row.marketplaceUpdatedAt,
    ...refundMoney(row.kind, row.raw),
  }));
}

const matchKey = (row: { refundId: number; lineId?: number; transactionRowId?: number; role: string }) =>
  `${row.refundId}:${row.lineId ?? row.transactionRowId}:${row.role}`;

function matchData(accountId: number, row: MatchRow) {
  return {
    accountId,
    refundId: row.refundId,
    transactionRowId: row.lineId,
    role: row.role,
    currency: row.currency,
    goodsAmount: decimal(row.goods),
    customerShippingAmount: decimal(row.customerShipping),
    referralFeeAmount: decimal(row.referralFee),
    adminFeeAmount: decimal(row.adminFee),
    returnShippingAmount: decimal(row.returnShipping),
    platformDiscountAmount: decimal(row.platformDiscount),
    reimbursementAmount: decimal(row.reimbursement),
    netAmount: decimal(row.net),
    exact: row.exact,
  };
}

const optionalDecimal = (value: bigint | null) => (value === null ? null : decimal(value));

function exceptionData(accountId: number, row: ExceptionRow) {
  return {
    accountId,
    kind: row.kind,
    key: row.key,
    refundId: row.refundId,
    orderId: row.orderId,
    currency: row.currency,
    occurredAt: row.occurredAt,
    refundedAmount: optionalDecimal(row.refunded),
    deductedAmount: optionalDecimal(row.deducted),
    differenceAmount: optionalDecimal(row.difference),
    reimbursedAmount: optionalDecimal(row.reimbursed),
    note: row.note,
    detail: row.detail,
  };
}

/** Comparable form of a stored or computed row: decimals as numeric strings at scale 4, dates as ISO. */
function comparable(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [
      key,
      value instanceof Prisma.Decimal ? decimal(units(value.toString())) : value instanceof Date ? value.toISOString() : value,
    ]),
  );
}

export interface ReconcileResult {
  matches: number;
  exceptions: number;
  written: number;
}

/** Matches and exceptions of one account, recomputed; only differences are written. */
export async function reconcileAccount(accountId: number): Promise<ReconcileResult> {
  const [state, account, end] = await Promise.all([
    db.financeSyncState.findUnique({ where: { accountId } }),
    db.shopAccount.findUniqueOrThrow({ where: { id: accountId }, select: { syncWatermark: true } }),
    db.financeStatement.aggregate({ where: { accountId, transactionsSyncedAt: { not: null } }, _max: { statementTime: true } }),
  ]);
  const lines = await loadLines(accountId);
  const coverageFrom = state?.coverageFrom ?? null;
  const orderIds = [...new Set(lines.flatMap((line) => [line.orderId, line.adjustmentOrderId].filter((id): id is string => id !== null)))];
  const refunds = await loadRefunds(accountId, orderIds, coverageFrom && new Date(coverageFrom.getTime() - DAY_MS));
  const result = matchAccount(refunds, lines);
  const exceptions = findExceptions(refunds, lines, result, {
    coverageFrom,
    coverageEnd: end._max.statementTime,
    refundsSyncedThrough: account.syncWatermark,
    missingAfterDays: env.RECONCILE_MISSING_AFTER_DAYS,
  });
  let written = 0;
  await db.$transaction(
    async (tx) => {
      const storedMatches = await tx.refundStatementMatch.findMany({ where: { accountId } });
      const wantedMatches = new Map(result.matches.map((row) => [matchKey(row), matchData(accountId, row)]));
      const storedByKey = new Map(storedMatches.map((row) => [matchKey(row), row]));
      const gone = storedMatches.filter((row) => !wantedMatches.has(matchKey(row))).map((row) => row.id);
      if (gone.length) written += (await tx.refundStatementMatch.deleteMany({ where: { id: { in: gone } } })).count;
      const fresh = [];
      for (const [key, data] of wantedMatches) {
        const stored = storedByKey.get(key);
        if (!stored) {
          fresh.push(data);
        } else {
          const { id: _id, ...current } = stored;
          if (!isDeepStrictEqual(comparable(current), comparable(data))) {
            await tx.refundStatementMatch.update({ where: { id: stored.id }, data });
            written++;
          }
        }
      }

      if (fresh.length) written += (await tx.refundStatementMatch.createMany({ data: fresh })).count;

      const storedExceptions = await tx.reconciliationException.findMany({ where: { accountId }, include: { lines: true } });
      const wanted = new Map(exceptions.map((row) => [`${row.kind}:${row.key}`, row]));
      const obsolete = storedExceptions.filter((row) => !wanted.has(`${row.kind}:${row.key}`)).map((row) => row.id);
      if (obsolete.length) written += (await tx.reconciliationException.deleteMany({ where: { id: { in: obsolete } } })).count;
      const storedByKind = new Map(storedExceptions.map((row) => [`${row.kind}:${row.key}`, row]));
      for (const [key, row] of wanted) {
        const data = exceptionData(accountId, row);
        const stored = storedByKind.get(key);
        const lineIds = [...new Set(row.lineIds)].sort((a, b) => a - b);
        if (!stored) {
          await tx.reconciliationException.create({ data: { ...data, lines: { create: lineIds.map((transactionRowId) => ({ transactionRowId })) } } });
          written++;
          continue;
        }
        const { id, detectedAt: _detected, updatedAt: _updated, lines: storedLines, ...current } = stored;
        const sameLines = isDeepStrictEqual(
          storedLines.map((l) => l.transactionRowId).sort((a, b) => a - b),
          lineIds,
        );
        if (sameLines && isDeepStrictEqual(comparable(current), comparable(data))) continue;
        await tx.reconciliationExceptionLine.deleteMany({ where: { exceptionId: id } });
        await tx.reconciliationException.update({
          where: { id },
          data: { ...data, lines: { create: lineIds.map((transactionRowId) => ({ transactionRowId })) } },
        });
        written++;
      }
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
  return { matches: result.matches.length, exceptions: exceptions.length, written };
}
