import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bulkDecide } from '@/features/refunds/bulk-decide';
import { decideRefund } from '@/features/refunds/decide';
import { decisionContext } from '@/features/refunds/decision-context';
import { searchRefunds } from '@/features/refunds/queries';
import { resolveReview } from '@/features/refunds/review';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { decisionSummary } from '@/lib/refund-decisions';
import { db } from '@/server/db';
import { upsertRefunds } from '@/server/sync/upsert';
import { createTransport } from '@/server/tiktok/http';
import { parseReturn } from '@/server/tiktok/parse';
import { ana, bo, expectedOf, rowsIn, snapshot } from '../support/decisions';
import { control, FAST_RETRIES } from '../support/sandbox';
import { connectAccounts, runSync, startFrozenSandbox, type TestSandbox } from '../support/sync';

let sandbox: TestSandbox;
const transport = () => createTransport(FAST_RETRIES);

beforeAll(async () => {
  sandbox = await startFrozenSandbox({ size: 400, seed: 'decisions' });
  await connectAccounts(sandbox);
  await db.shopAccount.updateMany({ data: { writeBack: true } });
  await runSync();
}, 120_000);
afterAll(async () => sandbox.close());
afterEach(async () => {
  await control(sandbox, '/faults', undefined, 'DELETE');
  await db.shopAccount.updateMany({ data: { writeBack: true } });
});

const advance = (id: string) => control(sandbox, '/advance', { id });

describe('Completed and Reject, true to TikTok', () => {
  it('approves a Requested return-and-refund on TikTok; the row follows TikTok and shows Refund only once TikTok pays', async () => {
    const row = (await rowsIn('awaitingSeller', { type: 'ReturnAndRefund' })).find((r) => r.sellerNextAction === 'SELLER_RESPOND_RETURN')!;
    const first = await decideRefund(ana, { id: row.id, action: 'complete', expected: await expectedOf(row.id), idempotencyKey: randomUUID() }, transport());
    expect(first).toMatchObject({ ok: true, decision: 'Approved', sentToTikTok: true, status: 'Pending', marketplaceStatus: 'AWAITING_BUYER_SHIP' });
    const page = await searchRefunds(loadRefundSearch(`refundId=${row.marketplaceRefundId}`), 'UTC');
    expect(page.rows[0]).toMatchObject({ status: 'Pending', decisionKind: 'Approved', decisionBy: ana.label });
    expect(decisionSummary(page.rows[0]!)).toBe('Approved on TikTok by ana@store.test · waiting for the buyer to ship');

    // The buyer ships: TikTok waits for the seller again (receive the package).
    await advance(row.marketplaceRefundId);
    await runSync();
    const shipped = await db.refund.findUniqueOrThrow({ where: { id: row.id } });
    expect(shipped).toMatchObject({ status: 'Pending', marketplaceStatus: 'BUYER_SHIPPED_ITEM', needsReview: false });
    const second = await decideRefund(ana, { id: row.id, action: 'complete', expected: await expectedOf(row.id), idempotencyKey: randomUUID() }, transport());
    expect(second).toMatchObject({ ok: true, decision: 'Approved', status: 'Accepted', marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_SUCCESS' });

    // Only TikTok's payout makes it a Refund.
    await advance(row.marketplaceRefundId);
    await runSync();
    expect(await db.refund.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'Refund',
      marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_COMPLETE',
      statusSource: 'Marketplace',
    });
  });

  it('refuses when TikTok cannot be reached, changing nothing here or on TikTok', async () => {
    const [row] = await rowsIn('awaitingSeller');
    const before = await snapshot(sandbox, row!.id);
    await control(sandbox, '/faults', { rules: [{ kind: 'drop', times: -1 }] });
    const result = await decideRefund(ana, { id: row!.id, action: 'complete', expected: await expectedOf(row!.id), idempotencyKey: randomUUID() }, transport());
    await control(sandbox, '/faults', undefined, 'DELETE');
    expect(result).toMatchObject({ ok: false, code: 'TIKTOK_UNAVAILABLE', refundId: row!.marketplaceRefundId });
    expect(result.ok ? '' : result.message).toMatch(/^TikTok did not answer .*so nothing was changed here or on TikTok\. Try again/);
    expect(await snapshot(sandbox, row!.id)).toEqual(before);
    // The dialog says the same before anyone confirms.
    await control(sandbox, '/faults', { rules: [{ kind: 'server_error', times: -1 }] });
    expect((await decisionContext(row!.id, 'complete', transport()))!.plan).toMatchObject({ kind: 'refuse', code: 'TIKTOK_UNAVAILABLE' });
  });

  it('stops on a change of TikTok status since the grid was loaded, saying what changed, but not on a newer update time alone', async () => {
    const [row, other] = await rowsIn('awaitingSeller', { type: 'Refund' });
    const seen = await expectedOf(row!.id);
    // TikTok touched the request (update time only): the decision goes ahead.
    await control(sandbox, '/touch', { id: row!.marketplaceRefundId });
    expect(await decideRefund(ana, { id: row!.id, action: 'complete', expected: seen, idempotencyKey: randomUUID() }, transport())).toMatchObject({ ok: true });
    // TikTok moved the status (the buyer shipped / TikTok decided): refused, with both statuses and the time.
    const before = await expectedOf(other!.id);
    await advance(other!.marketplaceRefundId);
    const refused = await decideRefund(ana, { id: other!.id, action: 'complete', expected: before, idempotencyKey: randomUUID() }, transport());
    expect(refused).toMatchObject({ ok: false, code: 'MARKETPLACE_CHANGED', marketplace: { was: before.marketplaceStatus } });
    expect(refused.ok ? '' : refused.message).toMatch(
      /^TikTok's status changed from Return or refund request pending to .+ at \d{4}-\d\d-\d\d \d\d:\d\d .+; nothing was done\./,
    );
    // The row already holds TikTok's newer copy for the operator's reload.
    expect((await db.refund.findUniqueOrThrow({ where: { id: other!.id } })).marketplaceStatus).not.toBe(before.marketplaceStatus);
  });

  it('lets one of two operators acting at once win, tells the other, and calls TikTok once', async () => {
    const [row] = await rowsIn('awaitingSeller', { type: 'Refund' });
    const expected = await expectedOf(row!.id);
    const calls = () =>
      ['approve', 'reject'].reduce((n, verb) => n + (sandbox.stats.byPath[`/return_refund/202309/returns/${row!.marketplaceRefundId}/${verb}`] ?? 0), 0);
    const reason = (await decisionContext(row!.id, 'reject', transport()))!.reasons[0]!.name;
    const results = await Promise.all([
      decideRefund(ana, { id: row!.id, action: 'complete', expected, idempotencyKey: randomUUID() }, transport()),
      decideRefund(bo, { id: row!.id, action: 'reject', expected, rejectReason: reason, idempotencyKey: randomUUID() }, transport()),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(['IN_PROGRESS', 'STALE', 'MARKETPLACE_CHANGED']).toContain((results.find((r) => !r.ok) as { code: string }).code);
    expect(await db.refundDecision.count({ where: { refundId: row!.id, state: 'Applied' } })).toBe(1);
    expect(calls()).toBe(1);
  });

  it("rejects on TikTok only with one of TikTok's own reasons for that request", async () => {
    const [row] = await rowsIn('awaitingSeller', { type: 'Refund' });
    const context = (await decisionContext(row!.id, 'reject', transport()))!;
    expect(context).toMatchObject({
      plan: { kind: 'send', decision: 'Rejected' },
      call: { kind: 'rejectReturn', decision: 'REJECT_REFUND' },
      tiktok: { checked: true, waitingFor: 'SELLER_RESPOND_REFUND' },
    });
    expect(context.reasons.length).toBeGreaterThan(0);
    const base = { id: row!.id, action: 'reject' as const };
    expect(await decideRefund(ana, { ...base, expected: await expectedOf(row!.id), idempotencyKey: randomUUID() }, transport())).toMatchObject({
      code: 'REASON_REQUIRED',
      reasons: context.reasons,
    });
    expect(
      await decideRefund(ana, { ...base, rejectReason: 'made_up', expected: await expectedOf(row!.id), idempotencyKey: randomUUID() }, transport()),
    ).toMatchObject({ code: 'INVALID_REASON' });
    const ok = await decideRefund(
      ana,
      { ...base, rejectReason: context.reasons[0]!.name, note: 'item used', expected: await expectedOf(row!.id), idempotencyKey: randomUUID() },
      transport(),
    );
    expect(ok).toMatchObject({ ok: true, decision: 'Rejected', status: 'Rejected', marketplaceStatus: 'REFUND_OR_RETURN_REQUEST_REJECT' });
  });

  it('with write-back off, refuses what TikTok waits for and confirms only what TikTok already reports', async () => {
    await db.shopAccount.updateMany({ data: { writeBack: false } });
    const [waiting] = await rowsIn('awaitingSeller');
    const before = await snapshot(sandbox, waiting!.id);
    expect(
      await decideRefund(ana, { id: waiting!.id, action: 'complete', expected: await expectedOf(waiting!.id), idempotencyKey: randomUUID() }, transport()),
    ).toMatchObject({ code: 'WRITE_BACK_OFF' });
    expect(await snapshot(sandbox, waiting!.id)).toEqual(before);
    const [approved] = await rowsIn('accepted');
    const confirmed = await decideRefund(
      ana,
      { id: approved!.id, action: 'complete', expected: await expectedOf(approved!.id), idempotencyKey: randomUUID() },
      transport(),
    );
    expect(confirmed).toMatchObject({ ok: true, decision: 'ConfirmedRefund', sentToTikTok: false, status: 'Refund' });
    expect(await db.refund.findUniqueOrThrow({ where: { id: approved!.id } })).toMatchObject({
      status: 'Refund',
      statusSource: 'AdminCompleted',
      marketplaceStatus: approved!.marketplaceStatus,
    });
    expect(
      await decideRefund(ana, { id: approved!.id, action: 'complete', expected: await expectedOf(approved!.id), idempotencyKey: randomUUID() }, transport()),
    ).toMatchObject({ code: 'ALREADY_DECIDED' });
  });

  it('takes one TikTok reason for a bulk Reject, checks it per row, and names TikTok refund ids in every outcome', async () => {
    const awaiting = await rowsIn('awaitingSeller');
    const waiting = awaiting.filter((r) => r.sellerNextAction === 'SELLER_RESPOND_REFUND').slice(0, 3);
    const notWaiting = (await rowsIn('awaitingOthers'))[0]!;
    // TikTok offers other reasons for another step (a received package, a cancellation).
    const cancellation = awaiting.find((r) => r.sellerNextAction === 'SELLER_RESPOND_CANCEL' || r.sellerNextAction === 'SELLER_RESPOND_RECEIVE_PACKAGE')!;
    expect(waiting).toHaveLength(3);
    const reason = (await decisionContext(waiting[0]!.id, 'reject', transport()))!.reasons[0]!.name;
    const targets = await Promise.all([...waiting, notWaiting, cancellation].map(async (r) => ({ id: r.id, ...(await expectedOf(r.id)) })));
    const results = await bulkDecide(ana, { action: 'reject', rows: targets, rejectReason: reason, batchKey: randomUUID() }, transport());
    expect(results.map((r) => r.refundId)).toEqual([...waiting, notWaiting, cancellation].map((r) => r.marketplaceRefundId));
    expect(results.slice(0, 3).every((r) => r.ok && r.status === 'Rejected')).toBe(true);
    expect(results[3]).toMatchObject({ ok: false, code: 'NOTHING_TO_DECIDE' });
    // A cancellation has TikTok's cancellation reasons, not the return's: left alone and listed.
    expect(results[4]).toMatchObject({ ok: false, code: 'INVALID_REASON' });
    expect((await db.refund.findUniqueOrThrow({ where: { id: notWaiting.id } })).status).not.toBe('Rejected');
    expect(await db.auditLog.count({ where: { action: 'refund.reject.bulk' } })).toBe(1);
  });
});

describe('a decision TikTok contradicts', () => {
  it('is flagged with both sides until someone resolves it, and the same disagreement is not raised again', async () => {
    const [approved] = await rowsIn('accepted', { kind: 'Return' });
    await decideRefund(ana, { id: approved!.id, action: 'complete', expected: await expectedOf(approved!.id), idempotencyKey: randomUUID() }, transport());
    // TikTok reverses (an arbitration, a late rejection): the row shows Rejected, flagged, with both sides.
    const raw = (await db.refund.findUniqueOrThrow({ where: { id: approved!.id } })).raw as Record<string, unknown>;
    const reversed = { ...raw, return_status: 'REFUND_OR_RETURN_REQUEST_REJECT', update_time: Number(raw.update_time) + 60 };
    await upsertRefunds(approved!.accountId, [parseReturn(reversed)], { source: 'Webhook' });
    const flagged = await db.refund.findUniqueOrThrow({ where: { id: approved!.id } });
    expect(flagged).toMatchObject({ status: 'Rejected', statusSource: 'Marketplace', needsReview: true, decisionKind: 'ConfirmedRefund' });
    expect(flagged.reviewNote).toMatch(/^Refund confirmed here by ana@store\.test on .+, but TikTok now says Refund or return request reject \(Rejected\)\.$/);

    expect(await resolveReview(bo, { id: flagged.id, version: flagged.version, note: 'Buyer dispute lost; books corrected' })).toMatchObject({ ok: true });
    expect(await db.refund.findUniqueOrThrow({ where: { id: flagged.id } })).toMatchObject({
      needsReview: false,
      reviewResolvedFor: 'REFUND_OR_RETURN_REQUEST_REJECT',
    });
    // The same TikTok status seen again is not flagged again; a new one is.
    await upsertRefunds(approved!.accountId, [parseReturn({ ...reversed, update_time: reversed.update_time + 60, note: 'edit' })], {
      source: 'Sync',
    });
    expect((await db.refund.findUniqueOrThrow({ where: { id: flagged.id } })).needsReview).toBe(false);
    await upsertRefunds(
      approved!.accountId,
      [parseReturn({ ...reversed, return_status: 'RETURN_OR_REFUND_REQUEST_CANCEL', update_time: reversed.update_time + 120 })],
      { source: 'Sync' },
    );
    expect((await db.refund.findUniqueOrThrow({ where: { id: flagged.id } })).needsReview).toBe(true);
  });
});
