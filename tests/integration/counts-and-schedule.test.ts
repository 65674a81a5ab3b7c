import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEnv } from '@/server/config';
import { db } from '@/server/db';
import { QUEUES } from '@/server/jobs/queues';
import { jobBoss } from '@/server/jobs/runtime';
import { sendJob } from '@/server/jobs/send';
import { startWorker } from '@/server/jobs/worker';
import { compactCountDeltas } from '@/server/sync/count-deltas';
import { scheduledSync } from '@/server/sync/schedule';
import { waitForRuns } from '@/server/sync/sync-now';
import { createTransport } from '@/server/tiktok/http';
import { drainQueue } from '../support/jobs';
import { control, FAST_RETRIES } from '../support/sandbox';
import { connectAccounts, runSync, startFrozenSandbox, type TestSandbox } from '../support/sync';

type CountKey = { account_id?: number; status: string; type: string; label: string | null; currency: string; n: bigint; amount: string };

/** Count and amount per key, from the per-shop log (written by triggers) and from the rows. */
async function countsFromDeltas() {
  return db.$queryRaw<CountKey[]>`
    SELECT account_id, status::text, type::text, reason_label AS label, currency, sum(delta)::bigint AS n, sum(amount)::text AS amount
      FROM refund_count_deltas GROUP BY 1, 2, 3, 4, 5 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4, 5`;
}

async function countsFromRows() {
  return db.$queryRaw<CountKey[]>`
    SELECT account_id, status::text, type::text, reason_label AS label, coalesce(currency, '') AS currency, count(*)::bigint AS n,
           coalesce(sum(refund_amount), 0)::numeric(18, 4)::text AS amount
      FROM refunds GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
}

/** The same summed over shops: its own log (a trigger on the per-shop one), and the rows'. */
async function allShopsFromDeltas() {
  return db.$queryRaw<CountKey[]>`
    SELECT status::text, type::text, reason_label AS label, currency, sum(delta)::bigint AS n, sum(amount)::text AS amount
      FROM refund_all_shops_count_deltas GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4`;
}

async function allShopsFromRows() {
  return db.$queryRaw<CountKey[]>`
    SELECT status::text, type::text, reason_label AS label, coalesce(currency, '') AS currency, count(*)::bigint AS n,
           coalesce(sum(refund_amount), 0)::numeric(18, 4)::text AS amount
      FROM refunds GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
}

describe('refund counts and the sync schedule', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startFrozenSandbox({ size: 300, shopCount: 2 });
    await connectAccounts(sandbox);
  });
  afterAll(async () => sandbox.close());

  it('keeps the count log (counts and amounts) equal to the rows through inserts, updates, deletes and compaction', async () => {
    await runSync();
    await control(sandbox, '/evolve', { advance: 20, arrive: 5 });
    await runSync();
    await db.refund.updateMany({ where: { status: 'Pending' }, data: { status: 'Rejected' } });
    // A changed reason moves the row to another label (reason_label is generated from it).
    await db.refund.updateMany({ where: { type: 'Refund', status: 'Refund' }, data: { reasonText: 'Changed by the test' } });
    await db.refund.updateMany({ where: { type: 'ReturnAndRefund', status: 'Rejected' }, data: { reasonText: null } });
    await db.refund.deleteMany({ where: { status: 'Accepted', type: 'Replacement' } });
    // An amount that changes with no key (the money totals read the log's amounts).
    await db.$executeRaw`UPDATE refunds SET refund_amount = refund_amount + 1.2345 WHERE id IN (SELECT id FROM refunds WHERE refund_amount IS NOT NULL ORDER BY id LIMIT 7)`;
    const rows = await countsFromRows();
    expect(rows.some((r) => r.label === 'Changed by the test')).toBe(true);
    expect(await countsFromDeltas()).toEqual(rows);
    expect(await allShopsFromDeltas()).toEqual(await allShopsFromRows());
    const compacted = await compactCountDeltas();
    expect(compacted.after).toBeLessThan(compacted.before);
    expect(await countsFromDeltas()).toEqual(await countsFromRows());
    // The fold rewrote the per-shop log as its sums: the all-shops log is still the rows' count
    // (not doubled by the fold's insert), and itself one row per key.
    expect(await allShopsFromDeltas()).toEqual(await allShopsFromRows());
    const [keys] = await db.$queryRaw<{ rows: bigint; keys: bigint }[]>`
      SELECT count(*) AS rows, count(DISTINCT (status, type, reason_label, currency)) AS keys FROM refund_all_shops_count_deltas`;
    expect(keys!.rows).toBe(keys!.keys);
  });

  it('syncs on a schedule (SYNC_INTERVAL_MINUTES): a minute job that starts a run when the interval has passed', async () => {
    const transport = createTransport(FAST_RETRIES);
    setEnv('SYNC_INTERVAL_MINUTES', undefined);
    expect(await scheduledSync()).toBeNull();
    setEnv('SYNC_INTERVAL_MINUTES', '15');
    try {
      // The minute's job, as pg-boss's cron sends it, starts the first scheduled run.
      await sendJob(QUEUES.syncSchedule, {});
      await drainQueue(QUEUES.syncSchedule);
      const first = await db.syncRun.findFirstOrThrow({ where: { trigger: 'Schedule' }, orderBy: { id: 'desc' } });
      expect(first.requestedBy).toBe('scheduler');
      await waitForRuns([first.id], { context: { transport } });
      // Not due again until 15 minutes after it started (with half a minute of slack for the ticks).
      const at = (minutes: number) => new Date(first.startedAt.getTime() + minutes * 60_000);
      expect(await scheduledSync(at(1))).toBeNull();
      expect(await scheduledSync(at(14))).toBeNull();
      const next = await scheduledSync(at(14.6));
      expect(next).toMatchObject({ joined: false });
      await waitForRuns([next!.runId], { context: { transport } });
    } finally {
      setEnv('SYNC_INTERVAL_MINUTES', undefined);
    }
    // Long-running workers register the minute jobs with pg-boss's cron (one send per minute across every worker).
    const worker = await startWorker({ concurrency: 1, maintenance: true, queues: [] });
    await worker.stop();
    const schedules = await (await jobBoss()).getSchedules();
    expect(schedules.map((entry) => `${entry.name} ${entry.cron}`).sort()).toEqual(['alerts * * * * *', 'sync-schedule * * * * *']);
  });
});
