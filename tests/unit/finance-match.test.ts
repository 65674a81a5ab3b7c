import { describe, expect, it } from 'vitest';
import { findExceptions } from '@/server/finance/exceptions';
import { matchAccount, type LineInput, type MatchContext, type RefundInput } from '@/server/finance/match';
import { units } from '@/lib/money';

const day = (n: number) => new Date(Date.UTC(2026, 9, n));
let ids = 0;

function refund(overrides: Omit<Partial<RefundInput>, 'goods'> & { goods: string }): RefundInput {
  ids += 1;
  const { goods, ...rest } = overrides;
  const value = units(goods);
  return {
    id: ids,
    marketplaceRefundId: `4035${ids}`,
    orderId: 'O1',
    kind: 'Return',
    status: 'RETURN_OR_REFUND_REQUEST_COMPLETE',
    unmapped: false,
    arbitrationStatus: null,
    initiatorRole: 'BUYER',
    currency: 'USD',
    completedAt: day(5),
    shipping: 0n,
    tax: 0n,
    total: value,
    skuIds: ['A'],
    ...rest,
    goods: value,
  };
}

/** A later line taking back `goods` (contract 7.3): refunded gross, referral fee given back, admin fee. */
function clawback(overrides: Partial<LineInput> & { goods: string }): LineInput {
  ids += 1;
  const { goods, ...rest } = overrides;
  const value = -units(goods);
  return {
    id: ids,
    statementTime: day(6),
    type: 'ORDER',
    orderId: 'O1',
    adjustmentOrderId: null,
    currency: 'USD',
    revenue: value,
    refundSubtotal: value,
    sellerDiscountRefund: 0n,
    platformDiscountRefund: 0n,
    customerPaidShipping: 0n,
    refundedCustomerShipping: 0n,
    returnShipping: 0n,
    referralFee: units('1.50'),
    adminFee: units('-0.30'),
    adjustment: 0n,
    refundedSkuIds: null,
    ...rest,
  };
}

const context: MatchContext = { coverageFrom: day(1), coverageEnd: day(30), refundsSyncedThrough: day(31), missingAfterDays: 14 };

function reconcile(refunds: RefundInput[], lines: LineInput[], ctx = context) {
  const result = matchAccount(refunds, lines);
  return { ...result, exceptions: findExceptions(refunds, lines, result, ctx) };
}

describe('matching refunds to statement lines', () => {
  it('matches a refund to the later line that takes it back; fees, tax and shipping explained are no exception', () => {
    const r = refund({ goods: '25.00', shipping: units('4.00'), tax: units('1.75'), total: units('30.75') });
    const line = clawback({ goods: '25.00', customerPaidShipping: units('-4.00'), revenue: units('-25.00'), returnShipping: units('-4.75') });
    const { matches, exceptions } = reconcile([r], [line]);
    expect(matches).toEqual([
      expect.objectContaining({
        refundId: r.id,
        lineId: line.id,
        role: 'Clawback',
        goods: units('-25.00'),
        customerShipping: units('-4.00'),
        referralFee: units('1.50'),
        adminFee: units('-0.30'),
        returnShipping: units('-4.75'),
        net: units('-32.55'),
        exact: true,
      }),
    ]);
    expect(exceptions).toEqual([]);
  });

  it('tells two refunds of one SKU on one order apart by amount, then by date', () => {
    const small = refund({ goods: '10.00', completedAt: day(3) });
    const large = refund({ goods: '30.00', completedAt: day(4) });
    // The larger refund's line comes first: amount decides, not order of arrival.
    const first = clawback({ goods: '30.00', statementTime: day(5) });
    const second = clawback({ goods: '10.00', statementTime: day(8) });
    const byAmount = matchAccount([small, large], [first, second]).matches;
    expect(byAmount.map((m) => [m.refundId, m.lineId])).toEqual([
      [large.id, first.id],
      [small.id, second.id],
    ]);
    // Equal amounts: the earlier refund takes the earlier line.
    const a = refund({ goods: '20.00', completedAt: day(3) });
    const b = refund({ goods: '20.00', completedAt: day(9) });
    const early = clawback({ goods: '20.00', statementTime: day(4) });
    const late = clawback({ goods: '20.00', statementTime: day(10) });
    expect(matchAccount([b, a], [late, early]).matches.map((m) => [m.refundId, m.lineId])).toEqual([
      [a.id, early.id],
      [b.id, late.id],
    ]);
  });

  it('prefers the refunds whose SKUs the line refunds (Get Order Statement Transactions)', () => {
    const skuA = refund({ goods: '15.00', skuIds: ['A'], completedAt: day(2) });
    const skuB = refund({ goods: '15.00', skuIds: ['B'], completedAt: day(3) });
    const line = clawback({ goods: '15.00', refundedSkuIds: ['B'] });
    expect(matchAccount([skuA, skuB], [line]).matches.map((m) => m.refundId)).toEqual([skuB.id]);
  });

  it('settles several refunds netted into the order line before settlement, each with its own goods', () => {
    const one = refund({ goods: '12.00', shipping: units('3.00'), total: units('15.00') });
    const two = refund({ goods: '8.00', shipping: null, total: units('8.00') });
    // The order's one line: the sale (+50) and both refunds (-20) netted (contract 7.2).
    const line = clawback({
      goods: '20.00',
      revenue: units('30.00'),
      refundedCustomerShipping: units('-3.00'),
      referralFee: units('-1.80'),
      adminFee: units('-0.24'),
    });
    const { matches, exceptions } = reconcile([one, two], [line]);
    expect(matches.map((m) => [m.refundId, m.goods, m.customerShipping, m.exact])).toEqual([
      [one.id, units('-12.00'), units('-3.00'), true],
      [two.id, units('-8.00'), 0n, true],
    ]);
    expect(exceptions).toEqual([]);
  });

  it('flags a line that takes back more than was refunded, by how much, and the lines involved', () => {
    const r = refund({ goods: '40.00' });
    const line = clawback({ goods: '52.50' });
    const [exception] = reconcile([r], [line]).exceptions;
    expect(exception).toMatchObject({
      kind: 'AmountDiffers',
      refundId: r.id,
      difference: units('12.50'),
      deducted: units('52.50'),
      refunded: units('40.00'),
      lineIds: [line.id],
    });
    expect(exception!.note).toMatch(/took back 12\.50 USD more for the goods/);
  });

  it('flags a refund administration fee above 20% of the referral fee given back', () => {
    const r = refund({ goods: '25.00' });
    const line = clawback({ goods: '25.00', referralFee: units('1.50'), adminFee: units('-1.30') });
    expect(reconcile([r], [line]).exceptions).toEqual([expect.objectContaining({ kind: 'AmountDiffers', difference: units('0.98') })]);
  });

  it('flags a deduction no refund explains, once the refunds are synced past its statement', () => {
    const line = clawback({ goods: '9.99', orderId: 'O-unknown' });
    expect(reconcile([], [line]).exceptions).toEqual([expect.objectContaining({ kind: 'UnmatchedDeduction', deducted: units('9.99'), lineIds: [line.id] })]);
    expect(reconcile([], [line], { ...context, refundsSyncedThrough: day(5) }).exceptions).toEqual([]);
  });

  it('calls a refund missing only after N days of statements, and not while its order is held open', () => {
    const r = refund({ goods: '18.00', completedAt: day(10) });
    expect(reconcile([r], [], { ...context, coverageEnd: day(23) }).exceptions).toEqual([]);
    expect(reconcile([r], [], { ...context, coverageEnd: day(24) }).exceptions).toEqual([expect.objectContaining({ kind: 'MissingClawback', refundId: r.id })]);
    // Another request on the order is still open: TikTok holds the whole order's money.
    const open = refund({ goods: '5.00', status: 'BUYER_SHIPPED_ITEM' });
    expect(reconcile([r, open], [], { ...context, coverageEnd: day(28) }).exceptions).toEqual([]);
    // Completed before the first statement we read: it may have been deducted before it.
    expect(reconcile([refund({ goods: '1.00', completedAt: day(1) })], [], { ...context, coverageFrom: day(5) }).exceptions).toEqual([]);
  });

  it('reports a refund TikTok issued, with the reimbursement when it came', () => {
    const r = refund({ goods: '60.00', arbitrationStatus: 'SUPPORT_BUYER' });
    const line = clawback({ goods: '60.00' });
    const reimbursement = clawback({
      goods: '0',
      type: 'PLATFORM_REIMBURSEMENT',
      orderId: null,
      adjustmentOrderId: 'O1',
      adjustment: units('45.00'),
      revenue: 0n,
      adminFee: 0n,
      referralFee: 0n,
      statementTime: day(12),
    });
    expect(reconcile([r], [line]).exceptions).toEqual([expect.objectContaining({ kind: 'PlatformRefund', reimbursed: null })]);
    const after = reconcile([r], [line, reimbursement]);
    expect(after.matches.find((m) => m.role === 'Reimbursement')).toMatchObject({ refundId: r.id, lineId: reimbursement.id, reimbursement: units('45.00') });
    expect(after.exceptions).toEqual([expect.objectContaining({ kind: 'PlatformRefund', reimbursed: units('45.00') })]);
    // A refund TikTok opened itself (not the buyer) counts too.
    expect(reconcile([refund({ goods: '5.00', initiatorRole: 'OPERATOR', orderId: 'O2' })], []).exceptions.map((e) => e.kind)).toContain('PlatformRefund');
  });
});
