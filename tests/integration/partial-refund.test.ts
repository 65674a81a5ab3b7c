import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { TikTokApiError } from '@/server/tiktok/errors';
import { parseReturn } from '@/server/tiktok/parse';
import type { MarketplaceRefund } from '@/server/tiktok/types';
import { control, sandboxClient } from '../support/sandbox';
import { connectAccounts, runSync, startFrozenSandbox, type TestSandbox } from '../support/sync';

async function rejection(promise: Promise<unknown>): Promise<TikTokApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TikTokApiError) return error;
    throw error;
  }
  throw new Error('expected a TikTokApiError');
}

describe('partial refunds (OFFER_PARTIAL_REFUND) through the client, the sandbox and the sync', () => {
  let sandbox: TestSandbox;
  let client: ReturnType<typeof sandboxClient>;
  const waiting: MarketplaceRefund[] = [];

  /** Returns of shop 0 that TikTok holds for the seller, one per test (none used twice). */
  const next = (...actions: string[]) => {
    const index = waiting.findIndex((r) => r.nextActions.some((a) => actions.includes(a.action)));
    if (index < 0) throw new Error(`no return waiting for ${actions.join(' or ')}`);
    return waiting.splice(index, 1)[0]!;
  };

  beforeAll(async () => {
    sandbox = await startFrozenSandbox({ size: 900, shopCount: 1 });
    await connectAccounts(sandbox);
    await runSync();
    client = sandboxClient(sandbox, 0);
    let token: string | undefined;
    do {
      const page = await client.searchReturns({ pageSize: 50 }, token);
      waiting.push(...page.items.filter((r) => r.nextActions.length > 0));
      token = page.nextPageToken ?? undefined;
    } while (token);
    // Deliveries are recorded even when nobody listens: they show that webhooks fire.
    await control(sandbox, '/webhook', { url: 'http://127.0.0.1:9/hook' });
  });
  afterAll(async () => sandbox.close());

  it('round-trips an offer: the sync shows the offer while the buyer decides, then the partial amount as the refund', async () => {
    const request = next('SELLER_RESPOND_REFUND');
    expect(request.refundAmount?.currency).toBe('USD');
    await client.offerPartialRefund(request.id, { amount: '5.00', currency: 'USD' }, `offer-${request.id}`);
    // A retried call with the same key changes nothing more.
    await client.offerPartialRefund(request.id, { amount: '5.00', currency: 'USD' }, `offer-${request.id}`);

    const offered = await runSync();
    expect(offered.outcome).toBe('Succeeded');
    const row = await db.refund.findFirstOrThrow({ where: { kind: 'Return', marketplaceRefundId: request.id } });
    expect(row).toMatchObject({ marketplaceStatus: 'AWAITING_BUYER_RESPONSE', status: 'Pending', sellerNextAction: null });
    expect(parseReturn(row.raw)).toMatchObject({ partialRefund: { currency: 'USD', amount: '5.00' }, sellerProposedReturnType: 'PARTIAL_REFUND' });
    expect(row.refundAmount?.toFixed(2)).toBe(request.refundAmount?.total);

    await control(sandbox, '/partial-refund/answer', { id: request.id, answer: 'accept' });
    const accepted = await runSync();
    expect(accepted.outcome).toBe('Succeeded');
    const after = await db.refund.findFirstOrThrow({
      where: { kind: 'Return', marketplaceRefundId: request.id },
      include: { events: { orderBy: { id: 'asc' } } },
    });
    expect(after).toMatchObject({ marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_SUCCESS', status: 'Accepted', currency: 'USD' });
    expect(after.refundAmount?.toFixed(2)).toBe('5.00');
    expect(after.events.map((e) => e.toMarketplaceStatus)).toEqual([
      'RETURN_OR_REFUND_REQUEST_PENDING',
      'AWAITING_BUYER_RESPONSE',
      'RETURN_OR_REFUND_REQUEST_SUCCESS',
    ]);

    // TikTok then pays the offered amount.
    const found = sandbox.state.find(request.id, 'Return')!;
    const later = sandbox.state.json(found.shopIndex, found.index, sandbox.state.now() + 49 * 3600);
    expect(later).toMatchObject({ return_status: 'RETURN_OR_REFUND_REQUEST_COMPLETE', refund_amount: { refund_total: '5.00' } });

    const { deliveries } = await control<{ deliveries: { id: string; type: number }[] }>(sandbox, '/webhook/deliveries');
    expect(deliveries.filter((d) => d.id === request.id).map((d) => d.type)).toEqual([12, 12]);
  });

  it('sends a rejected offer back to the seller, who can decide again, or to arbitration', async () => {
    const first = next('SELLER_RESPOND_RETURN');
    const { currency, total } = first.refundAmount!;
    await client.offerPartialRefund(first.id, { amount: total!, currency: currency! }, `offer-${first.id}`);
    await control(sandbox, '/partial-refund/answer', { id: first.id, answer: 'reject' });
    const back = await client.findRefund('Return', first.id);
    expect(back).toMatchObject({ status: 'RETURN_OR_REFUND_REQUEST_PENDING', buyerRejectedPartialRefund: true, sellerProposedReturnType: 'PARTIAL_REFUND' });
    expect(back?.nextActions.map((a) => a.action)).toEqual(['SELLER_RESPOND_REFUND']);
    await client.approveReturn(first.id, 'APPROVE_REFUND', `approve-${first.id}`);
    expect((await client.findRefund('Return', first.id))?.status).toBe('RETURN_OR_REFUND_REQUEST_SUCCESS');

    const second = next('SELLER_RESPOND_REFUND');
    await client.offerPartialRefund(second.id, { amount: '1', currency: 'USD' }, `offer-${second.id}`);
    await control(sandbox, '/partial-refund/answer', { id: second.id, answer: 'reject', then: 'arbitration' });
    expect(await client.findRefund('Return', second.id)).toMatchObject({ arbitrationStatus: 'IN_PROGRESS', buyerRejectedPartialRefund: true });
    // TikTok, not the seller, decides now.
    expect(await rejection(client.approveReturn(second.id, 'APPROVE_REFUND', `approve-${second.id}`))).toMatchObject({ code: 25011010 });
  });

  it('refuses offers TikTok refuses: nothing offered, more than the refund, another currency, or not waiting for the seller', async () => {
    const request = next('SELLER_RESPOND_REFUND');
    const total = request.refundAmount!.total!;
    const over = `${Number(total.split('.')[0]) + 1}.00`;
    for (const [amount, currency] of [
      ['0', 'USD'],
      ['0.00', 'USD'],
      [over, 'USD'],
      ['1.005', 'USD'],
      ['1.00', 'GBP'],
    ]) {
      expect(await rejection(client.offerPartialRefund(request.id, { amount: amount!, currency: currency! }, `bad-${amount}-${currency}`))).toMatchObject({
        kind: 'rejected',
        code: 25001001,
      });
    }
    expect((await client.findRefund('Return', request.id))?.status).toBe('RETURN_OR_REFUND_REQUEST_PENDING');
    // Money never travels as a float: the client refuses anything but a decimal string.
    expect(await rejection(client.offerPartialRefund(request.id, { amount: '1e3', currency: 'USD' }, 'float'))).toMatchObject({ kind: 'rejected' });

    // Only a refund or a return request can be answered with an offer, not a package or a replacement.
    const other = next('SELLER_RESPOND_RECEIVE_PACKAGE', 'SELLER_RESPOND_REPLACEMENT');
    expect(await rejection(client.offerPartialRefund(other.id, { amount: '1.00', currency: 'USD' }, 'other'))).toMatchObject({ code: 25020004 });
    await client.approveReturn(request.id, 'APPROVE_REFUND', 'approve-first');
    expect(await rejection(client.offerPartialRefund(request.id, { amount: '1.00', currency: 'USD' }, 'too-late'))).toMatchObject({ code: 25011012 });
  });

  it('lets the buyer answer on its own after a delay on the sandbox clock, the same way for the same seed', async () => {
    const request = next('SELLER_RESPOND_REFUND');
    await client.offerPartialRefund(request.id, { amount: '2.50', currency: 'USD' }, `offer-${request.id}`);
    const found = sandbox.state.find(request.id, 'Return')!;
    const now = sandbox.state.now();
    expect(sandbox.state.json(found.shopIndex, found.index, now + 3 * 3600)).toMatchObject({ return_status: 'AWAITING_BUYER_RESPONSE' });
    const answered = sandbox.state.json(found.shopIndex, found.index, now + 49 * 3600);
    expect(answered.return_status).not.toBe('AWAITING_BUYER_RESPONSE');
    expect(answered).toMatchObject({ partial_refund: { currency: 'USD', amount: '2.50' }, seller_proposed_return_type: 'PARTIAL_REFUND' });
  });
});
