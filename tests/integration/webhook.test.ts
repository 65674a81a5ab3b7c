import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { QUEUES } from '@/server/jobs/queues';
import { flushMetrics } from '@/server/metrics/counters';
import { enqueueRefresh, refreshRefund, type RefreshRequest } from '@/server/sync/refresh-job';
import { receiveWebhook } from '@/server/sync/webhook';
import { createTransport } from '@/server/tiktok/http';
import { signWebhook } from '@/server/tiktok/sign';
import { drainQueue, openJobs } from '../support/jobs';
import { control, FAST_RETRIES } from '../support/sandbox';
import { connectAccounts, runSync, startFrozenSandbox, type TestSandbox } from '../support/sync';

describe('TikTok webhooks', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startFrozenSandbox({ size: 200, shopCount: 1 });
    await connectAccounts(sandbox);
    await runSync();
  });
  afterAll(async () => sandbox.close());

  function delivery(
    change: { id: string; kind: string; status: string; updateTime: number },
    notificationId = `7327${Date.now()}${Math.floor(Math.random() * 1e6)}`,
  ) {
    const body = JSON.stringify({
      type: change.kind === 'Return' ? 12 : 11,
      tts_notification_id: notificationId,
      shop_id: sandbox.state.shops[0]!.shopId,
      timestamp: Math.floor(Date.now() / 1000),
      data:
        change.kind === 'Return'
          ? { return_id: change.id, return_status: change.status, update_time: change.updateTime }
          : { cancel_id: change.id, cancel_status: change.status },
    });
    return { body, signature: signWebhook(sandbox.profile.appKey, sandbox.profile.appSecret, body) };
  }

  it('verifies the signature, stores the delivery once, and updates the refund from TikTok', async () => {
    const { changes } = await control<{ changes: { id: string; kind: string; status: string; updateTime: number }[] }>(sandbox, '/evolve', { advance: 1 });
    const change = changes[0]!;
    const { body, signature } = delivery(change, '7327000000000000001');
    const verdict = await receiveWebhook(body, signature);
    expect(verdict).toMatchObject({ status: 200, refresh: { kind: change.kind, id: change.id } });
    await refreshRefund((verdict as { refresh: RefreshRequest }).refresh, createTransport(FAST_RETRIES));
    const row = await db.refund.findFirstOrThrow({ where: { marketplaceRefundId: change.id }, include: { events: { orderBy: { id: 'desc' }, take: 1 } } });
    expect(row.marketplaceStatus).toBe(change.status);
    expect(row.events[0]).toMatchObject({ source: 'Webhook', action: 'status_changed' });
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { notificationId: '7327000000000000001' } })).toMatchObject({
      outcome: 'Processed',
      subjectId: change.id,
    });
    // TikTok's retry of the same delivery is accepted and not processed again.
    expect(await receiveWebhook(body, signature)).toMatchObject({ status: 200, refresh: null });
    expect(await db.webhookEvent.count({ where: { notificationId: '7327000000000000001' } })).toBe(1);
  });

  it('queues one refresh per refund however many notifications arrive, and a worker answers them all with one TikTok read', async () => {
    const { changes } = await control<{ changes: { id: string; kind: string; status: string; updateTime: number }[] }>(sandbox, '/evolve', { advance: 1 });
    const change = changes[0]!;
    const verdicts = [];
    for (const n of [1, 2, 3]) {
      const { body, signature } = delivery(change, `73271000000000000${n}`);
      verdicts.push(await receiveWebhook(body, signature));
    }
    const queued = [];
    for (const verdict of verdicts) queued.push(await enqueueRefresh((verdict as { refresh: RefreshRequest }).refresh));
    expect(queued).toEqual([true, false, false]);
    const account = await db.shopAccount.findFirstOrThrow();
    expect(await openJobs(QUEUES.refundRefresh, `${account.id}:${change.kind}:${change.id}`)).toHaveLength(1);

    const searchPath = change.kind === 'Return' ? '/return_refund/202309/returns/search' : '/return_refund/202309/cancellations/search';
    const searchesBefore = sandbox.stats.byPath[searchPath] ?? 0;
    await drainQueue(QUEUES.refundRefresh, { transport: createTransport(FAST_RETRIES) });
    expect((sandbox.stats.byPath[searchPath] ?? 0) - searchesBefore).toBe(1);
    const events = await db.webhookEvent.findMany({ where: { subjectId: change.id, notificationId: { startsWith: '732710' } } });
    expect(events.map((e) => e.outcome)).toEqual(['Processed', 'Processed', 'Processed']);
    expect((await db.refund.findFirstOrThrow({ where: { marketplaceRefundId: change.id } })).marketplaceStatus).toBe(change.status);
    // Each delivery's time to its row, for /api/metrics.
    await flushMetrics();
    const count = await db.metricCounter.findUnique({ where: { name_labels: { name: 'refunds_webhook_to_row_seconds_count', labels: '' } } });
    expect(count?.value).toBeGreaterThanOrEqual(3);
  });

  it('refuses a bad signature, an unknown shop and a tampered body, changing nothing', async () => {
    const before = await db.webhookEvent.count();
    const { body, signature } = delivery({ id: '4035000000000000000', kind: 'Return', status: 'RETURN_OR_REFUND_REQUEST_COMPLETE', updateTime: 1 });
    expect(
      await receiveWebhook(
        body,
        signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
      ),
    ).toEqual({ status: 401, error: 'UNAUTHORIZED' });
    expect(await receiveWebhook(body, null)).toEqual({ status: 401, error: 'UNAUTHORIZED' });
    expect(await receiveWebhook(body.replace('COMPLETE', 'SUCCESS'), signature)).toEqual({ status: 401, error: 'UNAUTHORIZED' });
    const otherShop = body.replace(sandbox.state.shops[0]!.shopId, '7494999999999999999');
    expect(await receiveWebhook(otherShop, signWebhook(sandbox.profile.appKey, sandbox.profile.appSecret, otherShop))).toEqual({
      status: 401,
      error: 'UNAUTHORIZED',
    });
    expect(await receiveWebhook('{not json', signature)).toEqual({ status: 400, error: 'INVALID_JSON' });
    expect(await receiveWebhook('{"type":"12"}', signature)).toEqual({ status: 400, error: 'INVALID_PAYLOAD' });
    expect(await db.webhookEvent.count()).toBe(before);
  });

  it('refuses an old or future notification, a type past 2^31, U+0000 and lone surrogates, changing nothing', async () => {
    const before = await db.webhookEvent.count();
    const shopId = sandbox.state.shops[0]!.shopId;
    const now = Math.floor(Date.now() / 1000);
    const signed = (fields: Record<string, unknown>) => {
      const body = JSON.stringify({
        type: 12,
        tts_notification_id: `7327${Math.random().toString().slice(2, 14)}`,
        shop_id: shopId,
        timestamp: now,
        data: {},
        ...fields,
      });
      return [body, signWebhook(sandbox.profile.appKey, sandbox.profile.appSecret, body)] as const;
    };
    expect(await receiveWebhook(...signed({ timestamp: now - 301 }))).toEqual({ status: 400, error: 'STALE_NOTIFICATION' });
    expect(await receiveWebhook(...signed({ timestamp: now + 301 }))).toEqual({ status: 400, error: 'STALE_NOTIFICATION' });
    expect(await receiveWebhook(...signed({ timestamp: undefined }))).toEqual({ status: 400, error: 'INVALID_PAYLOAD' });
    expect(await receiveWebhook(...signed({ type: 2 ** 31 }))).toEqual({ status: 400, error: 'INVALID_PAYLOAD' });
    expect(await receiveWebhook(...signed({ data: { return_id: 'x\u0000' } }))).toEqual({ status: 400, error: 'INVALID_PAYLOAD' });
    expect(await receiveWebhook(...signed({ tts_notification_id: 'a\u0000' }))).toEqual({ status: 400, error: 'INVALID_PAYLOAD' });
    expect(await receiveWebhook(...signed({ data: { note: '\ud800' } }))).toEqual({ status: 400, error: 'INVALID_PAYLOAD' });
    expect(await receiveWebhook(...signed({ timestamp: now - 60 }))).toMatchObject({ status: 200 });
    expect(await db.webhookEvent.count()).toBe(before + 1);
  });

  it('records other event types without acting on them', async () => {
    const body = JSON.stringify({
      type: 7,
      tts_notification_id: '7327000000000000099',
      shop_id: sandbox.state.shops[0]!.shopId,
      timestamp: Math.floor(Date.now() / 1000),
      data: {},
    });
    expect(await receiveWebhook(body, signWebhook(sandbox.profile.appKey, sandbox.profile.appSecret, body))).toMatchObject({ status: 200, refresh: null });
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { notificationId: '7327000000000000099' } })).toMatchObject({ outcome: 'Ignored' });
  });
});
