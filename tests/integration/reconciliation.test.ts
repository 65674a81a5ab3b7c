import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env, setEnv } from '@/server/config';
import { db } from '@/server/db';
import { display, units } from '@/lib/money';
import { reconcileAccount } from '@/server/finance/reconcile';
import { listExceptions, listStatements, refundsOfStatementLine, refundRateByDay, statementLinesOfRefund } from '@/features/reconciliation/queries';
import { DAY, financeTruth, startClockSandbox, type ClockSandbox, type FinanceTruth } from '../support/finance';
import { control, sandboxClient } from '../support/sandbox';
import { connectAccounts, runSync } from '../support/sync';

/**
 * THE KEY TEST: after syncing refunds and finance, the reconciliation finds exactly the
 * discrepancies the sandbox planted, and nothing on the hundreds of ordinary refunds around them.
 */

const show = (value: { toString(): string } | null, currency: string | null) => (value === null ? 'none' : display(units(value.toString()), currency));

/** The planted truth as the exceptions should read. A missing clawback counts once RECONCILE_MISSING_AFTER_DAYS of statements followed it. */
function expectedExceptions(truth: FinanceTruth): string[] {
  const wait = env.RECONCILE_MISSING_AFTER_DAYS * DAY;
  return truth.shops
    .flatMap((shop) => {
      const last = shop.statements.at(-1)!.statement_time;
      return shop.discrepancies.flatMap((d) => {
        switch (d.kind) {
          case 'missing_clawback':
            return d.completedAt + wait <= last ? [`MissingClawback ${d.refundId} ${d.amount} ${d.currency}`] : [];
          case 'unmatched_deduction':
            return [`UnmatchedDeduction ${d.transactionId} ${d.amount} ${d.currency}`];
          case 'amount_differs':
            return [`AmountDiffers ${d.refundId} ${d.transactionId} ${d.difference} ${d.currency}`];
          case 'platform_refund':
            return [`PlatformRefund ${d.refundId} reimbursed ${d.reimbursement?.amount ?? 'none'} ${d.currency}`];
        }
      });
    })
    .sort();
}

async function foundExceptions(): Promise<string[]> {
  const rows = await db.reconciliationException.findMany({ include: { refund: true, lines: { include: { transaction: true } } } });
  return rows
    .map((e) => {
      const lines = e.lines.map((l) => l.transaction.transactionId).join(',');
      switch (e.kind) {
        case 'MissingClawback':
          return `MissingClawback ${e.refund!.marketplaceRefundId} ${show(e.refundedAmount, e.currency)} ${e.currency}`;
        case 'UnmatchedDeduction':
          return `UnmatchedDeduction ${lines} ${show(e.deductedAmount, e.currency)} ${e.currency}`;
        case 'AmountDiffers':
          return `AmountDiffers ${e.refund!.marketplaceRefundId} ${lines} ${show(e.differenceAmount, e.currency)} ${e.currency}`;
        case 'PlatformRefund':
          return `PlatformRefund ${e.refund!.marketplaceRefundId} reimbursed ${show(e.reimbursedAmount, e.currency)} ${e.currency}`;
      }
    })
    .sort();
}

async function reconciliationRows() {
  return {
    matches: await db.refundStatementMatch.findMany({ orderBy: { id: 'asc' } }),
    exceptions: await db.reconciliationException.findMany({ orderBy: { id: 'asc' }, include: { lines: { orderBy: { transactionRowId: 'asc' } } } }),
  };
}

describe('reconciliation of refunds with TikTok statements', () => {
  let sandbox: ClockSandbox;
  let accountIds: number[];
  beforeAll(async () => {
    setEnv('FINANCE_BACKFILL_DAYS', '120');
    sandbox = await startClockSandbox({ seed: 'reconcile', size: 360 });
    accountIds = (await connectAccounts(sandbox)).map((a) => a.id);
    // Seller decisions through the API and TikTok's own evolution: their money must follow too.
    const client = sandboxClient(sandbox, 0);
    const waiting = (await client.searchReturns({ pageSize: 50 })).items.filter((r) => r.nextActions.some((a) => a.action === 'SELLER_RESPOND_REFUND'));
    for (const refund of waiting.slice(0, 3)) await client.approveReturn(refund.id, 'APPROVE_REFUND', `approve-${refund.id}`);
    await control(sandbox, '/evolve', { advance: 30, arrive: 9 });
    sandbox.advance(4 * DAY);
    const run = await runSync();
    expect(run.outcome).toBe('Succeeded');
  });
  afterAll(async () => sandbox.close());

  it('finds exactly the planted discrepancies and nothing else', async () => {
    const truth = await financeTruth(sandbox);
    const expected = expectedExceptions(truth);
    // Every kind is planted (platform refunds with and without a reimbursement), so each rule is exercised.
    for (const kind of ['MissingClawback', 'UnmatchedDeduction', 'AmountDiffers', 'PlatformRefund'])
      expect(expected.some((e) => e.startsWith(kind))).toBe(true);
    expect(expected.some((e) => /^PlatformRefund .* reimbursed none/.test(e))).toBe(true);
    expect(expected.some((e) => /^PlatformRefund .* reimbursed \d/.test(e))).toBe(true);
    expect(await foundExceptions()).toEqual(expected);
  });

  it('matches every other paid refund to the lines that took it back, exactly', async () => {
    const truth = await financeTruth(sandbox);
    const planted = new Set(truth.shops.flatMap((s) => s.discrepancies.flatMap((d) => ('refundId' in d && d.kind !== 'platform_refund' ? [d.refundId] : []))));
    const last = new Date(Math.min(...truth.shops.map((s) => s.statements.at(-1)!.statement_time)) * 1000);
    // Paid at least a week before the last statement: settled (7 days), late lines (3) landed.
    const paid = await db.refund.findMany({
      where: {
        marketplaceStatus: { in: ['RETURN_OR_REFUND_REQUEST_COMPLETE', 'CANCELLATION_REQUEST_COMPLETE'] },
        marketplaceUpdatedAt: { lt: new Date(last.getTime() - 11 * DAY * 1000) },
      },
      include: { statementMatches: true },
    });
    const ordinary = paid.filter((r) => !planted.has(r.marketplaceRefundId));
    expect(ordinary.length).toBeGreaterThan(100);
    const unmatched = ordinary.filter((r) => !r.statementMatches.some((m) => m.role === 'Clawback' && m.exact));
    expect(unmatched.map((r) => r.marketplaceRefundId)).toEqual([]);
  });

  it('links a refund to its statement lines and a line to its refunds', async () => {
    const truth = await financeTruth(sandbox);
    const overcharged = truth.shops.flatMap((s) => s.discrepancies).find((d) => d.kind === 'amount_differs')!;
    const refund = await db.refund.findFirstOrThrow({ where: { marketplaceRefundId: overcharged.refundId } });
    const { lines, exceptions } = await statementLinesOfRefund(refund.id);
    const line = lines.find((l) => l.transactionId === overcharged.transactionId)!;
    expect(line).toMatchObject({ role: 'Clawback', statementId: overcharged.statementId, exact: false });
    expect(exceptions.map((e) => e.kind)).toContain('AmountDiffers');
    const back = await refundsOfStatementLine(line.transactionRowId);
    expect(back!.refunds.map((r) => r.refund.marketplaceRefundId)).toEqual([overcharged.refundId]);

    const reimbursed = truth.shops.flatMap((s) => s.discrepancies).find((d) => d.kind === 'platform_refund' && d.reimbursement !== null)!;
    if (reimbursed.kind !== 'platform_refund') throw new Error('unreachable');
    const issued = await db.refund.findFirstOrThrow({ where: { marketplaceRefundId: reimbursed.refundId } });
    const issuedLines = (await statementLinesOfRefund(issued.id)).lines;
    expect(issuedLines.filter((l) => l.role === 'Clawback')).toHaveLength(1);
    expect(issuedLines.find((l) => l.role === 'Reimbursement')).toMatchObject({
      transactionId: reimbursed.reimbursement!.transactionId,
      type: 'PLATFORM_REIMBURSEMENT',
    });
    expect(units(issuedLines.find((l) => l.role === 'Reimbursement')!.reimbursement)).toBe(units(reimbursed.reimbursement!.amount));
    expect(await refundsOfStatementLine(999_999_999)).toBeNull();
  });

  it('lists statements with their payout and the refunds they deducted; totals exact per currency', async () => {
    const truth = await financeTruth(sandbox);
    const { rows, totals, nextBefore } = await listStatements({ limit: 500 });
    expect(nextBefore).toBeNull();
    const own = new Map<string, { statements: number; settlement: bigint }>();
    for (const shop of truth.shops) {
      const sum = shop.statements.reduce((total, s) => total + units(s.settlement_amount), 0n);
      own.set(shop.currency, { statements: shop.statements.length, settlement: sum });
    }
    expect(totals.map((t) => [t.currency, t.statements, units(t.settlement)])).toEqual(
      [...own].sort(([a], [b]) => a.localeCompare(b)).map(([currency, o]) => [currency, o.statements, o.settlement]),
    );
    // The deductions listed per statement add up to the deduction totals, per currency.
    for (const total of totals) {
      const listed = rows.filter((r) => r.currency === total.currency).flatMap((r) => r.refunds);
      expect(listed.length).toBe(total.refundsDeducted);
      expect(listed.reduce((sum, r) => sum + units(r.adminFee), 0n)).toBe(units(total.adminFee));
      expect(listed.reduce((sum, r) => sum + units(r.net), 0n)).toBe(units(total.net));
    }
    expect(rows.some((r) => r.refunds.length > 0 && r.payment?.amount)).toBe(true);

    // Filters: account, currency, payment status, period; keyset paging gives the same rows.
    const gbp = await listStatements({ currency: 'GBP', limit: 500 });
    expect(gbp.rows.every((r) => r.currency === 'GBP')).toBe(true);
    expect(gbp.rows).toHaveLength(own.get('GBP')!.statements);
    const one = await listStatements({ accountIds: [accountIds[0]!], paymentStatus: 'PROCESSING', limit: 500 });
    expect(one.rows.every((r) => r.accountId === accountIds[0] && r.paymentStatus === 'PROCESSING')).toBe(true);
    const first = await listStatements({ limit: 10 });
    const second = await listStatements({ limit: 10, before: first.nextBefore! });
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(rows.slice(0, 20).map((r) => r.id));
    const day = rows[5]!.statementTime.toISOString().slice(0, 10);
    setEnv('STORE_TIMEZONE', 'UTC');
    try {
      const ofDay = await listStatements({ from: day, to: day });
      expect(ofDay.rows.map((r) => r.statementTime.toISOString().slice(0, 10))).toEqual(ofDay.rows.map(() => day));
      expect(ofDay.rows.length).toBe(3);
    } finally {
      setEnv('STORE_TIMEZONE', undefined);
    }
  });

  it('lists exceptions by kind, currency and account, with per-kind totals', async () => {
    const all = await listExceptions({ limit: 500 });
    expect(all.rows.length).toBe(await db.reconciliationException.count());
    expect(all.totals.reduce((sum, t) => sum + t.count, 0)).toBe(all.rows.length);
    const missing = await listExceptions({ kinds: ['MissingClawback'] });
    expect(missing.rows.length).toBeGreaterThan(0);
    expect(missing.rows.every((e) => e.kind === 'MissingClawback' && e.refund !== null && e.lines.length === 0)).toBe(true);
    const deductions = await listExceptions({ kinds: ['UnmatchedDeduction'], currency: 'EUR' });
    expect(deductions.rows.every((e) => e.currency === 'EUR' && e.refund === null && e.lines.length === 1)).toBe(true);
    const differs = all.rows.filter((e) => e.kind === 'AmountDiffers');
    expect(differs.every((e) => e.difference !== null && units(e.difference) === units(e.deducted) - units(e.refunded))).toBe(true);
    const mine = await listExceptions({ accountIds: [accountIds[1]!] });
    expect(mine.rows.every((e) => e.accountId === accountIds[1])).toBe(true);
  });

  it('recomputing changes nothing; after the next statements, exceptions that still hold keep their identity', async () => {
    const before = await reconciliationRows();
    for (const id of accountIds) expect((await reconcileAccount(id)).written).toBe(0);
    expect(await reconciliationRows()).toEqual(before);

    sandbox.advance(3 * DAY);
    // The sandbox's clock runs behind the real one, so what changed in those 3 days is older than
    // the refunds watermark (real time): read the refunds' whole window again, as sync.test.ts does.
    await db.shopAccount.updateMany({ data: { syncWatermark: null } });
    expect((await runSync()).outcome).toBe('Succeeded');
    expect(await foundExceptions()).toEqual(expectedExceptions(await financeTruth(sandbox)));
    const after = await db.reconciliationException.findMany();
    const kept = before.exceptions.filter((e) => after.some((a) => a.kind === e.kind && a.key === e.key));
    expect(kept.length).toBeGreaterThan(0);
    for (const e of kept) expect(after.find((a) => a.kind === e.kind && a.key === e.key)).toMatchObject({ id: e.id, detectedAt: e.detectedAt });
  });

  it('gives orders per day beside refund requests for the refund rate', async () => {
    const days = await refundRateByDay({ accountIds: [accountIds[0]!] });
    const withOrders = days.filter((d) => d.orders !== null);
    expect(withOrders.length).toBeGreaterThan(60);
    expect(withOrders.reduce((sum, d) => sum + d.refunds, 0)).toBeGreaterThan(0);
    expect(withOrders.every((d) => d.rate === (d.orders ? d.refunds / d.orders : null))).toBe(true);
    expect(days.every((d) => d.accountId === accountIds[0])).toBe(true);
  });
});
