import { describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { closeRunAccount, runHasOpenAccount } from '@/server/sync/run-finish';
import { closeFinishedRuns } from '@/server/sync/supervise';
import { createAccount } from '@tools/factories/accounts';
import { rowsReadBy } from '../support/plans';

/** A running run over `outcomes.length` new accounts, each account's refunds step already recorded with that outcome. */
async function runningRun(outcomes: ('Succeeded' | 'Failed')[], finished: boolean) {
  const run = await db.syncRun.create({ data: { trigger: 'Cli' } });
  const rows = [];
  for (const outcome of outcomes) {
    const account = await createAccount(db, { active: false });
    rows.push(await db.syncRunAccount.create({ data: { runId: run.id, accountId: account.id, outcome, finishedAt: finished ? new Date() : null } }));
  }
  return { runId: run.id, runAccountIds: rows.map((row) => row.id) };
}

describe('closing a run', () => {
  it('ends the run exactly once when its accounts close at the same time, with the outcome of them all', async () => {
    const outcomes = Array.from({ length: 24 }, (_, i): 'Succeeded' | 'Failed' => (i === 7 ? 'Failed' : 'Succeeded'));
    const { runId, runAccountIds } = await runningRun(outcomes, false);
    const ended = await Promise.all(runAccountIds.map((runAccountId) => closeRunAccount({ runId, runAccountId })));
    expect(ended.filter(Boolean)).toHaveLength(1);
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId }, include: { accounts: true } });
    expect(run.outcome).toBe('PartiallyFailed');
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect(run.accounts.every((account) => account.finishedAt !== null)).toBe(true);
  });

  it('leaves the run going while an account is open', async () => {
    const { runId, runAccountIds } = await runningRun(['Succeeded', 'Succeeded', 'Succeeded'], false);
    expect(await closeRunAccount({ runId, runAccountId: runAccountIds[0]! })).toBe(false);
    expect(await closeRunAccount({ runId, runAccountId: runAccountIds[2]! })).toBe(false);
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: runId } })).outcome).toBe('Running');
    expect(await closeRunAccount({ runId, runAccountId: runAccountIds[1]! })).toBe(true);
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: runId } })).outcome).toBe('Succeeded');
  });

  it("asks whether a run has an open account without reading its closed ones (each of a run's closers asks)", async () => {
    // 400 accounts, all closed but the last: what the last closers of a 500-shop run see.
    const run = await db.syncRun.create({ data: { trigger: 'Cli' } });
    const accounts = await Promise.all(Array.from({ length: 400 }, () => createAccount(db, { active: false })));
    await db.syncRunAccount.createMany({
      data: accounts.map((account, i) => ({ runId: run.id, accountId: account.id, outcome: 'Succeeded' as const, finishedAt: i < 399 ? new Date() : null })),
    });
    await db.$executeRaw`ANALYZE sync_run_accounts`;
    // Through the run's key it read the 399 closed accounts first.
    expect(await rowsReadBy(runHasOpenAccount(run.id), 'sync_run_accounts')).toBeLessThanOrEqual(1);
    expect(
      await closeRunAccount({ runId: run.id, runAccountId: (await db.syncRunAccount.findFirstOrThrow({ where: { runId: run.id, finishedAt: null } })).id }),
    ).toBe(true);
    expect(await rowsReadBy(runHasOpenAccount(run.id), 'sync_run_accounts')).toBe(0);
  });

  it('is finished by the supervisor when the process that closed its last account died before ending it', async () => {
    // Every account closed, the run still Running: what a closer leaves between its two steps.
    const { runId } = await runningRun(['Failed', 'Failed'], true);
    const open = await runningRun(['Succeeded'], false);
    expect(await closeFinishedRuns()).toBe(1);
    const ended = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    expect(ended.outcome).toBe('Failed');
    expect(ended.finishedAt).toBeInstanceOf(Date);
    // A run with an open account is not the supervisor's to end, and an ended run is not ended twice.
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: open.runId } })).outcome).toBe('Running');
    expect(await closeFinishedRuns()).toBe(0);
  });
});
