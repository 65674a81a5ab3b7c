import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decideRefund } from '@/features/refunds/decide';
import { planDecision, STATUS_GROUPS, type AdminAction } from '@/lib/refund-decisions';
import { db } from '@/server/db';
import { createTransport } from '@/server/tiktok/http';
import { ana, expectedOf, rowsIn, snapshot } from '../support/decisions';
import { control, FAST_RETRIES } from '../support/sandbox';
import { connectAccounts, runSync, startFrozenSandbox, type TestSandbox } from '../support/sync';

/**
 * Every cell of the decision table played against the sandbox: TikTok status group × Completed /
 * Reject × write-back on / off × TikTok reachable / not. A refused cell changes nothing here or on
 * TikTok; a send goes to TikTok and the row shows TikTok's answer; a confirmation sends nothing.
 */
let sandbox: TestSandbox;
const transport = () => createTransport(FAST_RETRIES);

beforeAll(async () => {
  sandbox = await startFrozenSandbox({ size: 400, seed: 'decision-table' });
  await connectAccounts(sandbox);
  await runSync();
}, 120_000);
afterAll(async () => sandbox.close());
afterEach(async () => {
  await control(sandbox, '/faults', undefined, 'DELETE');
});

describe('the decision table, cell by cell against TikTok', () => {
  for (const group of STATUS_GROUPS) {
    for (const action of ['complete', 'reject', 'partial'] as AdminAction[]) {
      for (const writeBack of [true, false]) {
        for (const reachable of [true, false]) {
          const plan = planDecision({ action, group, writeBack, reachable });
          const label = `${group} · ${action} · write-back ${writeBack ? 'on' : 'off'} · TikTok ${reachable ? 'reachable' : 'down'} → ${plan.kind === 'refuse' ? `refused (${plan.code})` : `${plan.kind} ${plan.decision}`}`;
          it(label, async () => {
            const all = await rowsIn(
              group,
              plan.kind === 'send' && plan.decision === 'Approved' ? { type: 'Refund' } : action === 'partial' ? { kind: 'Return' } : {},
            );
            // TikTok takes an offer only on a refund or return request (not a received package).
            const candidates =
              action === 'partial' && group === 'awaitingSeller'
                ? all.filter((r) => ['SELLER_RESPOND_REFUND', 'SELLER_RESPOND_RETURN'].includes(r.sellerNextAction ?? '') && r.refundAmount !== null)
                : all;
            expect(candidates.length, `rows in ${group}`).toBeGreaterThan(0);
            const row = candidates[0]!;
            // Half the total, in the currency's precision (a valid offer, so only the table can refuse it).
            const partialAmount = action === 'partial' && row.refundAmount ? row.refundAmount.div(2).toFixed(row.currency === 'VND' ? 0 : 2, 1) : undefined;
            await db.shopAccount.update({ where: { id: row.accountId }, data: { writeBack } });
            if (!reachable) await control(sandbox, '/faults', { rules: [{ kind: 'server_error', times: -1 }] });
            const rejectReason = plan.kind === 'send' && plan.decision === 'Rejected' ? await firstReason(row.marketplaceRefundId) : undefined;
            const before = await snapshot(sandbox, row.id);
            const result = await decideRefund(
              ana,
              { id: row.id, action, expected: await expectedOf(row.id), rejectReason, partialAmount, idempotencyKey: randomUUID() },
              transport(),
            );
            await control(sandbox, '/faults', undefined, 'DELETE');
            const after = await snapshot(sandbox, row.id);

            if (plan.kind === 'refuse') {
              expect(result).toMatchObject({ ok: false, code: plan.code, refundId: row.marketplaceRefundId });
              expect(after).toEqual(before);
              return;
            }
            expect(result).toMatchObject({ ok: true, decision: plan.decision, sentToTikTok: plan.kind === 'send' });
            const stored = await db.refund.findUniqueOrThrow({ where: { id: row.id } });
            expect(stored.decisionKind).toBe(plan.decision);
            expect(stored.decisionBy).toBe(ana.label);
            if (plan.kind === 'confirm') {
              // Nothing sent: TikTok's copy is as it was; the row shows Refund only on an approved or paid refund.
              expect(after.tiktok).toEqual(before.tiktok);
              expect(stored.status).toBe(plan.decision === 'ConfirmedRefund' ? 'Refund' : 'Rejected');
            } else {
              // Sent: TikTok moved, and the row shows what TikTok says now, never more.
              expect(after.tiktok).not.toEqual(before.tiktok);
              expect(stored.marketplaceStatus).toBe(
                (after.tiktok as { return_status?: string; cancel_status?: string }).return_status ?? (after.tiktok as { cancel_status: string }).cancel_status,
              );
              // An offer leaves TikTok waiting for the buyer (Pending), never Refund.
              expect(stored.status).toBe({ Approved: 'Accepted', Rejected: 'Rejected', PartialOffered: 'Pending' }[plan.decision]);
              if (plan.decision === 'PartialOffered') {
                expect(stored.marketplaceStatus).toBe('AWAITING_BUYER_RESPONSE');
                expect(stored.amountDetails).toMatchObject({ partialRefund: { amount: partialAmount, currency: row.currency } });
              }
            }
          });
        }
      }
    }
  }
});

async function firstReason(refundId: string): Promise<string> {
  const found = sandbox.state.find(refundId)!;
  const { rejectReasonsFor } = await import('@tools/tiktok-sandbox/seller-decisions');
  return rejectReasonsFor(sandbox.state.awaitedAction(found.request, sandbox.state.now()))[0]![0];
}
