import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bulkDecide, decideRefund, decisionContext } from '@/features/refunds/mutations';
import { db } from '@/server/db';
import { createTransport } from '@/server/tiktok/http';
import { control, FAST_RETRIES } from '../support/sandbox';
import { connectAccounts, runSync, startFrozenSandbox, type TestSandbox } from '../support/sync';

const admin = { id: 'user-admin', label: 'admin@test.dev' };
const other = { id: 'user-other', label: 'other@test.dev' };
const transport = () => createTransport(FAST_RETRIES);

async function expectedOf(id: number) {
  const row = await db.refund.findUniqueOrThrow({ where: { id } });
  return { version: row.version, marketplaceStatus: row.marketplaceStatus, marketplaceUpdatedAt: row.marketplaceUpdatedAt.toISOString() };
}

async function waiting(action: string, accountId?: number) {
  return db.refund.findMany({
    where: { sellerNextAction: action, respondBy: { gt: new Date() }, statusSource: 'Marketplace', ...(accountId ? { accountId } : {}) },
    orderBy: { id: 'asc' },
  });
}

describe('Completed and Reject', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startFrozenSandbox({ size: 900, shopCount: 2 });
    await connectAccounts(sandbox);
    await runSync();
  });
  afterAll(async () => sandbox.close());
  beforeEach(async () => {
    await db.shopAccount.updateMany({ data: { writeBack: true } });
  });

  it("sends the approval to TikTok when it waits for the seller, and takes the row from TikTok's answer", async () => {
    const [row] = await waiting('SELLER_RESPOND_REFUND');
    const result = await decideRefund(
      admin,
      { id: row!.id, action: 'complete', expected: await expectedOf(row!.id), note: 'damaged on arrival, photos checked', idempotencyKey: randomUUID() },
      transport(),
    );
    expect(result).toEqual({
      ok: true,
      id: row!.id,
      refundId: row!.marketplaceRefundId,
      status: 'Refund',
      wroteBack: true,
      marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_SUCCESS',
    });
    const after = await db.refund.findUniqueOrThrow({ where: { id: row!.id }, include: { events: { orderBy: { id: 'asc' } } } });
    expect(after).toMatchObject({
      status: 'Refund',
      statusSource: 'AdminCompleted',
      statusSetByUserId: admin.id,
      marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_SUCCESS',
    });
    expect(after.events.slice(-2).map((e) => `${e.source}:${e.action}`)).toEqual(['Sync:status_changed', 'Admin:marked_completed']);
    expect(after.events.at(-1)).toMatchObject({
      actorLabel: admin.label,
      note: 'damaged on arrival, photos checked',
      fromStatus: 'Accepted',
      toStatus: 'Refund',
    });
    const audits = await db.auditLog.findMany({ where: { targetId: String(row!.id) }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => `${a.action}:${a.outcome}`)).toEqual(['refund.writeback:ok', 'refund.complete:ok']);
    // TikTok's own status moved.
    const truth = sandbox.state.find(row!.marketplaceRefundId)!;
    expect(sandbox.state.json(truth.shopIndex, truth.index, sandbox.state.now())).toMatchObject({ return_status: 'RETURN_OR_REFUND_REQUEST_SUCCESS' });
  });

  it('does nothing when TikTok moved since the grid was loaded, and says what changed', async () => {
    const [row] = await waiting('SELLER_RESPOND_RETURN');
    const expected = await expectedOf(row!.id);
    await control(sandbox, '/touch', { id: row!.marketplaceRefundId });
    const result = await decideRefund(admin, { id: row!.id, action: 'complete', expected, idempotencyKey: randomUUID() }, transport());
    expect(result).toMatchObject({ ok: false, code: 'MARKETPLACE_CHANGED', marketplace: { was: row!.marketplaceStatus, now: row!.marketplaceStatus } });
    const after = await db.refund.findUniqueOrThrow({ where: { id: row!.id } });
    expect(after.statusSource).toBe('Marketplace');
    // The row now holds TikTok's newer copy, so the admin sees it after reloading.
    expect(after.marketplaceUpdatedAt.getTime()).toBeGreaterThan(new Date(expected.marketplaceUpdatedAt).getTime());
    // With the stale expectation from the grid, the stored row now refuses too.
    expect(await decideRefund(admin, { id: row!.id, action: 'complete', expected, idempotencyKey: randomUUID() }, transport())).toMatchObject({
      code: 'MARKETPLACE_CHANGED',
    });
  });

  it('refuses to complete what TikTok rejected, and to reject what TikTok refunded', async () => {
    const rejected = await db.refund.findFirstOrThrow({ where: { marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_CANCEL' } });
    expect(
      await decideRefund(admin, { id: rejected.id, action: 'complete', expected: await expectedOf(rejected.id), idempotencyKey: randomUUID() }, transport()),
    ).toMatchObject({ ok: false, code: 'TIKTOK_REJECTED' });
    const refunded = await db.refund.findFirstOrThrow({ where: { marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_COMPLETE' } });
    expect(
      await decideRefund(
        admin,
        { id: refunded.id, action: 'reject', expected: await expectedOf(refunded.id), note: 'no', idempotencyKey: randomUUID() },
        transport(),
      ),
    ).toMatchObject({ ok: false, code: 'TIKTOK_REFUNDED' });
    expect((await db.refund.findUniqueOrThrow({ where: { id: refunded.id } })).statusSource).toBe('Marketplace');
  });

  it('lets one of two admins acting at once win, tells the other, and calls TikTok once', async () => {
    const [row] = await waiting('SELLER_RESPOND_REFUND');
    const expected = await expectedOf(row!.id);
    const approvals = () => sandbox.stats.byPath[`/return_refund/202309/returns/${row!.marketplaceRefundId}/approve`] ?? 0;
    const results = await Promise.all([
      decideRefund(admin, { id: row!.id, action: 'complete', expected, idempotencyKey: randomUUID() }, transport()),
      decideRefund(other, { id: row!.id, action: 'reject', expected, note: 'duplicate', idempotencyKey: randomUUID() }, transport()),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok) as { code: string };
    expect(['IN_PROGRESS', 'STALE', 'MARKETPLACE_CHANGED']).toContain(loser.code);
    const decisions = await db.refundEvent.count({ where: { refundId: row!.id, source: 'Admin' } });
    expect(decisions).toBe(1);
    expect(approvals() + (sandbox.stats.byPath[`/return_refund/202309/returns/${row!.marketplaceRefundId}/reject`] ?? 0)).toBe(1);
  });

  it("needs one of TikTok's own reasons to reject what TikTok waits for", async () => {
    const [row] = await waiting('SELLER_RESPOND_REFUND');
    const context = await decisionContext(row!.id, 'reject', transport());
    expect(context).toMatchObject({
      writeBack: { call: 'rejectReturn', decision: 'REJECT_REFUND' },
      refusal: null,
      tiktok: { checked: true, waitingFor: 'SELLER_RESPOND_REFUND' },
    });
    expect(context!.reasons.length).toBeGreaterThan(0);
    const base = { id: row!.id, action: 'reject' as const, note: 'item used' };
    expect(await decideRefund(admin, { ...base, expected: await expectedOf(row!.id), idempotencyKey: randomUUID() }, transport())).toMatchObject({
      code: 'REASON_REQUIRED',
      reasons: context!.reasons,
    });
    expect(
      await decideRefund(admin, { ...base, rejectReason: 'made_up_reason', expected: await expectedOf(row!.id), idempotencyKey: randomUUID() }, transport()),
    ).toMatchObject({ code: 'INVALID_REASON' });
    const ok = await decideRefund(
      admin,
      { ...base, rejectReason: context!.reasons[0]!.name, expected: await expectedOf(row!.id), idempotencyKey: randomUUID() },
      transport(),
    );
    expect(ok).toMatchObject({ ok: true, status: 'Rejected', wroteBack: true, marketplaceStatus: 'REFUND_OR_RETURN_REQUEST_REJECT' });
  });

  it('records the decision locally only when the account does not write back', async () => {
    await db.shopAccount.updateMany({ data: { writeBack: false } });
    const [row] = await waiting('SELLER_RESPOND_REFUND');
    const result = await decideRefund(
      admin,
      { id: row!.id, action: 'complete', expected: await expectedOf(row!.id), idempotencyKey: randomUUID() },
      transport(),
    );
    expect(result).toMatchObject({ ok: true, wroteBack: false, marketplaceStatus: row!.marketplaceStatus });
    const truth = sandbox.state.find(row!.marketplaceRefundId)!;
    expect(sandbox.state.json(truth.shopIndex, truth.index, sandbox.state.now())).toMatchObject({ return_status: 'RETURN_OR_REFUND_REQUEST_PENDING' });
    // Rejecting without write-back needs a reason in the note.
    const [next] = await waiting('SELLER_RESPOND_REFUND');
    expect(
      await decideRefund(admin, { id: next!.id, action: 'reject', expected: await expectedOf(next!.id), idempotencyKey: randomUUID() }, transport()),
    ).toMatchObject({ code: 'REASON_REQUIRED' });
    // Deciding the same way twice is refused as already done.
    expect(
      await decideRefund(admin, { id: row!.id, action: 'complete', expected: await expectedOf(row!.id), idempotencyKey: randomUUID() }, transport()),
    ).toMatchObject({ code: 'ALREADY_DECIDED' });
  });

  it('applies a bulk decision row by row and reports each outcome', async () => {
    const rows = (await waiting('SELLER_RESPOND_RECEIVE_PACKAGE')).slice(0, 2);
    const refunded = await db.refund.findFirstOrThrow({ where: { marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_CANCEL', statusSource: 'Marketplace' } });
    const targets = await Promise.all([...rows, refunded].map(async (r) => ({ id: r.id, ...(await expectedOf(r.id)) })));
    const results = await bulkDecide(admin, { action: 'complete', rows: targets, batchKey: randomUUID() }, transport());
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual([...rows.map(() => 'ok'), 'TIKTOK_REJECTED']);
    expect(await db.auditLog.count({ where: { action: 'refund.complete.bulk' } })).toBe(1);
  });
});
