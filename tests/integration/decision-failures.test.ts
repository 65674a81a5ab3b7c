import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decideRefund } from '@/features/refunds/decide';
import { searchRefunds } from '@/features/refunds/queries';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { db } from '@/server/db';
import { claimDecision, markSent, STALE_CLAIM_MS } from '@/server/decisions/claims';
import { resumeStaleDecisions } from '@/server/decisions/resume';
import { sendTikTokCall, tiktokCallFor } from '@/server/decisions/tiktok-calls';
import { clientForAccount } from '@/server/tiktok/account-client';
import { createTransport } from '@/server/tiktok/http';
import { ana, expectedOf, rowsIn, snapshot } from '../support/decisions';
import { control, FAST_RETRIES } from '../support/sandbox';
import { connectAccounts, runSync, startFrozenSandbox, type TestSandbox } from '../support/sync';

/**
 * A decision sent to TikTok survives a failure at each of its steps: nothing is open across the
 * TikTok call, and whatever stopped it (a crash, a lost answer, a timeout) is found by the next
 * attempt or the next sync, which reads TikTok and finishes it: never a second write-back, never a
 * lost one.
 */
let sandbox: TestSandbox;
const transport = () => createTransport(FAST_RETRIES);

beforeAll(async () => {
  sandbox = await startFrozenSandbox({ size: 600, seed: 'decision-failures' });
  await connectAccounts(sandbox);
  await db.shopAccount.updateMany({ data: { writeBack: true } });
  await runSync();
}, 120_000);
afterAll(async () => sandbox.close());
afterEach(async () => {
  await control(sandbox, '/faults', undefined, 'DELETE');
});

/** How many seller approvals TikTok (the sandbox) applied to a request. */
function approvalsOn(refundId: string): number {
  const found = sandbox.state.find(refundId)!;
  return found.request.steps.filter((step) => step.actor === 'SELLER' && step.at <= sandbox.state.now() && /approved/i.test(step.description)).length;
}

async function nextWaiting() {
  const rows = await rowsIn('awaitingSeller', { type: 'Refund' });
  return rows.find((r) => r.kind === 'Return')!;
}

async function claimFor(row: Awaited<ReturnType<typeof nextWaiting>>, key = randomUUID()) {
  const fresh = await db.refund.findUniqueOrThrow({ where: { id: row.id } });
  const client = await clientForAccount(row.accountId, transport());
  const tiktok = (await client.findRefund(row.kind, row.marketplaceRefundId))!;
  const call = tiktokCallFor(tiktok.nextActions, 'Approved')!;
  const claim = await claimDecision({
    refundId: row.id,
    expectedVersion: fresh.version,
    action: 'complete',
    kind: 'Approved',
    tiktokCall: call.kind,
    tiktokDecision: 'decision' in call ? call.decision : null,
    idempotencyKey: key,
    actor: ana,
    marketplaceStatusBefore: tiktok.status,
  });
  if (!claim.ok) throw new Error(`claim refused: ${claim.reason}`);
  return { claimId: claim.claimId, client, call, key };
}

const later = () => new Date(Date.now() + STALE_CLAIM_MS + 1000);

describe('a decision interrupted at each step', () => {
  it('before the claim (TikTok unreachable): refused, nothing changed anywhere', async () => {
    const row = await nextWaiting();
    const before = await snapshot(sandbox, row.id);
    await control(sandbox, '/faults', { rules: [{ kind: 'server_error', times: -1 }] });
    expect(
      await decideRefund(ana, { id: row.id, action: 'complete', expected: await expectedOf(row.id), idempotencyKey: randomUUID() }, transport()),
    ).toMatchObject({
      code: 'TIKTOK_UNAVAILABLE',
    });
    await control(sandbox, '/faults', undefined, 'DELETE');
    expect(await snapshot(sandbox, row.id)).toEqual(before);
  });

  it('after the claim, before TikTok was called (a crash): the row says so, and the next sync sends it once and records it', async () => {
    const row = await nextWaiting();
    await claimFor(row);
    const page = await searchRefunds(loadRefundSearch(`refundId=${row.marketplaceRefundId}`), 'UTC');
    expect(page.rows[0]!.claimPending).toBe(true);
    // Another operator meanwhile is told someone is deciding.
    expect(
      await decideRefund(ana, { id: row.id, action: 'complete', expected: await expectedOf(row.id), idempotencyKey: randomUUID() }, transport()),
    ).toMatchObject({ code: 'IN_PROGRESS' });
    const client = await clientForAccount(row.accountId, transport());
    expect(await resumeStaleDecisions(row.accountId, client, later())).toMatchObject({ applied: 1 });
    expect(approvalsOn(row.marketplaceRefundId)).toBe(1);
    expect(await db.refund.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ decisionKind: 'Approved', decisionClaimId: null, status: 'Accepted' });
  });

  it('after TikTok acted but its answer was lost: found at once by reading TikTok, recorded without a second call', async () => {
    const row = await nextWaiting();
    const path = `/return_refund/202309/returns/${row.marketplaceRefundId}/approve`;
    await control(sandbox, '/faults', { rules: [{ kind: 'drop_after', match: path, times: 1 }] });
    const result = await decideRefund(ana, { id: row.id, action: 'complete', expected: await expectedOf(row.id), idempotencyKey: randomUUID() }, transport());
    expect(result).toMatchObject({ ok: true, decision: 'Approved', status: 'Accepted' });
    expect(approvalsOn(row.marketplaceRefundId)).toBe(1);
    expect(await db.refundDecision.findMany({ where: { refundId: row.id }, select: { state: true } })).toEqual([{ state: 'Applied' }]);
  });

  it('after TikTok acted, before the record (a crash after the answer): the next sync records it without calling TikTok again', async () => {
    const row = await nextWaiting();
    const { claimId, client, call, key } = await claimFor(row);
    await sendTikTokCall(client, { kind: row.kind, id: row.marketplaceRefundId }, call, { idempotencyKey: key });
    await markSent(claimId);
    const calls = sandbox.stats.byPath[`/return_refund/202309/returns/${row.marketplaceRefundId}/approve`];
    await runSyncAt(later());
    expect(sandbox.stats.byPath[`/return_refund/202309/returns/${row.marketplaceRefundId}/approve`]).toBe(calls);
    expect(approvalsOn(row.marketplaceRefundId)).toBe(1);
    expect(await db.refund.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ decisionKind: 'Approved', decisionClaimId: null });
  });

  it('after TikTok acted but before we marked it (a crash in between): the sync sees TikTok moved and records it, no resend', async () => {
    const row = await nextWaiting();
    const { client, call, key } = await claimFor(row);
    await sendTikTokCall(client, { kind: row.kind, id: row.marketplaceRefundId }, call, { idempotencyKey: key });
    const calls = sandbox.stats.byPath[`/return_refund/202309/returns/${row.marketplaceRefundId}/approve`];
    await runSyncAt(later());
    expect(sandbox.stats.byPath[`/return_refund/202309/returns/${row.marketplaceRefundId}/approve`]).toBe(calls);
    expect(approvalsOn(row.marketplaceRefundId)).toBe(1);
    expect((await db.refund.findUniqueOrThrow({ where: { id: row.id } })).decisionKind).toBe('Approved');
  });

  it('when TikTok answers too late every time: recorded once (at once or by the next sync), with the same key', async () => {
    const row = await nextWaiting();
    const approve = `/return_refund/202309/returns/${row.marketplaceRefundId}/approve`;
    // The approval answers too late every time (TikTok still acts on it, once: the retries carry the same key).
    await control(sandbox, '/faults', { rules: [{ kind: 'timeout', match: approve, times: -1, delayMs: 2500 }] });
    const deciding = decideRefund(ana, { id: row.id, action: 'complete', expected: await expectedOf(row.id), idempotencyKey: randomUUID() }, transport());
    const result = await deciding;
    // Either TikTok's late answer was seen on the re-read (applied) or the decision stays pending for the sync.
    if (!result.ok) expect(result.code).toBe('TIKTOK_UNCONFIRMED');
    await control(sandbox, '/faults', undefined, 'DELETE');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await runSyncAt(later());
    expect(approvalsOn(row.marketplaceRefundId)).toBe(1);
    expect(await db.refund.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ decisionKind: 'Approved', decisionClaimId: null, status: 'Accepted' });
  });

  it('when TikTok may have acted and cannot be read back: pending (the row says so), then finished by the next sync', async () => {
    const row = await nextWaiting();
    // The approval's answer is lost before TikTok acts on it; TikTok then cannot be read back.
    await control(sandbox, '/faults', {
      rules: [
        { kind: 'drop', match: '/approve', times: 1 },
        { kind: 'server_error', match: '/returns/search', times: -1, skip: 1 },
      ],
    });
    const result = await decideRefund(
      ana,
      { id: row.id, action: 'complete', expected: await expectedOf(row.id), idempotencyKey: randomUUID() },
      createTransport({ ...FAST_RETRIES, retries: 0 }),
    );
    expect(result).toMatchObject({ ok: false, code: 'TIKTOK_UNCONFIRMED', refundId: row.marketplaceRefundId });
    expect((await searchRefunds(loadRefundSearch(`refundId=${row.marketplaceRefundId}`), 'UTC')).rows[0]!.claimPending).toBe(true);
    await control(sandbox, '/faults', undefined, 'DELETE');
    // TikTok never got it: the sync resends it with the same key, once.
    await runSyncAt(later());
    expect(approvalsOn(row.marketplaceRefundId)).toBe(1);
    expect(await db.refund.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ decisionKind: 'Approved', decisionClaimId: null, status: 'Accepted' });
  });

  it('when TikTok refuses the decision: refused, the claim released, nothing recorded', async () => {
    const row = await nextWaiting();
    await control(sandbox, '/faults', { rules: [{ kind: 'refuse', match: '/approve', times: 1 }] });
    const result = await decideRefund(ana, { id: row.id, action: 'complete', expected: await expectedOf(row.id), idempotencyKey: randomUUID() }, transport());
    expect(result).toMatchObject({ ok: false, code: 'TIKTOK_REFUSED' });
    expect(await db.refund.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ decisionKind: null, decisionClaimId: null });
    expect(await db.refundDecision.findMany({ where: { refundId: row.id }, select: { state: true, errorCode: true } })).toEqual([
      { state: 'Refused', errorCode: '25011012' },
    ]);
    expect(approvalsOn(row.marketplaceRefundId)).toBe(0);
  });
});

describe('many operators at once', () => {
  it('20 decisions on 20 refunds while TikTok is slow: all recorded, no pool exhausted, the grid answers meanwhile', async () => {
    const rows = (await rowsIn('awaitingSeller', { type: 'Refund' })).slice(0, 20);
    expect(rows).toHaveLength(20);
    // Each approval takes ~1.5 s at TikTok (under the client's 2 s timeout).
    await control(sandbox, '/faults', { rules: [{ kind: 'timeout', match: '/approve', times: 20, delayMs: 1500 }] });
    const started = Date.now();
    const decisions = Promise.all(
      rows.map(async (row, i) =>
        decideRefund(
          { id: `op-${i}`, label: `op${i}@store.test` },
          { id: row.id, action: 'complete', expected: await expectedOf(row.id), idempotencyKey: randomUUID() },
          transport(),
        ),
      ),
    );
    // While all 20 wait on TikTok, the grid (which needs the same pools) still answers.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const page = await searchRefunds(loadRefundSearch(''), 'UTC');
    const gridAnsweredAfter = Date.now() - started;
    const results = await decisions;
    const allDone = Date.now() - started;
    expect(page.rows.length).toBeGreaterThan(0);
    expect(gridAnsweredAfter).toBeLessThan(allDone);
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(rows.map(() => 'ok'));
    expect(await db.refundDecision.count({ where: { refundId: { in: rows.map((r) => r.id) }, state: 'Applied' } })).toBe(20);
  });
});

async function runSyncAt(now: Date) {
  // The sync finishes claims older than STALE_CLAIM_MS: run it as if that much time had passed.
  const { syncNow } = await import('@/server/sync/sync-now');
  await syncNow({ trigger: 'Cli' }, { context: { transport: transport(), now: () => now } });
}
