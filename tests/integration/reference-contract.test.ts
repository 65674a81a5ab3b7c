import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEnv } from '@/server/config';
import { sealSecret } from '@/server/crypto/secrets';
import { db } from '@/server/db';
import { refreshRefund } from '@/server/sync/refresh-job';
import { receiveWebhook } from '@/server/sync/webhook';
import { refreshTokenPair } from '@/server/tiktok/auth';
import { TikTokShopClient } from '@/server/tiktok/client';
import { createTransport } from '@/server/tiktok/http';
import { parseReturn } from '@/server/tiktok/parse';
import { signWebhook } from '@/server/tiktok/sign';
import { createAccount } from '@tools/factories/accounts';
import { referenceExample, startReferenceStub } from '../support/reference-stub';
import { control, FAST_RETRIES, sandboxClient, startTestSandbox } from '../support/sandbox';
import { connectAccounts, differencesFromTruth, runSync } from '../support/sync';

/**
 * Contract tests: TikTok's API reference examples, as documented (tests/fixtures/tiktok-reference),
 * through our client and our sync, and the sandbox answering in the reference's style.
 */

const ID = '4035318504086604100';
const DAY = 86_400_000;

type Stub = Awaited<ReturnType<typeof startReferenceStub>>;

/** An account whose TikTok is the stub, with a token that needs no refresh. */
async function stubAccount(stub: Stub) {
  return createAccount(db, {
    apiBaseUrl: stub.url,
    authBaseUrl: stub.url,
    accessTokenEnc: sealSecret('ROW_reference_access'),
    accessTokenExpiresAt: new Date(Date.now() + 7 * DAY),
    refreshTokenEnc: sealSecret('ROW_reference_refresh'),
    refreshTokenExpiresAt: new Date(Date.now() + 365 * DAY),
  });
}

function stubClient(stub: Stub) {
  const token = { accessToken: () => Promise.resolve('ROW_reference_access'), renewAfterRejection: () => Promise.resolve('ROW_reference_access') };
  return new TikTokShopClient(
    createTransport(FAST_RETRIES),
    { rateKey: 'reference', apiBaseUrl: stub.url, appKey: 'reference', appSecret: 'reference-secret', shopCipher: 'GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3' },
    token,
  );
}

describe("TikTok's reference examples through the client and the sync", () => {
  let stub: Stub;
  beforeAll(async () => {
    stub = await startReferenceStub();
    // The stub serves the returns API's examples; the finance feeds' contract is finance-client.test.ts's.
    setEnv('FINANCE_SYNC', 'off');
  });
  afterAll(async () => {
    setEnv('FINANCE_SYNC', undefined);
    await stub.close();
  });

  it('parses every example into our types', async () => {
    const client = stubClient(stub);
    const returns = await client.searchReturns({ pageSize: 50 });
    expect(returns).toMatchObject({ totalCount: 100, nextPageToken: referenceExample('search-returns').response.data.next_page_token, skipped: [] });
    expect(returns.items).toHaveLength(1);
    expect(returns.items[0]).toMatchObject({
      kind: 'Return',
      id: ID,
      orderId: '577686530908261117',
      type: 'REFUND',
      status: 'RETURN_OR_REFUND_REQUEST_PENDING',
      arbitrationStatus: 'IN_PROGRESS',
      role: 'BUYER',
      createdAt: new Date(1690451136 * 1000),
      updatedAt: new Date(1690453136 * 1000),
      nextActions: [{ action: 'SELLER_RESPOND_REFUND', deadline: new Date(1690554680 * 1000) }],
      refundAmount: { currency: 'USD', total: '1.23', subtotal: '1', shippingFee: '0.2', tax: '0.03', retailDeliveryFee: '0.1', buyerServiceFee: '0.1' },
      lineItems: [{ lineItemId: '4035227657962164811', skuId: '2729382476852921560', sellerSku: 'PUTIH 1 TALI', refundAmount: { total: '1.23' } }],
      partialRefund: { amount: '10', currency: 'IDR' },
      discounts: [
        { currency: 'USD', productPlatformDiscount: '0.1', productSellerDiscount: '0.1', shippingFeePlatformDiscount: '0.1', shippingFeeSellerDiscount: '0.1' },
      ],
      shippingFees: [{ currency: 'USD', buyerPaid: '0.1', sellerPaid: '0.1', platformPaid: '0.1' }],
      sellerProposedReturnType: 'PARTIAL_REFUND',
      buyerRejectedPartialRefund: true,
      canBuyerKeepItem: true,
      notes: [],
    });
    expect(returns.items[0]!.raw).toEqual((referenceExample('search-returns').response.data.return_orders as unknown[])[0]);
    expect(returns.items[0]!.raw.is_combined_return).toBe('true ');

    const cancellations = await client.searchCancellations({ pageSize: 50 });
    expect(cancellations).toMatchObject({ totalCount: 100, skipped: [] });
    expect(cancellations.items[0]).toMatchObject({
      kind: 'Cancellation',
      id: ID,
      orderId: '576461413038785752',
      type: 'REQUEST_CANCEL_REFUND',
      status: 'CANCELLATION_REQUEST_PENDING',
      role: 'BUYER',
      nextActions: [{ action: 'SELLER_RESPOND_CANCEL' }],
      refundAmount: { total: '1.23' },
      notes: [],
    });

    expect(await client.getReturnRecords(ID)).toEqual([
      {
        role: 'BUYER',
        description: 'Customer submitted a return request',
        reasonText: 'Order created by mistake',
        note: 'The tissue box arrived crushed',
        imageUrls: [expect.stringMatching(/^https:\/\/p16-oec-va\.ibyteimg\.com\//)],
        at: new Date(1690451136 * 1000),
      },
    ]);
    expect(await client.getRejectReasons(ID)).toEqual([
      { name: 'reverse_reject_request_reason_4', text: 'The product was used or damaged by the buyer' },
      { name: 'seller_reject_apply_you_have_reached_an_agreement_with_the_buyer', text: 'You have reached an agreement with the buyer' },
    ]);
    expect(await client.getAuthorizedShops()).toEqual({
      shops: [
        {
          shopId: '7000714532876273420',
          name: 'Maomao beauty shop',
          region: 'GB',
          sellerType: 'CROSS_BORDER',
          cipher: 'GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3',
          code: 'CNGBCBA4LLU8',
        },
      ],
      leftOut: [],
    });
    const app = { authBaseUrl: stub.url, appKey: 'reference', appSecret: 'reference-secret', rateKey: 'reference-auth' };
    expect(await refreshTokenPair(createTransport(FAST_RETRIES), app, 'ROW_reference_refresh')).toMatchObject({
      accessTokenExpiresAt: new Date(1660556783 * 1000),
      refreshTokenExpiresAt: new Date(1691487031 * 1000),
      sellerName: 'Jjj test shop',
      region: 'ID',
      userType: 0,
      grantedScopes: ['seller.authorization.info', 'seller.return_refund.basic'],
    });
  });

  it('syncs them to the end: succeeds, stores the return and the cancellation once each, and keeps total_count as a diagnostic only', async () => {
    const account = await stubAccount(stub);
    const before = stub.requests.length;
    const run = await runSync({ accountIds: [account.id] });
    expect(run.outcome).toBe('Succeeded');
    expect(run.accounts[0]).toMatchObject({
      outcome: 'Succeeded',
      error: null,
      fetched: 2,
      created: 2,
      skipped: 0,
      unmapped: 0,
      reportedTotal: 200,
      notes: [],
    });
    // The same page and token on every request cannot keep the sync paging.
    expect(stub.requests.length - before).toBeLessThanOrEqual(8);
    const stored = await db.shopAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect(stored.syncWatermark?.getTime()).toBe(run.startedAt.getTime());

    const rows = await db.refund.findMany({ where: { accountId: account.id }, orderBy: { kind: 'asc' } });
    expect(rows).toHaveLength(2);
    const [ret, cancel] = rows;
    expect(ret).toMatchObject({
      kind: 'Return',
      marketplaceRefundId: ID,
      marketplaceOrderId: '577686530908261117',
      marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_PENDING',
      status: 'Pending',
      statusDetail: 'In TikTok arbitration',
      unmappedStatus: false,
      type: 'Refund',
      currency: 'USD',
      sellerNextAction: 'SELLER_RESPOND_REFUND',
    });
    expect(ret!.refundAmount?.toString()).toBe('1.23');
    expect(ret!.raw).toEqual((referenceExample('search-returns').response.data.return_orders as unknown[])[0]);
    expect(cancel!.raw).toEqual((referenceExample('search-cancellations').response.data.cancellations as unknown[])[0]);
    expect(cancel).toMatchObject({
      kind: 'Cancellation',
      marketplaceRefundId: ID,
      marketplaceOrderId: '576461413038785752',
      marketplaceStatus: 'CANCELLATION_REQUEST_PENDING',
      marketplaceType: 'REQUEST_CANCEL_REFUND',
      status: 'Requested',
      unmappedStatus: false,
      type: 'Refund',
      sellerNextAction: 'SELLER_RESPOND_CANCEL',
    });

    // Again: nothing changes, nothing is added.
    const events = await db.refundEvent.count({ where: { refund: { accountId: account.id } } });
    const again = await runSync({ accountIds: [account.id] });
    expect(again.outcome).toBe('Succeeded');
    expect(again.accounts[0]).toMatchObject({ created: 0, updated: 0, fetched: 2 });
    expect(await db.refundEvent.count({ where: { refund: { accountId: account.id } } })).toBe(events);
  });

  it('stores a record that lacks optional fields, with its fallbacks, and says so on the run', async () => {
    const returns = referenceExample('search-returns').response;
    const cancellations = referenceExample('search-cancellations').response;
    const record = { ...(returns.data.return_orders as Record<string, unknown>[])[0]! };
    delete record.update_time;
    delete record.order_id;
    delete record.arbitration_status;
    const cancellation = { ...(cancellations.data.cancellations as Record<string, unknown>[])[0]! };
    delete cancellation.cancel_status;
    const sparse = await startReferenceStub({
      'search-returns': {
        ...returns,
        data: { ...returns.data, return_orders: [record, { order_id: '1', return_status: 'RETURN_OR_REFUND_REQUEST_COMPLETE' }] },
      },
      'search-cancellations': { ...cancellations, data: { ...cancellations.data, cancellations: [cancellation] } },
    });
    try {
      const account = await stubAccount(sparse);
      const run = await runSync({ accountIds: [account.id] });
      expect(run.outcome).toBe('Succeeded');
      expect(run.accounts[0]).toMatchObject({ outcome: 'Succeeded', fetched: 2, skipped: 1, unmapped: 1 });
      expect(run.accounts[0]!.notes).toEqual(
        expect.arrayContaining([
          '1× returns: order_id missing (stored empty)',
          '1× returns: update_time missing (create_time used)',
          '1× cancellations: cancel_status missing (stored as an unmapped status)',
          expect.stringMatching(/^1× returns: skipped, cannot be stored \(return_id: /),
        ]),
      );
      // Skipped records are shown, and do not hold the watermark back.
      expect((await db.shopAccount.findUniqueOrThrow({ where: { id: account.id } })).syncWatermark?.getTime()).toBe(run.startedAt.getTime());
      const [ret, cancel] = await db.refund.findMany({ where: { accountId: account.id }, orderBy: { kind: 'asc' } });
      expect(ret).toMatchObject({
        marketplaceOrderId: '',
        marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_PENDING',
        status: 'Requested',
        arbitrationStatus: null,
      });
      expect(ret!.marketplaceUpdatedAt).toEqual(new Date(1690451136 * 1000));
      expect(ret!.raw).toEqual(record);
      expect(parseReturn(ret!.raw).partialRefund).toEqual({ amount: '10', currency: 'IDR' });
      // No status: Pending and flagged, never a state TikTok did not confirm.
      expect(cancel).toMatchObject({ marketplaceStatus: '', status: 'Pending', unmappedStatus: true, statusDetail: 'TikTok sent no status' });
    } finally {
      await sparse.close();
    }
  });

  it('reports a run where one account failed among several as partially failed', async () => {
    const good = await stubAccount(stub);
    const unreachable = await createAccount(db, { accessTokenEnc: sealSecret('ROW_x'), accessTokenExpiresAt: new Date(Date.now() + DAY) });
    const run = await runSync({ accountIds: [good.id, unreachable.id] });
    expect(run.accounts.map((a) => a.outcome)).toEqual(['Succeeded', 'Failed']);
    expect(run.outcome).toBe('PartiallyFailed');
  });
});

describe('the sandbox in reference mode', () => {
  let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
  let accountIds: number[];
  beforeAll(async () => {
    const now = Math.floor(Date.now() / 1000) - 30;
    sandbox = await startTestSandbox({ size: 300, shopCount: 2, unknownStatusRate: 0.05 }, { clock: () => now, referenceMode: true });
    accountIds = (await connectAccounts(sandbox)).map((a) => a.id);
  });
  afterAll(async () => sandbox.close());

  it("answers in the reference's style: an inexact total, a shared id, missing fields, other spellings", async () => {
    const client = sandboxClient(sandbox, 0);
    const page = await client.searchReturns({ pageSize: 10 });
    expect(page.totalCount).toBe(100);
    const truth = await control<{ shops: { returns: Record<string, unknown>[]; cancellations: Record<string, unknown>[] }[] }>(sandbox, '/truth');
    const shop = truth.shops[0]!;
    const shared = shop.cancellations.find((c) => shop.returns.some((r) => r.return_id === c.cancel_id));
    expect(shared).toBeDefined();
    expect(shop.returns.some((r) => !('update_time' in r))).toBe(true);
    expect(shop.returns.some((r) => !('order_id' in r))).toBe(true);
    expect(shop.cancellations.some((c) => c.cancel_type === 'REQUEST_CANCEL_REFUND')).toBe(true);
    expect((await client.findRefund('Cancellation', shared!.cancel_id as string))?.kind).toBe('Cancellation');
    expect((await client.findRefund('Return', shared!.cancel_id as string))?.kind).toBe('Return');
    const records = await client.getReturnRecords(shop.returns[0]!.return_id as string);
    expect(records[0]?.role).toBe('BUYER');
  });

  it('is synced to its truth, shared ids included, with total_count kept as a diagnostic', async () => {
    const run = await runSync({ accountIds });
    expect(run.outcome).toBe('Succeeded');
    expect(await differencesFromTruth(sandbox)).toEqual([]);
    for (const account of run.accounts) {
      expect(account).toMatchObject({ outcome: 'Succeeded', reportedTotal: 200, skipped: 0 });
      expect(account.notes.some((note) => /update_time missing/.test(note))).toBe(true);
    }
    const unmapped = await db.refund.count({ where: { unmappedStatus: true, accountId: { in: run.accounts.map((a) => a.accountId) } } });
    expect(run.accounts.reduce((sum, a) => sum + a.unmapped, 0)).toBe(unmapped);
    const pairs = await db.refund.groupBy({
      by: ['accountId', 'marketplaceRefundId'],
      where: { accountId: { in: accountIds } },
      _count: true,
      having: { marketplaceRefundId: { _count: { gt: 1 } } },
    });
    expect(pairs).toHaveLength(2);

    await control(sandbox, '/evolve', { advance: 10, arrive: 4 });
    const next = await runSync({ accountIds });
    expect(next.outcome).toBe('Succeeded');
    expect(await differencesFromTruth(sandbox)).toEqual([]);
  });

  it('applies a cancellation webhook (type 11) for a shared id to the cancellation only', async () => {
    const shop = sandbox.state.shops[0]!;
    const account = await db.shopAccount.findUniqueOrThrow({ where: { shopId: shop.shopId } });
    const [pair] = await db.refund.groupBy({
      by: ['marketplaceRefundId'],
      where: { accountId: account.id },
      _count: true,
      having: { marketplaceRefundId: { _count: { gt: 1 } } },
    });
    const id = pair!.marketplaceRefundId;
    const found = sandbox.state.find(id, 'Cancellation')!;
    const change = sandbox.state.touch(found.shopIndex, found.index);
    const returnBefore = await db.refund.findFirstOrThrow({ where: { accountId: account.id, kind: 'Return', marketplaceRefundId: id } });
    const body = JSON.stringify({
      type: 11,
      tts_notification_id: `7327${Date.now()}`,
      shop_id: shop.shopId,
      timestamp: Math.floor(Date.now() / 1000),
      data: { cancel_id: id, cancel_status: change.step.status },
    });
    const verdict = await receiveWebhook(body, signWebhook(sandbox.profile.appKey, sandbox.profile.appSecret, body));
    expect(verdict).toMatchObject({ status: 200, refresh: { accountId: account.id, kind: 'Cancellation', id } });
    await refreshRefund((verdict as { refresh: Parameters<typeof refreshRefund>[0] }).refresh, createTransport(FAST_RETRIES));
    const cancellation = await db.refund.findFirstOrThrow({ where: { accountId: account.id, kind: 'Cancellation', marketplaceRefundId: id } });
    expect(cancellation.marketplaceUpdatedAt.getTime()).toBe(change.step.at * 1000);
    expect(cancellation.raw).toEqual(sandbox.state.json(found.shopIndex, found.index, sandbox.state.now()));
    expect(await db.refund.findFirstOrThrow({ where: { id: returnBefore.id } })).toEqual(returnBefore);
  });
});
