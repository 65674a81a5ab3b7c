import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { compactCountDeltas } from '@/server/sync/count-deltas';
import { scheduleSync } from '@/server/sync/runs';
import { control } from '../support/sandbox';
import { connectAccounts, runSync, startFrozenSandbox, type TestSandbox } from '../support/sync';

async function countsFromDeltas() {
  return db.$queryRaw<{ account_id: number; status: string; type: string; label: string | null; n: bigint }[]>`
    SELECT account_id, status::text, type::text, reason_label AS label, sum(delta)::bigint AS n FROM refund_count_deltas GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4`;
}

async function countsFromRows() {
  return db.$queryRaw<{ account_id: number; status: string; type: string; label: string | null; n: bigint }[]>`
    SELECT account_id, status::text, type::text, reason_label AS label, count(*)::bigint AS n FROM refunds GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
}

describe('refund counts and the sync schedule', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startFrozenSandbox({ size: 300, shopCount: 2 });
    await connectAccounts(sandbox);
  });
  afterAll(async () => sandbox.close());

  it('keeps the count log equal to the rows through inserts, updates, deletes and compaction', async () => {
    await runSync();
    await control(sandbox, '/evolve', { advance: 20, arrive: 5 });
    await runSync();
    await db.refund.updateMany({ where: { status: 'Pending' }, data: { status: 'Rejected' } });
    // A changed reason moves the row to another label (reason_label is generated from it).
    await db.refund.updateMany({ where: { type: 'Refund', status: 'Refund' }, data: { reasonText: 'Changed by the test' } });
    await db.refund.updateMany({ where: { type: 'ReturnAndRefund', status: 'Rejected' }, data: { reasonText: null } });
    await db.refund.deleteMany({ where: { status: 'Accepted', type: 'Replacement' } });
    const rows = await countsFromRows();
    expect(rows.some((r) => r.label === 'Changed by the test')).toBe(true);
    expect(await countsFromDeltas()).toEqual(rows);
    const compacted = await compactCountDeltas();
    expect(compacted.after).toBeLessThan(compacted.before);
    expect(await countsFromDeltas()).toEqual(await countsFromRows());
  });

  it('syncs on a schedule inside the app (SYNC_INTERVAL_MINUTES)', async () => {
    const before = await db.syncRun.count({ where: { trigger: 'Schedule' } });
    const lines: string[] = [];
    // 0.002 minutes: a tick every 120 ms, so the test need not wait a real minute.
    const timer = scheduleSync(0.002, (line) => lines.push(line));
    try {
      for (let i = 0; i < 100 && (await db.syncRun.count({ where: { trigger: 'Schedule' } })) === before; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      clearInterval(timer);
    }
    expect(await db.syncRun.count({ where: { trigger: 'Schedule' } })).toBeGreaterThan(before);
    expect(lines[0]).toMatch(/^scheduled sync (started|joined) run \d+$/);
    // Let the scheduled run finish before the file's database goes away.
    for (let i = 0; i < 100 && (await db.syncRun.count({ where: { outcome: 'Running' } })) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  });
});
