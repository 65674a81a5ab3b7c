import 'server-only';
import { env } from '@/server/config';
import { db } from '@/server/db';
import { logError } from '@/server/log';
import { clientForAccount, defaultTransport } from '@/server/tiktok/account-client';
import { TikTokApiError } from '@/server/tiktok/errors';
import { TikTokFinanceClient } from '@/server/tiktok/finance-client';
import type { FinancePage, RejectedRecord } from '@/server/tiktok/finance-types';
import type { Transport } from '@/server/tiktok/http';
import { reconcileAccount } from './reconcile';
import { FinanceStoreError, markTransactionsSynced, replaceSkuLines, storePayments, storePerformance, storeStatements, storeTransactions } from './store';

/**
 * The finance step of an account's sync run (called by the sync engine after the account's
 * refunds): TikTok's statements since the finance watermark (the latest statement_time stored)
 * minus FINANCE_OVERLAP_DAYS, reaching back further to any statement whose payment is not PAID yet
 * (its status still moves); the lines of every statement not read yet (immutable: read once);
 * per-SKU lines of orders with several refunds; payments; daily shop performance; then the
 * reconciliation. A failure is recorded on the account's run row (Succeeded becomes
 * PartiallyFailed, the error is added), never passed over, and the watermark does not move.
 */

const DAY_MS = 86_400_000;
/** Get Payments is not available to SEA markets (contract 2.6); they pay out by withdrawals. */
const SEA_REGIONS = new Set(['VN', 'MY', 'ID', 'TH', 'SG', 'PH']);
/** Analytics days requested per call (no limit is documented; a month keeps answers small). */
const PERFORMANCE_CHUNK_DAYS = 30;
/** Analytics days read again each sync: the latest may have been incomplete (contract 3: D-1). */
const PERFORMANCE_OVERLAP_DAYS = 3;

class FinanceSyncError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Figures {
  statements: number;
  newStatements: number;
  transactions: number;
  skuLines: number;
  payments: number;
  performanceDays: number;
}

function refuseRejected(what: string, rejected: RejectedRecord[]) {
  if (rejected.length === 0) return;
  const sample = rejected
    .slice(0, 3)
    .map((r) => `${r.id ?? 'unknown id'}: ${r.error}`)
    .join('; ');
  throw new FinanceSyncError('INVALID_RECORDS', `${rejected.length} ${what} TikTok sent were unusable; nothing moved on: ${sample}`);
}

async function pages<T>(fetch: (token?: string) => Promise<FinancePage<T>>, what: string, store: (items: T[]) => Promise<unknown>): Promise<number> {
  let token: string | undefined;
  let count = 0;
  do {
    const page = await fetch(token);
    refuseRejected(what, page.rejected);
    await store(page.items);
    count += page.items.length;
    token = page.nextPageToken ?? undefined;
  } while (token);
  return count;
}

/**
 * Statements (and orders) are independent: a few at once hide TikTok's latency (each statement's
 * lines are one or more sequential pages), well inside its 50 requests/s per shop and the client's
 * own throttle. The first failure stops the rest from starting and is thrown once they settle.
 */
const PARALLEL_READS = 4;

async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const errors: unknown[] = [];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined && errors.length === 0; item = queue.shift()) {
      try {
        await work(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, items.length) }, worker));
  if (errors.length) throw errors[0];
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS);

/** Orders with two or more refunds whose refund-bearing lines are not all covered by stored SKU lines. */
async function ordersNeedingSkuLines(accountId: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ orderId: string }[]>`
    SELECT t.order_id AS "orderId"
    FROM finance_transactions t JOIN finance_statements s ON s.id = t.statement_row_id
    WHERE t.account_id = ${accountId} AND t.type = 'ORDER' AND t.order_id IS NOT NULL AND s.transactions_synced_at IS NOT NULL
      AND (coalesce(t.refund_subtotal_amount, 0) <> 0 OR coalesce(t.seller_discount_refund_amount, 0) <> 0 OR coalesce(t.refund_administration_fee_amount, 0) <> 0)
      AND (SELECT count(*) FROM refunds r WHERE r.account_id = ${accountId} AND r.marketplace_order_id = t.order_id) >= 2
      AND NOT EXISTS (SELECT 1 FROM finance_sku_lines l WHERE l.account_id = ${accountId} AND l.order_id = t.order_id AND l.statement_id = s.statement_id)
    GROUP BY t.order_id ORDER BY t.order_id`;
  return rows.map((row) => row.orderId);
}

async function readFinance(accountId: number, finance: TikTokFinanceClient, until: Date, figures: Figures): Promise<void> {
  const [state, account] = await Promise.all([
    db.financeSyncState.findUnique({ where: { accountId } }),
    db.shopAccount.findUniqueOrThrow({ where: { id: accountId }, select: { region: true } }),
  ]);
  const backfillFrom = addDays(until, -env.FINANCE_BACKFILL_DAYS);
  let from = state?.watermark ? addDays(state.watermark, -env.FINANCE_OVERLAP_DAYS) : backfillFrom;
  // A statement whose payment is not PAID may still change: read from the oldest such (within the backfill reach).
  const unpaid = await db.financeStatement.findFirst({
    where: { accountId, statementTime: { gte: backfillFrom }, OR: [{ paymentStatus: null }, { paymentStatus: { not: 'PAID' } }] },
    orderBy: { statementTime: 'asc' },
    select: { statementTime: true },
  });
  if (unpaid && unpaid.statementTime < from) from = unpaid.statementTime;

  figures.statements = await pages(
    (token) => finance.getStatements({ from, before: until }, token),
    'statements',
    async (items) => {
      figures.newStatements += (await storeStatements(accountId, items)).created;
    },
  );

  // Lines of every statement not read to the end yet, this run's or an earlier failed run's.
  const unread = await db.financeStatement.findMany({
    where: { accountId, transactionsSyncedAt: null },
    orderBy: { statementTime: 'asc' },
    select: { id: true, statementId: true, currency: true },
  });
  await inParallel(unread, async (statement) => {
    let page = await finance.getStatementTransactions(statement.statementId);
    for (;;) {
      refuseRejected(`lines of statement ${statement.statementId}`, page.rejected);
      figures.transactions += await storeTransactions(accountId, statement, page);
      if (!page.nextPageToken) break;
      page = await finance.getStatementTransactions(statement.statementId, {}, page.nextPageToken);
    }
    await markTransactionsSynced(statement.id, page.totalCount);
  });

  await inParallel(await ordersNeedingSkuLines(accountId), async (orderId) => {
    const order = await finance.getOrderStatementTransactions(orderId);
    refuseRejected(`SKU lines of order ${orderId}`, order.rejected);
    figures.skuLines += await replaceSkuLines(accountId, orderId, order.currency, order.skuTransactions);
  });

  if (!SEA_REGIONS.has(account.region ?? '')) {
    const processing = await db.financePayment.findFirst({
      where: { accountId, OR: [{ status: null }, { status: { not: 'PAID' } }] },
      orderBy: { createTime: 'asc' },
      select: { createTime: true },
    });
    const paymentsFrom = processing && processing.createTime < from ? processing.createTime : from;
    figures.payments = await pages(
      (token) => finance.getPayments({ from: paymentsFrom, before: until }, token),
      'payments',
      (items) => storePayments(accountId, items),
    );
  }

  const latest = await db.shopDailyPerformance.aggregate({ where: { accountId }, _max: { date: true } });
  let start = latest._max.date ? addDays(latest._max.date, -PERFORMANCE_OVERLAP_DAYS) : backfillFrom;
  const end = addDays(until, 1);
  while (isoDate(start) < isoDate(end)) {
    const chunkEnd = new Date(Math.min(addDays(start, PERFORMANCE_CHUNK_DAYS).getTime(), end.getTime()));
    const performance = await finance.getShopPerformance({ startDate: isoDate(start), endDate: isoDate(chunkEnd) });
    refuseRejected('shop performance days', performance.rejected);
    figures.performanceDays += await storePerformance(accountId, performance.days);
    start = chunkEnd;
  }
}

/** Adds a finance failure to the account's run row: Succeeded becomes PartiallyFailed; a failed refunds step stays Failed. */
async function recordFailure(runAccountId: number, accountId: number, code: string, message: string) {
  const text = `finance: ${message}`;
  await db.$transaction(async (tx) => {
    const row = await tx.syncRunAccount.findUniqueOrThrow({ where: { id: runAccountId }, select: { outcome: true, errorCode: true, error: true } });
    const outcome = row.outcome === 'Succeeded' || row.outcome === 'Running' ? 'PartiallyFailed' : row.outcome;
    const error = row.error ? `${row.error}; ${text}` : text;
    await tx.syncRunAccount.update({ where: { id: runAccountId }, data: { outcome, errorCode: row.errorCode ?? code, error } });
    await tx.shopAccount.update({ where: { id: accountId }, data: { lastSyncOutcome: outcome, lastSyncError: error } });
  });
}

/** The finance step of one account's sync run; never throws (failures are recorded on the run). */
export async function syncAccountFinance(runAccountId: number, accountId: number, until: Date, transport: Transport = defaultTransport()): Promise<void> {
  if (env.FINANCE_SYNC === 'off') return;
  try {
    await financeStep(runAccountId, accountId, until, transport);
  } catch (error) {
    logError('finance.step_failed', { accountId, error });
    await recordFailure(runAccountId, accountId, 'INTERNAL', 'internal error; see the server log').catch(() => undefined);
  }
}

async function financeStep(runAccountId: number, accountId: number, until: Date, transport: Transport): Promise<void> {
  const state = await db.financeSyncState.upsert({ where: { accountId }, create: { accountId }, update: {} });
  const run = await db.financeSyncRun.create({ data: { runAccountId, accountId, watermarkBefore: state.watermark } });
  const figures: Figures = { statements: 0, newStatements: 0, transactions: 0, skuLines: 0, payments: 0, performanceDays: 0 };
  let failure: { code: string; message: string } | null = null;
  try {
    const client = await clientForAccount(accountId, transport);
    await readFinance(accountId, new TikTokFinanceClient(client), until, figures);
  } catch (error) {
    if (error instanceof TikTokApiError) failure = { code: String(error.code ?? error.kind), message: error.describe() };
    else if (error instanceof FinanceSyncError) failure = { code: error.code, message: error.message };
    else if (error instanceof FinanceStoreError) failure = { code: 'INCOMPLETE', message: error.message };
    else {
      logError('finance.sync_failed', { accountId, error });
      failure = { code: 'INTERNAL', message: 'internal error; see the server log' };
    }
  }
  const now = new Date();
  let watermark = state.watermark;
  if (!failure) {
    // Everything was read: the watermark moves to the latest statement whose lines are all stored.
    const latest = await db.financeStatement.aggregate({ where: { accountId, transactionsSyncedAt: { not: null } }, _max: { statementTime: true } });
    watermark = latest._max.statementTime ?? state.watermark;
    await db.financeSyncState.update({
      where: { accountId },
      data: { watermark, coverageFrom: state.coverageFrom ?? addDays(until, -env.FINANCE_BACKFILL_DAYS), lastSuccessAt: now, lastError: null },
    });
  }
  // Reconciled after a failure too: the refunds may have moved, and what is stored is whole per statement.
  let exceptions: number | null = null;
  try {
    exceptions = (await reconcileAccount(accountId)).exceptions;
  } catch (error) {
    logError('finance.reconcile_failed', { accountId, error });
    failure ??= { code: 'RECONCILE', message: 'the reconciliation failed; see the server log' };
  }
  await db.financeSyncState.update({ where: { accountId }, data: { lastSyncAt: now, ...(failure ? { lastError: failure.message } : {}) } });
  await db.financeSyncRun.update({
    where: { id: run.id },
    data: {
      ...figures,
      exceptions,
      outcome: failure ? 'Failed' : 'Succeeded',
      finishedAt: new Date(),
      errorCode: failure?.code ?? null,
      error: failure?.message ?? null,
      watermarkAfter: watermark,
    },
  });
  if (failure) await recordFailure(runAccountId, accountId, failure.code, failure.message);
}
