import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedIfEmpty } from '../../scripts/lib/seed';
import { freePort, startAppDatabase } from '@tools/database/embedded';
import { runScript } from '../support/cli';

const runStart = (env: Record<string, string>) => runScript('start.ts', [], { env });

describe('npm start', () => {
  it('refuses an unreachable DATABASE_URL with one clear line, password hidden', async () => {
    const result = await runStart({ DATABASE_URL: 'postgresql://app:hunter2@127.0.0.1:1/refunds' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^error: cannot connect to DATABASE_URL postgresql:\/\/app:\*\*\*@127\.0\.0\.1:1\/refunds: .*ECONNREFUSED/),
    ]);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('refuses malformed settings with one line naming the variable', async () => {
    expect((await runStart({ STORE_TIMEZONE: 'Mars/Olympus_Mons' })).stderr.trim()).toBe(
      'error: STORE_TIMEZONE must be an IANA time zone such as Europe/Berlin',
    );
    expect((await runStart({ EMBED_ALLOWED_ORIGINS: 'http://evil.example' })).stderr.trim()).toMatch(/^error: EMBED_ALLOWED_ORIGINS must list https origins/);
    expect((await runStart({ DATABASE_URL: 'postgresql://x@127.0.0.1:1/db', APP_ENCRYPTION_KEY: '', AUTH_SECRET: '' })).stderr.trim()).toBe(
      'error: APP_ENCRYPTION_KEY and AUTH_SECRET must be set when DATABASE_URL is set (see .env.example)',
    );
    const short = await runStart({ APP_ENCRYPTION_KEY: 'c2hvcnQ=' });
    expect(short.code).toBe(1);
    expect(short.stderr.trim()).toBe('error: APP_ENCRYPTION_KEY must be 32 bytes as base64 (44 characters) or hex (64 characters)');
  });

  it('refuses a malformed DATABASE_URL with one clear line', async () => {
    const result = await runStart({ DATABASE_URL: 'mysql://root@localhost/x' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('error: DATABASE_URL must start with postgresql:// (got mysql://)');
  });
});

describe('embedded default database', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('is initialised once, reused by a second start, and seeded only once', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'refunds-data-'));
    dirs.push(dataDir);
    await chmod(dataDir, 0o755);
    const first = await startAppDatabase({ dataDir, port: await freePort() });
    try {
      expect(first.reused).toBe(false);
      const second = await startAppDatabase({ dataDir });
      expect(second.reused).toBe(true);
      expect(second.url).toBe(first.url);
    } finally {
      await first.stop();
    }
    // A restart after a clean stop finds the same cluster and its data.
    const third = await startAppDatabase({ dataDir });
    try {
      expect(third.reused).toBe(false);
      expect(third.url).toBe(first.url);
    } finally {
      await third.stop();
    }
  });

  it('seeds an empty database and skips a seeded one', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'refunds-seed-'));
    dirs.push(dataDir);
    process.env.DATA_DIR = dataDir;
    try {
      expect(await seedIfEmpty()).toMatch(/^seeded 3 demo accounts and \d+ refunds$/);
      const again = await seedIfEmpty();
      expect(again).toMatch(/already has 3 shop account\(s\): demo seed skipped/);
    } finally {
      delete process.env.DATA_DIR;
    }
  });
});

describe('embedded database as root', () => {
  it.skipIf(process.getuid?.() !== 0)('keeps its cluster where the postgres user can reach it when the data folder is private', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'refunds-private-'));
    const database = await startAppDatabase({ dataDir, port: await freePort() });
    try {
      const location = (await readFile(path.join(dataDir, 'postgres-location.txt'), 'utf8')).split('\n')[0]!;
      expect(location).toMatch(/^\/var\/lib\/tiktok-refunds\/[0-9a-f]{16}\/postgres$/);
      expect(existsSync(path.join(location, 'PG_VERSION'))).toBe(true);
    } finally {
      await database.stop();
      const location = (await readFile(path.join(dataDir, 'postgres-location.txt'), 'utf8')).split('\n')[0]!;
      await rm(path.dirname(location), { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
