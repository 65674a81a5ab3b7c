import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { seedDemo } from '@tools/factories/demo';
import { newSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { MIGRATIONS_DIR } from '@tools/database/migrations';

/**
 * The migration that adds `refunds.line_items` fills rows stored before it from their raw JSON in
 * SQL; what it writes must be exactly what the client's own normalisation (toRefundRow) writes.
 */
describe('line items backfill', () => {
  it('writes what the sync writes, for every stored refund', async () => {
    await seedDemo(db, newSandboxProfile({ seed: 'line-items', size: 300 }, 1_790_000_000), 'http://127.0.0.1:9');
    const written = await db.refund.findMany({ select: { id: true, lineItems: true }, orderBy: { id: 'asc' } });
    expect(written.some((r) => Array.isArray(r.lineItems) && r.lineItems.length > 1)).toBe(true);

    const name = (await readdir(MIGRATIONS_DIR)).find((f) => f.endsWith('_refund_line_items'))!;
    const migration = await readFile(path.join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8');
    const backfill = migration.slice(migration.indexOf('UPDATE "refunds"'));
    await db.$executeRawUnsafe(`UPDATE refunds SET line_items = '[]'`);
    await db.$executeRawUnsafe(backfill);

    const filled = await db.refund.findMany({ select: { id: true, lineItems: true }, orderBy: { id: 'asc' } });
    expect(filled).toEqual(written);
  });
});
