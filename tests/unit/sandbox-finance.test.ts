import { describe, expect, it } from 'vitest';
import { statementJson, transactionJson } from '@tools/tiktok-sandbox/finance-json';
import { lineSettlement, shopLedger, type ShopLedger } from '@tools/tiktok-sandbox/finance-model';
import type { PopulationConfig } from '@tools/tiktok-sandbox/population';
import { SandboxState } from '@tools/tiktok-sandbox/state';

const DAY = 86_400;
const EPOCH = 1_790_000_000;

function world(overrides: Partial<PopulationConfig> = {}) {
  let now = EPOCH;
  const config: PopulationConfig = {
    seed: 'ledger',
    epoch: EPOCH,
    size: 450,
    shopCount: 3,
    windowDays: 40,
    arrivalsPerHour: 0,
    unknownStatusRate: 0.01,
    finance: { ordersPerDay: 5 },
    ...overrides,
  };
  const state = new SandboxState(config, () => now);
  return { state, advance: (seconds: number) => (now += seconds) };
}

/** Statements as served, payment status left out (the one thing allowed to change). */
function cut(ledger: ShopLedger) {
  return ledger.statements.map((s) => {
    const { payment_status: _status, payment_id: _id, ...statement } = statementJson(ledger, s, Number.MAX_SAFE_INTEGER);
    return { statement, lines: s.transactions.map((t) => transactionJson(ledger, t)) };
  });
}

describe('sandbox finance ledger', () => {
  it('never changes a statement once cut, whatever the clock, decisions and arrivals do afterwards', () => {
    const { state, advance } = world();
    const before = [0, 1, 2].map((shop) => cut(shopLedger(state, shop)));
    for (let step = 0; step < 6; step++) {
      state.evolve({ advance: 25, arrive: 4 });
      advance(DAY + 3 * 3600);
    }
    for (const shop of [0, 1, 2]) {
      const after = cut(shopLedger(state, shop));
      expect(after.length).toBeGreaterThan(before[shop]!.length);
      expect(after.slice(0, before[shop]!.length)).toEqual(before[shop]);
    }
  });

  it('cuts statements at 00:00 UTC from what settled the day before; lines add up to the statement', () => {
    const { state } = world();
    const ledger = shopLedger(state, 0);
    for (const statement of ledger.statements) {
      expect(statement.time % DAY).toBe(0);
      expect(statement.time).toBeLessThanOrEqual(state.now());
      expect(statement.transactions.reduce((sum, t) => sum + lineSettlement(t), 0)).toBe(statement.settlement);
      expect(statement.transactions.every((t) => t.at < statement.time && t.at >= statement.time - DAY)).toBe(true);
    }
  });

  it('pays every statement once, carrying small and negative balances into a later payment', () => {
    const { state } = world();
    const ledger = shopLedger(state, 1);
    const paid = ledger.statements.filter((s) => s.paymentId);
    for (const payment of ledger.payments) {
      const covered = ledger.statements.filter((s) => s.paymentId === payment.id);
      expect(covered.map((s) => s.id)).toEqual(payment.statementIds);
      expect(covered.reduce((sum, s) => sum + s.settlement, 0)).toBe(payment.amount);
      expect(payment.amount).toBeGreaterThanOrEqual(100);
    }
    expect(ledger.payments.some((p) => p.statementIds.length > 1)).toBe(true);
    // Only the tail after the last payment may be waiting.
    const waiting = ledger.statements.filter((s) => !s.paymentId);
    expect(waiting.every((s) => s.time > paid.at(-1)!.time)).toBe(true);
  });

  it('takes back every refund it paid: netted into the order line before settlement, a later line after, unless planted missing', () => {
    const { state } = world({ finance: { ordersPerDay: 2, lateDeductionRate: 0.5 } });
    const ledger = shopLedger(state, 0);
    const horizon = ledger.horizon;
    const lines = ledger.statements.flatMap((s) => s.transactions);
    let netted = 0;
    let later = 0;
    for (const refund of ledger.refunds) {
      // Paid a week and a half before the last cut: its order settled (7 days) and any late line (3) landed.
      if (refund.paidAt > horizon - 11 * DAY || refund.request.createTime > state.now()) continue;
      const own = lines.filter((t) => t.orderId === refund.orderId && t.type === 'ORDER' && t.pieces.some((p) => p.refundSubtotal !== 0));
      if (refund.plant === 'missing_clawback') {
        expect(own.filter((t) => t.refundId === refund.request.id)).toEqual([]);
        continue;
      }
      const clawback = own.find((t) => t.role === 'clawback' && t.refundId === refund.request.id);
      if (clawback) {
        later += 1;
        expect(clawback.statementTime).toBeGreaterThan(refund.paidAt);
      } else {
        netted += 1;
        expect(own.some((t) => t.role === 'settlement' && t.at >= refund.paidAt)).toBe(true);
      }
    }
    expect(netted).toBeGreaterThan(10);
    expect(later).toBeGreaterThan(10);
  });

  it('is the same world for the same seed, and another for another seed', () => {
    const ids = (seed: string) => shopLedger(world({ seed }).state, 2).statements.map((s) => [s.id, s.settlement]);
    expect(ids('ledger')).toEqual(ids('ledger'));
    expect(ids('ledger')).not.toEqual(ids('other'));
  });
});
