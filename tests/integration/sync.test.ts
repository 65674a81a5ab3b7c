import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { requestSync } from '@/server/sync/runs';
import { waitForRuns } from '@/server/sync/sync-now';
import { createTransport } from '@/server/tiktok/http';
import { control, FAST_RETRIES } from '../support/sandbox';
import { connectAccounts, differencesFromTruth, runSync, startFrozenSandbox, type TestSandbox } from '../support/sync';

describe('Sync Refunds against the sandbox', () => {
  let sandbox: TestSandbox;
  let accountIds: number[];

  beforeAll(async () => {
    sandbox = await startFrozenSandbox({ size: 400, shopCount: 2 });
    accountIds = (await connectAccounts(sandbox)).map((a) => a.id);
  });
  afterAll(async () => sandbox.close());
  beforeEach(async () => {
    await control(sandbox, '/faults', undefined, 'DELETE');
  });

  it('backfills every request of every account, field for field, without duplicates', async () => {
    const run = await runSync();
    expect(run.outcome).toBe('Succeeded');
    expect(await differencesFromTruth(sandbox)).toEqual([]);
    const total = await db.refund.count();
    expect(run.accounts.reduce((sum, a) => sum + a.created, 0)).toBe(total);
    expect(await db.refundEvent.count()).toBe(total);
    const accounts = await db.shopAccount.findMany({ where: { id: { in: accountIds } } });
    for (const account of accounts) {
      expect(account.syncWatermark?.getTime()).toBe(run.startedAt.getTime());
      expect(account.lastSyncOutcome).toBe('Succeeded');
    }
    const types = await db.refund.groupBy({ by: ['kind', 'type'], _count: true });
    expect(types.map((t) => `${t.kind}:${t.type}`).sort()).toEqual(['Cancellation:Refund', 'Return:Refund', 'Return:Replacement', 'Return:ReturnAndRefund']);
  });

  it('is idempotent: a second sync with nothing new changes no row and adds no event', async () => {
    const before = await db.refund.findMany({ orderBy: { id: 'asc' } });
    const events = await db.refundEvent.count();
    const run = await runSync();
    expect(run.accounts.every((a) => a.created === 0 && a.updated === 0)).toBe(true);
    expect(await db.refund.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
    expect(await db.refundEvent.count()).toBe(events);
  });

  it('records exactly the changes after the sandbox evolved', async () => {
    const { changes } = await control<{ changes: { id: string; status: string }[] }>(sandbox, '/evolve', { advance: 12, arrive: 5 });
    const arrived = 5;
    const events = await db.refundEvent.count();
    const run = await runSync();
    expect(run.outcome).toBe('Succeeded');
    expect(run.accounts.reduce((sum, a) => sum + a.created, 0)).toBe(arrived);
    expect(run.accounts.reduce((sum, a) => sum + a.updated, 0)).toBe(changes.length - arrived);
    // One event per new request and per status change.
    expect(await db.refundEvent.count()).toBe(events + changes.length);
    expect(await differencesFromTruth(sandbox)).toEqual([]);
    const changed = await db.refund.findFirstOrThrow({ where: { marketplaceRefundId: changes[arrived]!.id }, include: { events: { orderBy: { id: 'asc' } } } });
    expect(changed.events.at(-1)).toMatchObject({ source: 'Sync', action: 'status_changed', toMarketplaceStatus: changes[arrived]!.status });
  });

  const faults = [
    { kind: 'rate_limit', times: 3, retryAfterSeconds: 1 },
    { kind: 'server_error', times: 4 },
    { kind: 'timeout', times: 1, delayMs: 2500 },
    { kind: 'drop', times: 3 },
    { kind: 'malformed_json', times: 2 },
    { kind: 'expired_token', times: 2 },
    { kind: 'duplicate_records', times: 5, records: 4 },
    { kind: 'shifting_records', times: 2, records: 2 },
  ];
  for (const fault of faults) {
    it(`survives ${fault.kind} with the same final state`, async () => {
      await control(sandbox, '/evolve', { advance: 6, arrive: 2 });
      await control(sandbox, '/faults', { rules: [fault] });
      // A fresh window over the whole population, so the faults hit a multi-page run.
      await db.shopAccount.updateMany({ data: { syncWatermark: null } });
      const run = await runSync({ transport: { timeoutMs: 1000 } });
      const fired = await control<{ fired: unknown[] }>(sandbox, '/faults');
      expect(fired.fired.length).toBeGreaterThan(0);
      expect(run.accounts.map((a) => a.error)).toEqual(run.accounts.map(() => null));
      expect(run.outcome).toBe('Succeeded');
      expect(await differencesFromTruth(sandbox)).toEqual([]);
    });
  }

  it('keeps the watermark when an account fails, and the next run picks up from it', async () => {
    await control(sandbox, '/evolve', { advance: 10, arrive: 4 });
    const watermarks = await db.shopAccount.findMany({ where: { id: { in: accountIds } }, select: { id: true, syncWatermark: true }, orderBy: { id: 'asc' } });
    await control(sandbox, '/faults', { rules: [{ kind: 'server_error', times: -1, match: '/cancellations/search' }] });
    const failed = await runSync();
    expect(failed.outcome).toBe('Failed');
    expect(failed.accounts[0]).toMatchObject({ outcome: 'Failed', errorCode: '36009003' });
    expect(failed.accounts[0]?.error).toMatch(/^TikTok 36009003 \(HTTP 500/);
    expect(await db.shopAccount.findMany({ where: { id: { in: accountIds } }, select: { id: true, syncWatermark: true }, orderBy: { id: 'asc' } })).toEqual(
      watermarks,
    );
    await control(sandbox, '/faults', undefined, 'DELETE');
    const recovered = await runSync();
    expect(recovered.outcome).toBe('Succeeded');
    expect(await differencesFromTruth(sandbox)).toEqual([]);
  });

  it('joins a running run only when it covers every account asked; otherwise syncs the others in a run of their own', async () => {
    const [a, b] = accountIds as [number, number];
    // Concurrent full requests (two clicks, a cron, another process): one run, the others join it.
    const starts = await Promise.all([1, 2, 3, 4].map(() => requestSync({ trigger: 'Manual' })));
    expect(new Set(starts.map((s) => s.runId)).size).toBe(1);
    expect(starts.filter((s) => !s.joined)).toHaveLength(1);
    expect(starts.every((s) => s.accountIds.join() === [a, b].join() && s.alongside.length === 0)).toBe(true);
    const full = starts[0]!.runId;
    // A request for one of its accounts joins it too, and says what the run covers.
    expect(await requestSync({ trigger: 'Manual', accountIds: [b] })).toEqual({ runId: full, joined: true, accountIds: [a, b], alongside: [] });
    await waitForRuns([full], { context: { transport: createTransport(FAST_RETRIES) } });

    // A run covering only account a, then a full request: it does not join (b would be left out),
    // it syncs b in a run of its own and names the run that has a.
    const partial = await requestSync({ trigger: 'Manual', accountIds: [a] });
    expect(partial).toMatchObject({ joined: false, accountIds: [a], alongside: [] });
    const rest = await requestSync({ trigger: 'Manual' });
    expect(rest).toMatchObject({ joined: false, accountIds: [b], alongside: [{ runId: partial.runId, accountIds: [a] }] });
    // Never two running shares of one account.
    const open = await db.syncRunAccount.groupBy({ by: ['accountId'], where: { finishedAt: null }, _count: true });
    expect(open.every((row) => row._count === 1)).toBe(true);
    // Both are now covered, by two runs: a request follows the one covering most, and names the other.
    const both = await requestSync({ trigger: 'Manual' });
    expect(both.joined).toBe(true);
    expect(both.alongside).toHaveLength(1);
    await waitForRuns([partial.runId, rest.runId], { context: { transport: createTransport(FAST_RETRIES) } });
    for (const runId of [partial.runId, rest.runId]) expect((await db.syncRun.findUniqueOrThrow({ where: { id: runId } })).outcome).toBe('Succeeded');
    // An account whose share of a run has ended is not covered any more: the next request syncs it anew.
    expect(await requestSync({ trigger: 'Manual', accountIds: [a] })).toMatchObject({ joined: false, accountIds: [a] });
    await waitForRuns(
      (await db.syncRun.findMany({ where: { outcome: 'Running' }, select: { id: true } })).map((r) => r.id),
      {
        context: { transport: createTransport(FAST_RETRIES) },
      },
    );
  });
});
