import { describe, expect, it } from 'vitest';
import { checkOffer, planDecision, statusGroup, STATUS_GROUPS, type AdminAction, type DecisionPlan, type StatusGroup } from '@/lib/refund-decisions';

/**
 * Every cell of the README's decision table: TikTok status group × action × write-back × TikTok
 * reachable. The integration suite (tests/integration/decision-table.test.ts) plays the same cells
 * against the sandbox.
 */
const EXPECTED: Record<StatusGroup, Record<AdminAction, { on: string; off: string }>> = {
  awaitingSeller: {
    complete: { on: 'send Approved', off: 'refuse WRITE_BACK_OFF' },
    reject: { on: 'send Rejected', off: 'refuse WRITE_BACK_OFF' },
    partial: { on: 'send PartialOffered', off: 'refuse WRITE_BACK_OFF' },
  },
  awaitingOthers: {
    complete: { on: 'refuse NOTHING_TO_DECIDE', off: 'refuse NOTHING_TO_DECIDE' },
    reject: { on: 'refuse NOTHING_TO_DECIDE', off: 'refuse NOTHING_TO_DECIDE' },
    partial: { on: 'refuse NOTHING_TO_DECIDE', off: 'refuse NOTHING_TO_DECIDE' },
  },
  accepted: {
    complete: { on: 'confirm ConfirmedRefund', off: 'confirm ConfirmedRefund' },
    reject: { on: 'refuse TIKTOK_APPROVED', off: 'refuse TIKTOK_APPROVED' },
    partial: { on: 'refuse PARTIAL_TOO_LATE', off: 'refuse PARTIAL_TOO_LATE' },
  },
  refunded: {
    complete: { on: 'confirm ConfirmedRefund', off: 'confirm ConfirmedRefund' },
    reject: { on: 'refuse TIKTOK_REFUNDED', off: 'refuse TIKTOK_REFUNDED' },
    partial: { on: 'refuse PARTIAL_TOO_LATE', off: 'refuse PARTIAL_TOO_LATE' },
  },
  rejected: {
    complete: { on: 'refuse TIKTOK_REJECTED', off: 'refuse TIKTOK_REJECTED' },
    reject: { on: 'confirm ConfirmedRejection', off: 'confirm ConfirmedRejection' },
    partial: { on: 'refuse PARTIAL_TOO_LATE', off: 'refuse PARTIAL_TOO_LATE' },
  },
};

const describePlan = (plan: DecisionPlan) => (plan.kind === 'refuse' ? `refuse ${plan.code}` : `${plan.kind} ${plan.decision}`);

describe('the decision table', () => {
  for (const group of STATUS_GROUPS) {
    for (const action of ['complete', 'reject', 'partial'] as const) {
      for (const writeBack of [true, false]) {
        it(`${group} · ${action} · write-back ${writeBack ? 'on' : 'off'}: ${EXPECTED[group][action][writeBack ? 'on' : 'off']}; TikTok unreachable: refused`, () => {
          expect(describePlan(planDecision({ action, group, writeBack, reachable: true }))).toBe(EXPECTED[group][action][writeBack ? 'on' : 'off']);
          expect(describePlan(planDecision({ action, group, writeBack, reachable: false }))).toBe('refuse TIKTOK_UNAVAILABLE');
        });
      }
    }
  }

  it('does not record the same confirmation twice', () => {
    expect(planDecision({ action: 'complete', group: 'accepted', writeBack: true, reachable: true, current: 'ConfirmedRefund' })).toMatchObject({
      code: 'ALREADY_DECIDED',
    });
    expect(planDecision({ action: 'reject', group: 'rejected', writeBack: false, reachable: true, current: 'ConfirmedRejection' })).toMatchObject({
      code: 'ALREADY_DECIDED',
    });
  });

  it('groups TikTok states by who TikTok waits for', () => {
    expect(statusGroup('Requested', 'SELLER_RESPOND_REFUND')).toBe('awaitingSeller');
    expect(statusGroup('Pending', 'SELLER_RESPOND_RECEIVE_PACKAGE')).toBe('awaitingSeller');
    expect(statusGroup('Pending', null)).toBe('awaitingOthers');
    expect(statusGroup('Requested', null)).toBe('awaitingOthers');
    expect(statusGroup('Pending', 'SELLER_RESPOND_REFUND', true)).toBe('awaitingOthers');
    expect(statusGroup('Accepted', null)).toBe('accepted');
    expect(statusGroup('Refund', null)).toBe('refunded');
    expect(statusGroup('Rejected', null)).toBe('rejected');
  });

  it("checks a partial offer against the total exactly, in the currency's own precision", () => {
    const total = { amount: '40.70', currency: 'USD' };
    expect(checkOffer('20', total)).toEqual({ ok: true, offer: { amount: '20.00', currency: 'USD' } });
    expect(checkOffer('40.69', total)).toEqual({ ok: true, offer: { amount: '40.69', currency: 'USD' } });
    expect(checkOffer('40.70', total)).toMatchObject({ ok: false, message: 'The offer must be more than 0 and less than the refund total of 40.70 USD.' });
    expect(checkOffer('0', total)).toMatchObject({ ok: false });
    expect(checkOffer('12.345', total)).toMatchObject({ ok: false, message: 'USD amounts have at most 2 decimals.' });
    expect(checkOffer('1e1', total)).toMatchObject({ ok: false, message: 'Enter the amount to offer as a number, e.g. 20.35.' });
    expect(checkOffer('-5', total)).toMatchObject({ ok: false });
    expect(checkOffer('150000', { amount: '300000', currency: 'VND' })).toEqual({ ok: true, offer: { amount: '150000', currency: 'VND' } });
    expect(checkOffer('1500.5', { amount: '300000', currency: 'VND' })).toMatchObject({ ok: false, message: 'VND amounts have no decimals.' });
    expect(checkOffer('5', null)).toMatchObject({
      ok: false,
      message: 'TikTok reports no refund total for this request, so an offer cannot be checked against it.',
    });
  });
});
