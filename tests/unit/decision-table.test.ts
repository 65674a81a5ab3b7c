import { describe, expect, it } from 'vitest';
import { planDecision, statusGroup, STATUS_GROUPS, type AdminAction, type DecisionPlan, type StatusGroup } from '@/lib/refund-decisions';

/**
 * Every cell of the README's decision table: TikTok status group × action × write-back × TikTok
 * reachable. The integration suite (tests/integration/decision-table.test.ts) plays the same cells
 * against the sandbox.
 */
const EXPECTED: Record<StatusGroup, Record<AdminAction, { on: string; off: string }>> = {
  awaitingSeller: { complete: { on: 'send Approved', off: 'refuse WRITE_BACK_OFF' }, reject: { on: 'send Rejected', off: 'refuse WRITE_BACK_OFF' } },
  awaitingOthers: {
    complete: { on: 'refuse NOTHING_TO_DECIDE', off: 'refuse NOTHING_TO_DECIDE' },
    reject: { on: 'refuse NOTHING_TO_DECIDE', off: 'refuse NOTHING_TO_DECIDE' },
  },
  accepted: {
    complete: { on: 'confirm ConfirmedRefund', off: 'confirm ConfirmedRefund' },
    reject: { on: 'refuse TIKTOK_APPROVED', off: 'refuse TIKTOK_APPROVED' },
  },
  refunded: {
    complete: { on: 'confirm ConfirmedRefund', off: 'confirm ConfirmedRefund' },
    reject: { on: 'refuse TIKTOK_REFUNDED', off: 'refuse TIKTOK_REFUNDED' },
  },
  rejected: {
    complete: { on: 'refuse TIKTOK_REJECTED', off: 'refuse TIKTOK_REJECTED' },
    reject: { on: 'confirm ConfirmedRejection', off: 'confirm ConfirmedRejection' },
  },
};

const describePlan = (plan: DecisionPlan) => (plan.kind === 'refuse' ? `refuse ${plan.code}` : `${plan.kind} ${plan.decision}`);

describe('the decision table', () => {
  for (const group of STATUS_GROUPS) {
    for (const action of ['complete', 'reject'] as const) {
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
});
