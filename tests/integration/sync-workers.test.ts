import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { enqueueRefresh } from '@/server/sync/refresh-job';
import { requestSync } from '@/server/sync/runs';
import { TSX } from '../support/cli';
import { control } from '../support/sandbox';
import { connectAccounts, differencesFromTruth, startFrozenSandbox, type TestSandbox } from '../support/sync';

/**
 * Worker processes as they run in production (`npm run worker`, spawned with tsx on this test's
 * database): they share a run, never sync one shop twice at once, lose nothing when one is killed
 * with SIGKILL mid-job, and keep each shop within one request budget between them.
 */

interface Worker {
  child: ChildProcess;
  exited: Promise<unknown>;
}

const workers: Worker[] = [];

function startWorkerProcess(env: Record<string, string>): Worker {
  // Its own process group: tsx runs the script in a child process, and SIGKILL must reach both.
  const child = spawn(TSX, ['--conditions=react-server', 'scripts/worker.ts'], {
    env: { ...process.env, FINANCE_SYNC: 'off', ...env },
    stdio: 'ignore',
    detached: true,
  });
  const worker = { child, exited: new Promise((resolve) => child.once('exit', resolve)) };
  workers.push(worker);
  return worker;
}

/** The process group a worker named `host:pid` runs in (the spawned tsx process leads it). */
function groupOf(workerName: string): number {
  const pid = workerName.split(':')[1]!.split('#')[0]!;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterEach(async () => {
  for (const worker of workers.splice(0)) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) process.kill(-worker.child.pid!, 'SIGTERM');
    await worker.exited;
  }
});

describe('two worker processes', () => {
  let sandbox: TestSandbox;
  let accountIds: number[];
  beforeAll(async () => {
    sandbox = await startFrozenSandbox({ size: 1800, shopCount: 6 });
    accountIds = (await connectAccounts(sandbox)).map((a) => a.id);
  });
  afterAll(async () => sandbox.close());

  it('share a run, never sync one shop twice at once, and lose nothing when one is killed mid-job', async () => {
    // 200 ms per page and 2 pages per feed per job: each shop's backfill is a chain of slices.
    await control(sandbox, '/faults', { rules: [{ kind: 'timeout', times: -1, delayMs: 200 }] });
    const env = { WORKER_CONCURRENCY: '2', SYNC_JOB_PAGES: '2' };
    startWorkerProcess(env);
    startWorkerProcess(env);
    const { runId } = await requestSync({ trigger: 'Cli' });

    // Kill a worker while it works a slice that resumed from a committed watermark (slice 2 or later).
    const victim = await until('both workers to take jobs, one of them a follow-up slice', async () => {
      const open = await db.syncJobAttempt.findMany({ where: { runAccount: { runId }, finishedAt: null } });
      const names = new Set((await db.syncJobAttempt.findMany({ where: { runAccount: { runId } }, select: { worker: true } })).map((a) => a.worker));
      return names.size >= 2 ? open.find((attempt) => attempt.slice >= 2) : null;
    });
    process.kill(-groupOf(victim.worker), 'SIGKILL');
    const killedAt = new Date();
    // What the killed worker held, read after the kill: read before it, a slice that finished in
    // between was counted as held (CI once saw it 'continued', not 'died'). The reaper marks the
    // dead ones only after the locks are seen gone (a supervisor pass every 5 s): a statement the
    // process had sent may still commit for a moment, so the read waits 300 ms.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const victimOpen = await db.syncJobAttempt.findMany({ where: { worker: victim.worker, finishedAt: null } });
    await control(sandbox, '/faults', undefined, 'DELETE');

    // The other worker's supervisor sees the dead worker's shop locks gone and hands its jobs over.
    await until('the run to end', async () => (await db.syncRun.findUniqueOrThrow({ where: { id: runId } })).outcome !== 'Running', 90_000);
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId }, include: { accounts: true } });
    expect(run.outcome).toBe('Succeeded');
    expect(run.accounts.map((a) => a.accountId).sort()).toEqual([...accountIds].sort());
    expect(await differencesFromTruth(sandbox)).toEqual([]);

    const attempts = await db.syncJobAttempt.findMany({ where: { runAccount: { runId } }, orderBy: { id: 'asc' } });
    // Shared: both processes worked this run.
    expect(new Set(attempts.map((a) => a.worker)).size).toBe(2);
    // Never twice at once: per shop, no attempt began before the previous one ended (a killed one ended at the kill).
    const end = (attempt: (typeof attempts)[number]) => (attempt.outcome === 'died' ? killedAt : attempt.finishedAt!);
    for (const accountId of accountIds) {
      const mine = attempts.filter((a) => a.accountId === accountId).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(end(mine[i - 1]!).getTime());
    }
    // Nothing lost: every job the killed worker held was taken over from where its slice began,
    // a position past the backfill's start (what the slices before it had committed).
    for (const dead of victimOpen) {
      expect((await db.syncJobAttempt.findUniqueOrThrow({ where: { id: dead.id } })).outcome).toBe('died');
      const retry = attempts.find((a) => a.jobId === dead.jobId && a.id > dead.id)!;
      expect(retry.worker).not.toBe(victim.worker);
      expect(retry.startedAt.getTime()).toBeGreaterThanOrEqual(killedAt.getTime());
      expect(retry.resumedFrom).toEqual(dead.resumedFrom);
    }
    // The follow-up slice chosen, or another the killed worker held if that one had just finished.
    const resumed = victimOpen.find((a) => a.id === victim.id) ?? victimOpen.find((a) => a.slice >= 2);
    if (!resumed) throw new Error(`the killed worker held no follow-up slice (it held ${victimOpen.length} attempts)`);
    const first = attempts.find((a) => a.accountId === resumed.accountId && a.slice === 1)!;
    expect(resumed.resumedFrom!.getTime()).toBeGreaterThan(first.resumedFrom!.getTime());
  });

  it('keep a shop within one request budget between them, however the work is split', async () => {
    const shop = sandbox.state.shops[0]!;
    const account = await db.shopAccount.findUniqueOrThrow({ where: { shopId: shop.shopId } });
    // A fresh backfill of one shop, and a burst of webhook refreshes for the same shop beside it.
    await db.shopAccount.update({ where: { id: account.id }, data: { syncWatermark: null } });
    await control(sandbox, '/limits', { perShopPerSecond: null, reset: true });
    const env = { WORKER_CONCURRENCY: '3', SYNC_JOB_PAGES: '2', TIKTOK_REQUESTS_PER_SECOND: '5' };
    startWorkerProcess(env);
    startWorkerProcess(env);
    const { runId } = await requestSync({ trigger: 'Cli', accountIds: [account.id] });
    const truth = await control<{ shops: { shopId: string; returns: { return_id: string }[] }[] }>(sandbox, '/truth');
    const returns = truth.shops.find((entry) => entry.shopId === shop.shopId)!.returns.slice(0, 60);
    for (const item of returns) await enqueueRefresh({ accountId: account.id, kind: 'Return', id: item.return_id });
    await until(
      'the run and the refreshes to end',
      async () => {
        const running = await db.syncRun.count({ where: { id: runId, outcome: 'Running' } });
        const waiting = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'refund-refresh' AND state < 'completed'`;
        return running === 0 && waiting[0]!.n === 0n;
      },
      120_000,
    );
    const limits = await control<{ shops: { shopId: string; requests: number; maxPerSecond: number }[] }>(sandbox, '/limits');
    const seen = limits.shops.find((entry) => entry.shopId === shop.shopId)!;
    // Enough requests to have pressed against the budget for over ten seconds...
    expect(seen.requests).toBeGreaterThan(60);
    // ...and never more than 5 in any second, though two processes sent them.
    expect(seen.maxPerSecond).toBeLessThanOrEqual(5);
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: runId } })).outcome).toBe('Succeeded');
  });
});
