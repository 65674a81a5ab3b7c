import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { runScript, TSX } from '../support/cli';
import { control, FAST_RETRIES } from '../support/sandbox';
import { waitForRuns } from '@/server/sync/sync-now';
import { createTransport } from '@/server/tiktok/http';
import { connectAccounts, differencesFromTruth, startFrozenSandbox, type TestSandbox } from '../support/sync';

const syncCli = (args: string[] = []) => runScript('sync.ts', args, { timeoutMs: 60_000 });

describe('npm run sync', () => {
  let sandbox: TestSandbox;
  let accountIds: number[];
  beforeAll(async () => {
    sandbox = await startFrozenSandbox({ size: 1200, shopCount: 2 });
    accountIds = (await connectAccounts(sandbox)).map((a) => a.id);
  });
  afterAll(async () => sandbox.close());

  it('loses nothing when the process dies mid-job: another worker takes the job over and resumes from the last committed watermark', async () => {
    // Slow pages (250 ms each) so the run is still going when it is killed, and slices of 3 pages
    // so it has committed some before.
    await control(sandbox, '/faults', { rules: [{ kind: 'timeout', times: -1, delayMs: 250 }] });
    // Its own process group: tsx runs the script in a child process, and both must die.
    const child = spawn(TSX, ['--conditions=react-server', 'scripts/sync.ts'], {
      env: { ...process.env, SYNC_JOB_PAGES: '3', FINANCE_SYNC: 'off' },
      stdio: 'ignore',
      detached: true,
    });
    let committed = 0;
    for (let i = 0; i < 300 && committed < 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      committed = await db.syncJobAttempt.count({ where: { outcome: 'continued' } });
    }
    expect(committed).toBeGreaterThan(0);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    const killedAt = new Date();
    const run = await db.syncRun.findFirstOrThrow({ where: { outcome: 'Running' } });
    const stranded = await db.syncJobAttempt.findMany({ where: { finishedAt: null } });
    expect(stranded.length).toBeGreaterThan(0);
    // Kept: what the dead process committed (a watermark past the backfill's start, refunds stored).
    expect(await db.refund.count()).toBeGreaterThan(0);
    await control(sandbox, '/faults', undefined, 'DELETE');
    // This process's worker runs the supervisor: the dead jobs are handed over, the run completes.
    await waitForRuns([run.id], { context: { transport: createTransport(FAST_RETRIES) } });
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: run.id } })).outcome).toBe('Succeeded');
    expect(await differencesFromTruth(sandbox)).toEqual([]);
    for (const attempt of stranded) {
      expect((await db.syncJobAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).outcome).toBe('died');
      // The same job, retried elsewhere after the kill, from the same point: the last committed watermark.
      const retry = await db.syncJobAttempt.findFirstOrThrow({ where: { jobId: attempt.jobId, id: { gt: attempt.id } } });
      expect(retry.startedAt.getTime()).toBeGreaterThanOrEqual(killedAt.getTime());
      expect(retry.resumedFrom).toEqual(attempt.resumedFrom);
      expect(retry.worker).not.toBe(attempt.worker);
    }
  }, 90_000);

  it('prints a summary per account and exits 0 when every account synced', async () => {
    const result = await syncCli(['--account', String(accountIds[0])]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/sync run \d+ started/);
    expect(result.stdout).toMatch(/sync run \d+: Succeeded/);
    expect(result.stdout).toMatch(new RegExp(`#${accountIds[0]} .* · Succeeded · \\d+ pages? · \\d+ fetched · 0 new`));
    expect(result.stdout).not.toMatch(new RegExp(`#${accountIds[1]} `));
    // TikTok's count, as a diagnostic beside what arrived.
    expect(result.stdout).toMatch(new RegExp(`#${accountIds[0]} .* · TikTok reported \\d+, \\d+ received`));
    // And the finance side of the same run, under the account's line.
    const finance = await db.financeSyncRun.findFirstOrThrow({ where: { accountId: accountIds[0] }, orderBy: { id: 'desc' } });
    expect(result.stdout).toContain(
      `\n    finance ${finance.newStatements} new statement${finance.newStatements === 1 ? '' : 's'} · ${finance.transactions} line`,
    );
  });

  it('exits 1 and names the error when an account fails', async () => {
    await control(sandbox, '/faults', { rules: [{ kind: 'server_error', times: -1 }] });
    const result = await syncCli();
    await control(sandbox, '/faults', undefined, 'DELETE');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/sync run \d+: Failed/);
    expect(result.stdout).toMatch(/TikTok 36009003 \(HTTP 500/);
  });

  it("shows TikTok's inexact count and what was missing, and still exits 0", async () => {
    // The reference's style: total_count 100 per feed, records without update_time or order_id.
    await control(sandbox, '/reference-mode', { on: true });
    await db.shopAccount.updateMany({ data: { syncWatermark: null } });
    const result = await syncCli(['--account', String(accountIds[0])]);
    await control(sandbox, '/reference-mode', { on: false });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/sync run \d+: Succeeded/);
    expect(result.stdout).toMatch(/ · TikTok reported 200, \d+ received/);
    expect(result.stdout).toMatch(/\n {4}\d+× returns: update_time missing \(create_time used\)/);
    expect(result.stdout).toMatch(/\n {4}\d+× (returns|cancellations): order_id missing \(stored empty\)/);
  });

  it('rejects a bad account flag in one line', async () => {
    const result = await syncCli(['--account', 'abc']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')[0]).toBe('error: --account takes an account id (got abc)');
  });
});
