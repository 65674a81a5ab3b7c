import { describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { runScript } from '../support/cli';

const accounts = (args: string[], input?: string) => runScript('accounts.ts', args, { input });

describe('npm run accounts', () => {
  it('adds an account, prints its id, and stores the secret sealed (read from stdin with "-")', async () => {
    const added = await accounts(
      ['add', '--name', 'Casa Verde', '--app-key', 'cli_app_1', '--app-secret', '-', '--shop-id', '7494000000000000123', '--write-back'],
      'cli-secret-value\n',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const id = Number(added.stdout.trim());
    const row = await db.shopAccount.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ name: 'Casa Verde', environment: 'Production', writeBack: true, apiBaseUrl: 'https://open-api.tiktokglobalshop.com' });
    expect(row.appSecretEnc).not.toContain('cli-secret-value');

    const listed = await accounts(['list']);
    expect(listed.stdout).toContain('Casa Verde');
    expect(listed.stdout).not.toContain('cli-secret-value');
    expect(listed.stdout).not.toContain(row.appSecretEnc);

    expect((await accounts(['update', String(id), '--no-write-back', '--name', 'Casa Verde ES'])).code).toBe(0);
    expect(await db.shopAccount.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: 'Casa Verde ES', writeBack: false });
    expect((await accounts(['deactivate', String(id)])).stdout.trim()).toBe(`account ${id} deactivated`);
    expect((await db.shopAccount.findUniqueOrThrow({ where: { id } })).active).toBe(false);
  });

  it('explains invalid input in one line and changes nothing', async () => {
    const before = await db.shopAccount.count();
    const bad = await accounts(['add', '--name', 'X', '--app-key', 'k', '--app-secret', 'short', '--access-token-expires-at', 'tomorrow']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'error: The app key must be 4 to 64 letters, digits, - or _. The app secret must be at least 8 characters. Enter a date such as 2026-12-31T23:59:00Z.',
    );
    expect((await accounts(['add', '--name', 'X', '--bogus'])).stderr).toMatch(/^error: Unknown option '--bogus'/);
    expect((await accounts(['update', 'abc', '--name', 'Y'])).stderr).toMatch(/^error: an account id is required/);
    expect((await accounts(['deactivate', '999999'])).stderr.trim()).toBe('error: no account with id 999999');
    expect(await db.shopAccount.count()).toBe(before);
  });

  it('asks only for the secrets it uses: AUTH_SECRET is not needed to manage accounts', async () => {
    const added = await runScript('accounts.ts', ['add', '--name', 'No auth secret', '--app-key', 'noauth_app', '--app-secret', 'noauth-secret'], {
      env: { AUTH_SECRET: '' },
    });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const refused = await runScript('accounts.ts', ['list'], { env: { APP_ENCRYPTION_KEY: '' } });
    expect(refused.stderr.trim()).toBe('error: APP_ENCRYPTION_KEY must be set when DATABASE_URL is set (see .env.example)');
  });

  it('never points a production account at the sandbox', async () => {
    const added = await accounts(['add', '--name', 'Real shop', '--app-key', 'real_app', '--app-secret', 'real-secret-1']);
    const id = added.stdout.trim();
    const moved = await accounts(['update', id, '--api-base-url', 'http://127.0.0.1:4010', '--auth-base-url', 'http://127.0.0.1:4010']);
    expect(moved.code).toBe(1);
    expect(moved.stderr).toMatch(/is a Production account and cannot be pointed at the sandbox/);
    const mixed = await accounts([
      'add',
      '--name',
      'Mixed',
      '--app-key',
      'mixed_app',
      '--app-secret',
      'mixed-secret',
      '--api-base-url',
      'http://127.0.0.1:4010',
    ]);
    expect(mixed.stderr).toMatch(/both must point at the same TikTok/);
  });
});
