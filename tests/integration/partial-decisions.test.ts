import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideRefund } from '@/features/refunds/decide';
import { decisionContext } from '@/features/refunds/decision-context';
import { searchRefunds } from '@/features/refunds/queries';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { decisionSummary } from '@/lib/refund-decisions';
import { db } from '@/server/db';
import { createTransport } from '@/server/tiktok/http';
import { ana, expectedOf, rowsIn, snapshot } from '../support/decisions';
import { control, FAST_RETRIES } from '../support/sandbox';
import { connectAccounts, runSync, startFrozenSandbox, type TestSandbox } from '../support/sync';

/**
 * A partial refund offered from the Completed dialog: checked against TikTok's total, sent as
 * OFFER_PARTIAL_REFUND with the same claim and write-back rules as Completed, and then shown as
 * TikTok reports the buyer's answer. Nothing more is ever claimed than TikTok confirms.
 */
let sandbox: TestSandbox;
const transport = () => createTransport(FAST_RETRIES);

beforeAll(async () => {
  sandbox = await startFrozenSandbox({ size: 400, seed: 'partial-decisions' });
  await connectAccounts(sandbox);
  await db.shopAccount.updateMany({ data: { writeBack: true } });
  await runSync();
}, 120_000);
afterAll(async () => sandbox.close());

/** Undecided returns TikTok holds for the seller's answer to the request (where TikTok takes an offer). */
async function offerable() {
  return (await rowsIn('awaitingSeller', { kind: 'Return' })).filter(
    (r) => ['SELLER_RESPOND_REFUND', 'SELLER_RESPOND_RETURN'].includes(r.sellerNextAction ?? '') && r.refundAmount !== null && r.currency === 'USD',
  );
}

const offer = async (id: number, partialAmount: string) =>
  decideRefund(ana, { id, action: 'partial', partialAmount, expected: await expectedOf(id), idempotencyKey: randomUUID() }, transport());

describe('partial refund offers', () => {
  it('offers on TikTok, shows the offer while the buyer decides, and the partial amount once the buyer accepts and TikTok pays', async () => {
    const [row] = await offerable();
    const total = row!.refundAmount!.toFixed(2);
    const context = await decisionContext(row!.id, 'complete', transport());
    expect(context).toMatchObject({ partialPossible: true, total: { amount: total, currency: 'USD' } });

    const result = await offer(row!.id, '5');
    expect(result).toMatchObject({
      ok: true,
      decision: 'PartialOffered',
      sentToTikTok: true,
      status: 'Pending',
      marketplaceStatus: 'AWAITING_BUYER_RESPONSE',
      message: 'A partial refund of $5.00 was offered on TikTok. TikTok now says: waiting for the buyer to answer.',
    });
    const decision = await db.refundDecision.findFirstOrThrow({ where: { refundId: row!.id } });
    expect(decision).toMatchObject({
      action: 'partial',
      kind: 'PartialOffered',
      state: 'Applied',
      tiktokCall: 'offerPartialRefund',
      tiktokDecision: 'OFFER_PARTIAL_REFUND',
    });
    expect(decision.partialAmount?.toFixed(2)).toBe('5.00');

    const [shown] = (await searchRefunds(loadRefundSearch(`refundId=${row!.marketplaceRefundId}`), 'UTC')).rows;
    expect(shown!.status).toBe('Pending');
    expect(decisionSummary(shown!)).toBe('Partial refund offered on TikTok by ana@store.test · waiting for the buyer to answer');

    // The buyer accepts; TikTok refunds the offered amount; the sync shows it, never more.
    await control(sandbox, '/partial-refund/answer', { id: row!.marketplaceRefundId, answer: 'accept' });
    await runSync();
    let stored = await db.refund.findUniqueOrThrow({ where: { id: row!.id } });
    expect(stored.amountDetails).toMatchObject({ partialRefund: { amount: '5.00', currency: 'USD' } });
    expect(['Accepted', 'Refund']).toContain(stored.status);
    for (let step = 0; step < 3 && stored.status !== 'Refund'; step++) {
      await control(sandbox, '/advance', { id: row!.marketplaceRefundId });
      await runSync();
      stored = await db.refund.findUniqueOrThrow({ where: { id: row!.id } });
    }
    expect(stored.status).toBe('Refund');
    expect(stored.refundAmount?.toFixed(2)).toBe('5.00');
    expect(stored.needsReview).toBe(false);
  });

  it('a declined offer comes back to the seller (or arbitration), unflagged', async () => {
    const [, row] = await offerable();
    expect((await offer(row!.id, '1.50')).ok).toBe(true);
    await control(sandbox, '/partial-refund/answer', { id: row!.marketplaceRefundId, answer: 'reject', then: 'seller' });
    await runSync();
    const stored = await db.refund.findUniqueOrThrow({ where: { id: row!.id } });
    expect(stored.amountDetails).toMatchObject({ buyerRejectedPartialRefund: true });
    expect(stored.sellerNextAction).not.toBeNull();
    expect(stored.needsReview).toBe(false);
    expect(stored.status).not.toBe('Refund');
  });

  it('refuses an amount that is not below the total, is zero, or has too many decimals, and changes nothing anywhere', async () => {
    const [, , row] = await offerable();
    const total = row!.refundAmount!.toFixed(2);
    for (const [amount, message] of [
      [total, `The offer must be more than 0 and less than the refund total of ${total} USD.`],
      ['0', `The offer must be more than 0 and less than the refund total of ${total} USD.`],
      ['1.005', 'USD amounts have at most 2 decimals.'],
      [undefined, /Enter the amount to offer as a number/],
    ] as const) {
      const before = await snapshot(sandbox, row!.id);
      const result = await decideRefund(
        ana,
        { id: row!.id, action: 'partial', partialAmount: amount, expected: await expectedOf(row!.id), idempotencyKey: randomUUID() },
        transport(),
      );
      expect(result).toMatchObject({ ok: false, code: 'INVALID_AMOUNT', refundId: row!.marketplaceRefundId });
      expect(result.ok ? '' : result.message).toMatch(message);
      expect(await snapshot(sandbox, row!.id)).toEqual(before);
    }
  });

  it('refuses where TikTok takes no offer (a received package, a cancellation) and with write-back off', async () => {
    const [pkg] = (await rowsIn('awaitingSeller', { kind: 'Return' })).filter((r) => r.sellerNextAction === 'SELLER_RESPOND_RECEIVE_PACKAGE');
    const [cancellation] = await rowsIn('awaitingSeller', { kind: 'Cancellation' });
    for (const row of [pkg, cancellation]) {
      expect(row, 'a row of each kind').toBeDefined();
      const before = await snapshot(sandbox, row!.id);
      expect(await offer(row!.id, '1')).toMatchObject({ ok: false, code: 'PARTIAL_NOT_OFFERED' });
      expect(await snapshot(sandbox, row!.id)).toEqual(before);
      expect((await decisionContext(row!.id, 'complete', transport()))?.partialPossible).toBe(false);
    }
    const [, , , row] = await offerable();
    await db.shopAccount.update({ where: { id: row!.accountId }, data: { writeBack: false } });
    const before = await snapshot(sandbox, row!.id);
    expect(await offer(row!.id, '1')).toMatchObject({ ok: false, code: 'WRITE_BACK_OFF' });
    expect(await snapshot(sandbox, row!.id)).toEqual(before);
    await db.shopAccount.update({ where: { id: row!.accountId }, data: { writeBack: true } });
  });
});
