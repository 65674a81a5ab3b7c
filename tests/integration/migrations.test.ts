import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDrift, createMigration, deployMigrations, hasDrift, MIGRATIONS_DIR, SCHEMA_PATH } from '@tools/database/migrations';

/** A brand-new empty database on the test server (not the migrated template). */
async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `empty_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: Object.assign(new URL(base), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: Object.assign(new URL(base), { pathname: `/${name}` }).toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: Object.assign(new URL(base), { pathname: '/postgres' }).toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

async function query<T extends object = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('migrations on the wasm schema engine', () => {
  let db: Awaited<ReturnType<typeof emptyDatabase>>;
  beforeAll(async () => {
    db = await emptyDatabase();
  });
  afterAll(async () => db.drop());

  it("apply to an empty database in Prisma's standard layout, once", async () => {
    const applied = await deployMigrations(db.url);
    expect(applied.length).toBeGreaterThan(0);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      db.url,
      'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(applied);
    for (const row of rows) {
      const { createHash } = await import('node:crypto');
      const sql = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      // What `prisma migrate deploy` compares: the SHA-256 of migration.sql.
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
    expect(await deployMigrations(db.url)).toEqual([]);
  });

  it('leave no drift between the database, the migrations and schema.prisma', async () => {
    const report = await checkDrift(db.url);
    expect(report).toEqual({ databaseVsSchema: '', migrationsVsSchema: '', unapplied: [], edited: [], failed: [] });
  });

  it('detect a change made to the database by hand', async () => {
    await query(db.url, 'ALTER TABLE refunds ADD COLUMN sneaky text');
    const report = await checkDrift(db.url);
    expect(hasDrift(report)).toBe(true);
    expect(report.databaseVsSchema).toContain('sneaky');
    await query(db.url, 'ALTER TABLE refunds DROP COLUMN sneaky');
  });

  it('create a new migration from a schema change, and none when nothing changed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'));
    try {
      const migrationsDir = path.join(dir, 'migrations');
      const schemaPath = path.join(dir, 'schema.prisma');
      await cp(MIGRATIONS_DIR, migrationsDir, { recursive: true });
      const schema = await readFile(SCHEMA_PATH, 'utf8');
      await writeFile(schemaPath, schema);
      expect(await createMigration(db.url, 'nothing', { migrationsDir, schemaPath })).toBeNull();

      await writeFile(
        schemaPath,
        schema.replace(
          '  reasonText          String?      @map("reason_text")',
          '  reasonText          String?      @map("reason_text")\n  buyerNote           String?      @map("buyer_note")',
        ),
      );
      const created = await createMigration(db.url, 'Add buyer note', { migrationsDir, schemaPath });
      expect(created).toMatch(/^\d{14}_add_buyer_note$/);
      const sql = await readFile(path.join(migrationsDir, created!, 'migration.sql'), 'utf8');
      expect(sql).toContain('ADD COLUMN     "buyer_note" TEXT');
      const report = await checkDrift(db.url, { migrationsDir, schemaPath });
      expect(report.unapplied).toEqual([created]);
      expect(report.migrationsVsSchema).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
