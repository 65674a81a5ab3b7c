import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '@/lib/money';
import { TikTokApiError } from '@/server/tiktok/errors';
import { TikTokFinanceClient } from '@/server/tiktok/finance-client';
import type { FinancePage, StatementTransactionsPage } from '@/server/tiktok/finance-types';
import { financeTruth, startClockSandbox, type ClockSandbox, type FinanceTruth } from '../support/finance';
import { sandboxClient } from '../support/sandbox';

async function everyPage<T>(fetch: (token?: string) => Promise<FinancePage<T>>) {
  const items: T[] = [];
  const tokens: string[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    expect(page.rejected).toEqual([]);
    items.push(...page.items);
    token = page.nextPageToken ?? undefined;
    if (token) tokens.push(token);
  } while (token);
  return { items, tokens };
}

async function rejection(promise: Promise<unknown>): Promise<TikTokApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TikTokApiError) return error;
    throw error;
  }
  throw new Error('expected a TikTokApiError');
}

const total = (values: (string | undefined)[]) => values.reduce((sum, value) => sum + units(value), 0n);

describe('TikTok Finance and Analytics client against the sandbox over HTTP', () => {
  let sandbox: ClockSandbox;
  let truth: FinanceTruth;
  const finance = (shop: number) => new TikTokFinanceClient(sandboxClient(sandbox, shop));
  beforeAll(async () => {
    sandbox = await startClockSandbox();
    truth = await financeTruth(sandbox);
  });
  afterAll(async () => sandbox.close());

  it('pages through Get Statements in statement_time order, page tokens with / + = signed raw', async () => {
    for (const [shop, expected] of truth.shops.entries()) {
      const { items, tokens } = await everyPage((token) => finance(shop).getStatements({ pageSize: 7 }, token));
      expect(items.map((s) => s.id)).toEqual(expected.statements.map((s) => s.id));
      expect(tokens.every((t) => t.endsWith('='))).toBe(true);
      expect(items.every((s, i) => i === 0 || s.statementTime > items[i - 1]!.statementTime)).toBe(true);
      // Statements are cut at 00:00 UTC.
      expect(items.every((s) => s.statementTime.getTime() % 86_400_000 === 0)).toBe(true);
      expect(items.every((s) => s.currency === expected.currency && /^-?\d+\.\d{2}$/.test(s.settlementAmount!))).toBe(true);
    }
    const [us, , es] = await Promise.all([0, 1, 2].map((shop) => finance(shop).getStatements({ pageSize: 100 })));
    // US statements send revenue_amount "" (read as absent) and carry net sales; elsewhere revenue is there.
    expect(us!.items[0]!.raw.revenue_amount).toBe('');
    expect(us!.items[0]!.revenueAmount).toBeUndefined();
    expect(us!.items[0]!.netSalesAmount).toBeDefined();
    expect(es!.items[0]!.revenueAmount).toBeDefined();
  });

  it('filters statements by statement time, [from, before)', async () => {
    const all = truth.shops[0]!.statements;
    const from = new Date(all[3]!.statement_time * 1000);
    const before = new Date(all[8]!.statement_time * 1000);
    const { items } = await everyPage((token) => finance(0).getStatements({ from, before }, token));
    expect(items.map((s) => s.id)).toEqual(all.slice(3, 8).map((s) => s.id));
  });

  it('reads every line of a statement (202501), the lines adding up to its totals to the cent', async () => {
    const shop = truth.shops[1]!;
    for (const statement of shop.statements.slice(-6)) {
      const headers: StatementTransactionsPage[] = [];
      const lines = await everyPage(async (token) => {
        const page = await finance(1).getStatementTransactions(statement.id, { pageSize: 2 }, token);
        headers.push(page);
        return page;
      });
      const header = headers.at(-1)!;
      expect(lines.items.map((t) => t.id)).toEqual(statement.transactions.map((t) => t.id));
      expect(header.totalCount).toBe(lines.items.length);
      expect(total(lines.items.map((t) => t.settlement))).toBe(units(header.totalSettlementAmount));
      expect(units(header.totalSettlementAmount)).toBe(units(statement.settlement_amount));
      expect(lines.items.map((t) => t.raw)).toEqual(statement.transactions);
    }
    const every = await Promise.all(shop.statements.map((s) => finance(1).getStatementTransactions(s.id, { pageSize: 100 })));
    const transactions = every.flatMap((page) => page.items);
    // ORDER lines carry an order id; adjustments carry adjustment_order_id (or none) and never revenue.
    expect(transactions.filter((t) => t.type === 'ORDER').every((t) => t.orderId && t.revenue !== undefined)).toBe(true);
    const adjustments = transactions.filter((t) => t.type !== 'ORDER');
    expect(adjustments.length).toBeGreaterThan(0);
    expect(adjustments.every((t) => t.revenue === undefined && t.adjustmentAmount === t.settlement)).toBe(true);
    // Types the spec does not list arrive as they are (contract 2.8: an open set).
    expect(new Set(transactions.map((t) => t.type))).toContain('NET_EARNINGS_BALANCE');
    // A stray space ("0.00 ", as in the official sample) is read as the number it is.
    expect(transactions.some((t) => JSON.stringify(t.raw).includes('0.00 "'))).toBe(true);
  });

  it('reads an order across statements, per SKU (Get Order Statement Transactions 202501)', async () => {
    const shop = truth.shops[0]!;
    const linesByOrder = new Map<string, { statement: string; settlement: string }[]>();
    for (const statement of shop.statements) {
      for (const t of statement.transactions) {
        if (t.type !== 'ORDER') continue;
        const orderId = t.order_id as string;
        linesByOrder.set(orderId, [...(linesByOrder.get(orderId) ?? []), { statement: statement.id, settlement: t.settlement_amount as string }]);
      }
    }
    // An order refunded after it settled: its sale and its clawback are in two statements (contract 7.3).
    const [orderId, lines] = [...linesByOrder].find(([, l]) => l.length >= 2)!;
    const order = await finance(0).getOrderStatementTransactions(orderId);
    expect(order.rejected).toEqual([]);
    expect(new Set(order.skuTransactions.map((l) => l.statementId))).toEqual(new Set(lines.map((l) => l.statement)));
    expect(total(order.skuTransactions.map((l) => l.settlement))).toBe(total(lines.map((l) => l.settlement)));
    expect(order.skuTransactions.every((l) => /^\d{19}$/.test(l.skuId) && /^\d+$/.test(l.quantity!))).toBe(true);
    // An order nobody settled yet: no lines (the contract leaves this answer open).
    expect((await finance(0).getOrderStatementTransactions('5769999999999999999')).skuTransactions).toEqual([]);
  });

  it('reads payments; PROCESSING ones have no paid time yet', async () => {
    const { items } = await everyPage((token) => finance(2).getPayments({ pageSize: 10 }, token));
    expect(items.map((p) => p.raw)).toEqual(truth.shops[2]!.payments);
    expect(items.every((p) => (p.status === 'PAID') === (p.paidTime !== null))).toBe(true);
    expect(items.every((p) => p.currency === 'EUR' && p.exchangeRate === '1.000000')).toBe(true);
    // Several statements can share one payment (small and negative balances are carried, R6).
    const paidBy = truth.shops[2]!.statements.map((s) => s.payment_id);
    expect(new Set(paidBy.filter(Boolean)).size).toBeLessThanOrEqual(items.length);
  });

  it('reads shop performance per day in the shop zone, up to the latest complete day', async () => {
    const now = new Date(sandbox.now() * 1000);
    const start = new Date(now.getTime() - 20 * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(now.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    const performance = await finance(0).getShopPerformance({ startDate: start, endDate: end });
    expect(performance.rejected).toEqual([]);
    expect(performance.days[0]!.date).toBe(start);
    expect(performance.days.at(-1)!.date).toBe(performance.latestAvailableDate);
    expect(performance.days.length).toBeGreaterThanOrEqual(19);
    expect(performance.days.every((d) => Number.isInteger(d.orders) && d.gmvCurrency === 'USD')).toBe(true);
    expect(performance.days.reduce((sum, d) => sum + (d.orders ?? 0), 0)).toBeGreaterThan(40);
  });

  it('sends what TikTok requires: sort_field, page_size 1 to 100, the 202501 transaction paths', async () => {
    const shop = sandboxClient(sandbox, 0);
    const noSort = await rejection(shop.call('GET', '/finance/202309/statements', { query: { page_size: 10 } }));
    expect(noSort.code).toBe(36009004);
    expect(noSort.message).toMatch(/sort_field/);
    const tooMany = await rejection(shop.call('GET', '/finance/202309/payments', { query: { sort_field: 'create_time', page_size: 101 } }));
    expect(tooMany.message).toMatch(/page_size/);
    const statementId = truth.shops[0]!.statements[0]!.id;
    const retired = await rejection(
      shop.call('GET', `/finance/202309/statements/${statementId}/statement_transactions`, { query: { sort_field: 'order_create_time' } }),
    );
    expect(retired.code).toBe(36009014);
    const badDates = await rejection(finance(0).getShopPerformance({ startDate: '2026-02-10', endDate: '2026-02-01' }));
    expect(badDates.code).toBe(28001022);
  });
});
