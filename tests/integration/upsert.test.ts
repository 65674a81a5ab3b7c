import { describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { sqlRows } from '@/server/sql';
import { lockExisting, upsertRefunds } from '@/server/sync/upsert';
import { parseCancellation, parseReturn } from '@/server/tiktok/parse';
import { createAccount } from '@tools/factories/accounts';
import { cancellationJson, returnJson } from '@tools/factories/refunds';
import { rowsReadBy } from '../support/plans';

describe('upserting TikTok records', () => {
  it("shows TikTok's status over a decision made here, flags the disagreement, and records both", async () => {
    const account = await createAccount(db);
    const json = returnJson({ return_status: 'RETURN_OR_REFUND_REQUEST_SUCCESS', update_time: 1_790_000_000 });
    await upsertRefunds(account.id, [parseReturn(json)], { source: 'Sync' });
    const row = await db.refund.findFirstOrThrow({ where: { accountId: account.id } });
    await db.refund.update({
      where: { id: row.id },
      data: {
        status: 'Refund',
        statusSource: 'AdminCompleted',
        decisionKind: 'ConfirmedRefund',
        decisionBy: 'ana@store.test',
        decisionAt: new Date('2026-11-28T14:02:00Z'),
      },
    });

    const counts = await upsertRefunds(account.id, [parseReturn({ ...json, return_status: 'REFUND_OR_RETURN_REQUEST_REJECT', update_time: 1_790_000_600 })], {
      source: 'Webhook',
    });
    expect(counts).toMatchObject({ updated: 1, needsReview: 1, events: 2 });
    const after = await db.refund.findUniqueOrThrow({ where: { id: row.id }, include: { events: { orderBy: { id: 'asc' } } } });
    // The row never claims a refund TikTok now rejects: it shows Rejected, flagged, with both sides.
    expect(after).toMatchObject({
      status: 'Rejected',
      statusSource: 'Marketplace',
      marketplaceStatus: 'REFUND_OR_RETURN_REQUEST_REJECT',
      needsReview: true,
      decisionKind: 'ConfirmedRefund',
    });
    expect(after.reviewNote).toBe(
      'Refund confirmed here by ana@store.test on 2026-11-28 14:02 UTC, but TikTok now says Refund or return request reject (Rejected).',
    );
    expect(after.reviewFlaggedAt).not.toBeNull();
    expect(after.events.map((e) => `${e.source}:${e.action}`)).toEqual(['Sync:first_seen', 'Webhook:status_changed', 'Webhook:needs_review']);
  });

  it('ignores an older copy of a record, and repeats within a batch', async () => {
    const account = await createAccount(db);
    const json = returnJson({ return_status: 'RETURN_OR_REFUND_REQUEST_SUCCESS', update_time: 1_790_001_000 });
    await upsertRefunds(account.id, [parseReturn(json)], { source: 'Sync' });
    const older = parseReturn({ ...json, return_status: 'RETURN_OR_REFUND_REQUEST_PENDING', update_time: 1_790_000_000 });
    expect(await upsertRefunds(account.id, [older], { source: 'Webhook' })).toMatchObject({ unchanged: 1, updated: 0, events: 0 });
    const newer = parseReturn({ ...json, return_status: 'RETURN_OR_REFUND_REQUEST_COMPLETE', update_time: 1_790_002_000 });
    expect(await upsertRefunds(account.id, [older, newer, older], { source: 'Sync' })).toMatchObject({ updated: 1, events: 1 });
    expect((await db.refund.findFirstOrThrow({ where: { accountId: account.id } })).marketplaceStatus).toBe('RETURN_OR_REFUND_REQUEST_COMPLETE');
  });

  it('keeps money exact, and an unknown status as Pending with the raw value and a flag', async () => {
    const account = await createAccount(db);
    await upsertRefunds(
      account.id,
      [parseReturn(returnJson({ return_status: 'EXCHANGE_REQUEST_PENDING', refund_amount: { currency: 'VND', refund_total: '12345678901234.99' } }))],
      { source: 'Sync' },
    );
    const [row] = await db.$queryRaw<{ amount: string; status: string; marketplace_status: string; unmapped_status: boolean; status_detail: string }[]>`
      SELECT refund_amount::text AS amount, status::text, marketplace_status, unmapped_status, status_detail FROM refunds WHERE account_id = ${account.id}`;
    expect(row).toEqual({
      amount: '12345678901234.9900',
      status: 'Pending',
      marketplace_status: 'EXCHANGE_REQUEST_PENDING',
      unmapped_status: true,
      status_detail: 'Unmapped TikTok status EXCHANGE_REQUEST_PENDING',
    });
  });

  it('survives two writers inserting the same new record at once', async () => {
    const account = await createAccount(db);
    const refund = parseReturn(returnJson());
    const results = await Promise.all([upsertRefunds(account.id, [refund], { source: 'Sync' }), upsertRefunds(account.id, [refund], { source: 'Webhook' })]);
    expect(results.map((r) => r.created).sort()).toEqual([0, 1]);
    expect(await db.refund.count({ where: { accountId: account.id } })).toBe(1);
    expect(await db.refundEvent.count({ where: { refund: { accountId: account.id } } })).toBe(1);
  });

  it('stores a return and a cancellation that share an id as two rows, and an update to one never touches the other', async () => {
    const account = await createAccount(db);
    // TikTok's own reference examples give a return and a cancellation the same id.
    const id = '4035318504086604100';
    const ret = returnJson({ return_id: id, order_id: '577686530908261117', return_status: 'RETURN_OR_REFUND_REQUEST_PENDING', update_time: 1_790_000_000 });
    const cancel = cancellationJson({
      cancel_id: id,
      order_id: '576461413038785752',
      cancel_status: 'CANCELLATION_REQUEST_PENDING',
      update_time: 1_790_000_100,
    });
    // One batch holding both: neither may be taken for a repeat of the other.
    expect(await upsertRefunds(account.id, [parseReturn(ret), parseCancellation(cancel)], { source: 'Sync' })).toMatchObject({ created: 2, events: 2 });
    const rows = async () =>
      db.refund.findMany({ where: { accountId: account.id }, orderBy: { kind: 'asc' }, include: { events: { orderBy: { id: 'asc' } } } });
    const [returnRow, cancelRow] = await rows();
    expect(returnRow).toMatchObject({ kind: 'Return', marketplaceRefundId: id, marketplaceOrderId: '577686530908261117', raw: ret });
    expect(cancelRow).toMatchObject({ kind: 'Cancellation', marketplaceRefundId: id, marketplaceOrderId: '576461413038785752', raw: cancel });

    // The cancellation moves on (a webhook, then a sync): the return stays exactly as it was.
    const cancelled = { ...cancel, cancel_status: 'CANCELLATION_REQUEST_COMPLETE', update_time: 1_790_000_900 };
    expect(await upsertRefunds(account.id, [parseCancellation(cancelled)], { source: 'Webhook' })).toMatchObject({ created: 0, updated: 1 });
    expect(await upsertRefunds(account.id, [parseCancellation(cancelled), parseReturn(ret)], { source: 'Sync' })).toMatchObject({ unchanged: 2 });
    const [returnAfter, cancelAfter] = await rows();
    expect(returnAfter).toEqual(returnRow);
    expect(cancelAfter).toMatchObject({ marketplaceStatus: 'CANCELLATION_REQUEST_COMPLETE', status: 'Refund', marketplaceOrderId: '576461413038785752' });
    expect(cancelAfter!.events.map((e) => e.action)).toEqual(['first_seen', 'status_changed']);

    // And the other way round.
    await upsertRefunds(account.id, [parseReturn({ ...ret, return_status: 'RETURN_OR_REFUND_REQUEST_SUCCESS', update_time: 1_790_001_000 })], {
      source: 'Sync',
    });
    const [returnLast, cancelLast] = await rows();
    expect(returnLast).toMatchObject({ marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_SUCCESS', status: 'Accepted' });
    expect(cancelLast).toEqual(cancelAfter);
  });
});

describe("a batch's existing rows", () => {
  it("are found by their TikTok ids, not by reading the shop's rows, while the statistics predate the shop", async () => {
    // Statistics taken before the shop had a row (as during its backfill, until autovacuum analyses).
    const account = await createAccount(db);
    await db.$executeRawUnsafe('ANALYZE refunds');
    await db.$executeRawUnsafe(`
      INSERT INTO refunds (account_id, kind, marketplace_refund_id, marketplace_order_id, type, status, marketplace_status, marketplace_created_at, marketplace_updated_at, raw, last_synced_at, updated_at)
      SELECT ${account.id}, 'Return', 'plan-' || g, 'order-' || g, 'Refund', 'Pending', 'RETURN_OR_REFUND_REQUEST_PENDING', now(), now(), '{}', now(), now()
        FROM generate_series(1, 4000) g`);
    // A batch of 200: half of them stored already, half new.
    const batch = Array.from({ length: 200 }, (_, i) => ({ kind: 'Return', id: i % 2 ? `plan-${i * 17}` : `plan-new-${i}` }));
    const query = lockExisting(account.id, batch);
    const found = await sqlRows<{ marketplaceRefundId: string }>(query);
    expect(found.map((row) => row.marketplaceRefundId).sort()).toEqual(
      batch
        .filter((_, i) => i % 2)
        .map((k) => k.id)
        .sort(),
    );
    // One index lookup per record (the old semi-join read all 4,000 of the shop's rows).
    expect(await rowsReadBy(query)).toBeLessThanOrEqual(batch.length);
  });
});
