import { describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { upsertRefunds } from '@/server/sync/upsert';
import { parseReturn } from '@/server/tiktok/schemas';
import { createAccount } from '@tools/factories/accounts';
import { returnJson } from '@tools/factories/refunds';

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
});
