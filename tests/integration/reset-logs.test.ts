import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { statusCounts } from '@/features/refunds/queries';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { setEnv } from '@/server/config';
import { db } from '@/server/db';
import { seedIfEmpty } from '../../scripts/lib/seed';
import { rollupsAndTruth } from '../support/analytics';

/** Refunds per status counted from the rows. */
async function rowCounts(): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<{ status: string; n: number }[]>`SELECT status::text, count(*)::int AS n FROM refunds GROUP BY 1`;
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

/**
 * `npm run db:seed -- --reset` empties refunds with TRUNCATE, which fires no row or statement
 * trigger of the logs: every log kept from the refunds must be emptied with them, or the next
 * seed's counts are added to the old ones (the grid's status counts doubled).
 */
describe('a reset of the demo data (TRUNCATE refunds)', () => {
  it('empties every log kept from the refunds, so the counts after the next seed are the rows', async () => {
    // The demo's sandbox profile is kept in the data directory: a throwaway one, not the developer's.
    setEnv('DATA_DIR', await mkdtemp(path.join(tmpdir(), 'reset-logs-')));
    await seedIfEmpty();
    await seedIfEmpty({ reset: true });
    expect(nonZero(await statusCounts(loadRefundSearch(''), 'UTC'))).toEqual(await rowCounts());
    expect(nonZero(await statusCounts(loadRefundSearch('?createdFrom=2000-01-01'), 'UTC'))).toEqual(await rowCounts());
    // Every log, the answers' too (refund_answers goes with refunds, by CASCADE).
    const { rollups, truth } = await rollupsAndTruth('UTC');
    expect(rollups).toEqual(truth);
  });
});
