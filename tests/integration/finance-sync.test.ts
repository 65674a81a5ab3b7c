import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setEnv } from '@/server/config';
import { db } from '@/server/db';
import { DAY, financeTruth, startClockSandbox, type ClockSandbox } from '../support/finance';
import { control } from '../support/sandbox';
import { connectAccounts, runSync } from '../support/sync';

/** Every stored statement, line and payment of every shop next to what the sandbox serves. */
async function differencesFromFinanceTruth(sandbox: ClockSandbox): Promise<string[]> {
  const truth = await financeTruth(sandbox);
  const problems: string[] = [];
  for (const shop of truth.shops) {
    const account = await db.shopAccount.findUniqueOrThrow({ where: { shopId: shop.shopId } });
    const statements = await db.financeStatement.findMany({
      where: { accountId: account.id },
      orderBy: { statementTime: 'asc' },
      include: { transactions: { orderBy: { id: 'asc' } } },
    });
    const expected = shop.statements.map(({ transactions: _lines, ...statement }) => statement);
    if (
      !isDeepStrictEqual(
        statements.map((s) => s.raw),
        expected,
      )
    )
      problems.push(`shop ${shop.shopId}: statements differ`);
    for (const [i, statement] of shop.statements.entries()) {
      const stored = statements[i];
      if (!stored?.transactionsSyncedAt) problems.push(`statement ${statement.id}: lines not synced`);
      else if (
        !isDeepStrictEqual(
          stored.transactions.map((t) => t.raw),
          statement.transactions,
        )
      )
        problems.push(`statement ${statement.id}: lines differ`);
    }
    const payments = await db.financePayment.findMany({ where: { accountId: account.id }, orderBy: { createTime: 'asc' } });
    if (
      !isDeepStrictEqual(
        payments.map((p) => p.raw),
        shop.payments,
      )
    )
      problems.push(`shop ${shop.shopId}: payments differ`);
  }
  return problems;
}

/** Every finance and reconciliation row, for before/after comparisons. */
async function snapshot() {
  return {
    statements: await db.financeStatement.findMany({ orderBy: { id: 'asc' } }),
    transactions: await db.financeTransaction.findMany({ orderBy: { id: 'asc' } }),
    skuLines: await db.financeSkuLine.findMany({ orderBy: { id: 'asc' } }),
    payments: await db.financePayment.findMany({ orderBy: { id: 'asc' } }),
    performance: await db.shopDailyPerformance.findMany({ orderBy: [{ accountId: 'asc' }, { date: 'asc' }] }),
    matches: await db.refundStatementMatch.findMany({ orderBy: { id: 'asc' } }),
    exceptions: await db.reconciliationException.findMany({ orderBy: { id: 'asc' }, include: { lines: true } }),
  };
}

const transactionCalls = (sandbox: ClockSandbox) =>
  Object.entries(sandbox.stats.byPath)
    .filter(([path]) => path.endsWith('/statement_transactions') && path.includes('/statements/'))
    .reduce((sum, [, count]) => sum + count, 0);

describe('finance sync against the sandbox', () => {
  let sandbox: ClockSandbox;
  let accountIds: number[];
  beforeAll(async () => {
    // The sandbox's history starts ~90 days back; the whole of it is read.
    setEnv('FINANCE_BACKFILL_DAYS', '120');
    // No overlap: statements are read again only because their payment is not PAID yet.
    setEnv('FINANCE_OVERLAP_DAYS', '0');
    // USD, GBP, EUR and VND (SEA: no Get Payments; no minor units).
    sandbox = await startClockSandbox({ seed: 'finance-sync', shopCount: 4 });
    accountIds = (await connectAccounts(sandbox)).map((a) => a.id);
  });
  afterAll(async () => {
    setEnv('FINANCE_OVERLAP_DAYS', undefined);
    await sandbox.close();
  });
  beforeEach(async () => {
    await control(sandbox, '/faults', undefined, 'DELETE');
  });

  it('stores exactly the statements, their lines and the payments the sandbox serves, and the shops daily orders', async () => {
    const run = await runSync();
    expect(run.outcome).toBe('Succeeded');
    expect(await differencesFromFinanceTruth(sandbox)).toEqual([]);
    const truth = await financeTruth(sandbox);
    const financeRuns = await db.financeSyncRun.findMany({ orderBy: { accountId: 'asc' } });
    expect(financeRuns.map((r) => r.outcome)).toEqual(['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded']);
    expect(await db.financePayment.count({ where: { accountId: accountIds[3] } })).toBe(0);
    // SKU lines are read for the orders whose refunds need telling apart: those with two or more.
    const skuOrders = await db.financeSkuLine.groupBy({ by: ['accountId', 'orderId'] });
    expect(skuOrders.length).toBeGreaterThan(0);
    for (const { accountId, orderId } of skuOrders)
      expect(await db.refund.count({ where: { accountId, marketplaceOrderId: orderId } })).toBeGreaterThanOrEqual(2);
    expect(financeRuns.map((r) => r.newStatements)).toEqual(truth.shops.map((s) => s.statements.length));
    const states = await db.financeSyncState.findMany({ orderBy: { accountId: 'asc' } });
    expect(states.map((s) => s.watermark!.getTime() / 1000)).toEqual(truth.shops.map((s) => s.statements.at(-1)!.statement_time));
    // Daily orders for the refund rate: one row per shop-local day up to the last complete one.
    const days = await db.shopDailyPerformance.findMany({ where: { accountId: accountIds[0] }, orderBy: { date: 'asc' } });
    expect(days.length).toBeGreaterThan(80);
    expect(days.every((d) => d.orders !== null && d.currency === 'USD')).toBe(true);
  });

  it('is idempotent: a second sync with nothing new writes nothing and reads no statement lines again', async () => {
    const before = await snapshot();
    const calls = transactionCalls(sandbox);
    const run = await runSync();
    expect(run.outcome).toBe('Succeeded');
    expect(await snapshot()).toEqual(before);
    expect(transactionCalls(sandbox)).toBe(calls);
    const latest = await db.financeSyncRun.findMany({ where: { runAccount: { runId: run.id } } });
    expect(latest.map((r) => [r.newStatements, r.transactions])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });

  it('is incremental: after the clock moves on, only the new statements are read, and payment statuses follow', async () => {
    const known = await db.financeStatement.count();
    // Statements before each account's latest whose payment still moves: outside the window (no
    // overlap here), they are read again only because they are not PAID.
    const states = await db.financeSyncState.findMany();
    const moving = await db.financeStatement.findMany({
      where: { paymentStatus: 'PROCESSING', OR: states.map((s) => ({ accountId: s.accountId, statementTime: { lt: s.watermark! } })) },
    });
    expect(moving.length).toBeGreaterThan(0);
    await control(sandbox, '/evolve', { advance: 20, arrive: 6 });
    sandbox.advance(2 * DAY + 3600);
    const calls = transactionCalls(sandbox);
    const run = await runSync();
    expect(run.outcome).toBe('Succeeded');
    const truth = await financeTruth(sandbox);
    const added = truth.shops.reduce((sum, shop) => sum + shop.statements.length, 0) - known;
    expect(added).toBeGreaterThanOrEqual(3);
    expect(transactionCalls(sandbox) - calls).toBe(added);
    const runs = await db.financeSyncRun.findMany({ where: { runAccount: { runId: run.id } } });
    expect(runs.reduce((sum, r) => sum + r.newStatements, 0)).toBe(added);
    // Statements read again only where payments still move, not the whole history.
    expect(runs.every((r) => r.statements < 15)).toBe(true);
    expect(await differencesFromFinanceTruth(sandbox)).toEqual([]);
    const now = await db.financeStatement.findMany({ where: { id: { in: moving.map((s) => s.id) } } });
    expect(now.some((s) => s.paymentStatus === 'PAID')).toBe(true);
  });

  it('records a failing finance feed on the shop rows, keeps the finance watermark, and catches up on the next run', async () => {
    const watermarks = await db.financeSyncState.findMany({ orderBy: { accountId: 'asc' }, select: { accountId: true, watermark: true } });
    sandbox.advance(DAY);
    await control(sandbox, '/faults', { rules: [{ kind: 'server_error', times: -1, match: '/finance/202309/statements' }] });
    const failed = await runSync();
    // Every shop's refunds went through, so the run is partial, not failed (Failed: every shop failed).
    expect(failed.outcome).toBe('PartiallyFailed');
    for (const row of failed.accounts) {
      // The refunds went through (their watermark moved); the finance feed did not, and says so.
      expect(row).toMatchObject({ outcome: 'PartiallyFailed', errorCode: '36009003', watermarkAfter: failed.startedAt });
      expect(row.error).toMatch(/^finance: TikTok 36009003 \(HTTP 500/);
    }
    const accounts = await db.shopAccount.findMany({ where: { id: { in: accountIds } } });
    expect(accounts.map((a) => a.lastSyncOutcome)).toEqual(['PartiallyFailed', 'PartiallyFailed', 'PartiallyFailed', 'PartiallyFailed']);
    expect(await db.financeSyncState.findMany({ orderBy: { accountId: 'asc' }, select: { accountId: true, watermark: true } })).toEqual(watermarks);
    const financeRuns = await db.financeSyncRun.findMany({ where: { runAccount: { runId: failed.id } } });
    expect(financeRuns.map((r) => r.outcome)).toEqual(['Failed', 'Failed', 'Failed', 'Failed']);

    await control(sandbox, '/faults', undefined, 'DELETE');
    const recovered = await runSync();
    expect(recovered.outcome).toBe('Succeeded');
    expect(await differencesFromFinanceTruth(sandbox)).toEqual([]);
    const after = await db.financeSyncState.findMany({ orderBy: { accountId: 'asc' } });
    expect(after.every((s, i) => s.watermark! > watermarks[i]!.watermark!)).toBe(true);
  });

  it('does not count a statement whose lines stopped half way; the next run reads them again', async () => {
    sandbox.advance(DAY);
    await control(sandbox, '/faults', { rules: [{ kind: 'server_error', times: -1, match: '/statement_transactions' }] });
    const failed = await runSync();
    expect(failed.accounts.every((a) => a.outcome === 'PartiallyFailed')).toBe(true);
    const unread = await db.financeStatement.count({ where: { transactionsSyncedAt: null } });
    expect(unread).toBeGreaterThanOrEqual(3);
    await control(sandbox, '/faults', undefined, 'DELETE');
    expect((await runSync()).outcome).toBe('Succeeded');
    expect(await db.financeStatement.count({ where: { transactionsSyncedAt: null } })).toBe(0);
    expect(await differencesFromFinanceTruth(sandbox)).toEqual([]);
  });
});
