import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount } from '@/features/accounts/mutations';
import { env } from '@/server/config';
import { changedTables, fingerprint } from '../fuzz/fingerprint';
import { HOSTILE_NUMBERS, HOSTILE_TEXT, sample } from '../fuzz/hostile';
import { runScript } from '../support/cli';

/**
 * The fuzz suite's command-line part (the HTTP part is tests/e2e/fuzz.spec.ts): hostile flags for
 * `npm run accounts`, `npm run sync` and `npm run export`. Each run ends with exit 0 or 1 and, when
 * refused, one `error:` line, never a stack trace, and changes nothing in the database.
 * (A command line cannot carry U+0000: the operating system ends the argument there.)
 */

/** What a command line can carry of the hostile text. */
const argText = (text: string) => text.replaceAll('\u0000', '').replace(/[\ud800-\udfff]/g, '?');

const FLAG_VALUES = [...HOSTILE_TEXT.map(argText), ...HOSTILE_NUMBERS.map(String)];

/** Runs several scripts at once (each is a Node process of ~1 s): two cores, four at a time. */
async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return results;
}

describe('command-line flags, fuzzed', () => {
  let client: pg.Client;
  let out: string;
  beforeAll(async () => {
    out = path.join(await mkdtemp(path.join(os.tmpdir(), 'fuzz-cli-')), 'export.csv');
    // One account to aim at, so that "update <id>" and "--account <id>" have something real nearby.
    const added = await addAccount(
      { id: null, label: 'test' },
      {
        name: 'Fuzz target',
        appKey: 'fuzz_app_key',
        appSecret: 'fuzz-app-secret',
        apiBaseUrl: 'https://open-api.tiktokglobalshop.com',
        authBaseUrl: 'https://auth.tiktok-shops.com',
        writeBack: true,
      },
    );
    if (!added.ok) throw new Error(added.message);
    client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await rm(path.dirname(out), { recursive: true, force: true });
  });

  it('answers hostile flags with one error line or a result, never a stack trace, changing nothing when refused', async () => {
    const invocations: { script: string; args: string[] }[] = [];
    const pick = (offset: number) => sample(fc.constantFrom(...FLAG_VALUES), 1, offset)[0]!;
    // Every other value, each for one command in turn: ~35 runs of ~1 s of CPU each keep this part under a minute.
    for (const [i, value] of FLAG_VALUES.entries()) {
      if (i % 2 === 1) continue;
      if (i % 3 === 0) invocations.push({ script: 'accounts.ts', args: ['update', value, '--name', pick(i)] });
      if (i % 3 === 1) invocations.push({ script: 'sync.ts', args: ['--account', value] });
      if (i % 3 === 2) invocations.push({ script: 'export.ts', args: ['--out', out, '--status', value, '--createdFrom', pick(i)] });
    }
    for (const flag of ['--api-base-url', '--access-token-expires-at', '--shop-id', '--app-key', '--write-back=yes', '--nope']) {
      invocations.push({ script: 'accounts.ts', args: ['add', '--name', 'x', '--app-key', 'k', '--app-secret', 'short', flag, pick(flag.length)] });
    }
    invocations.push(
      { script: 'accounts.ts', args: ['deactivate', String(2 ** 31)] },
      { script: 'accounts.ts', args: ['activate', '-1'] },
      { script: 'accounts.ts', args: [pick(99)] },
      { script: 'export.ts', args: ['--out', `${out}.q`, '--q', 'x'.repeat(10_000)] },
      { script: 'export.ts', args: ['--out', `${out}.columns`, '--columns', '__proto__,constructor,toString'] },
    );
    const before = await fingerprint(client);
    const results = await inBatches(invocations, 4, async ({ script, args }) => ({
      script,
      args,
      result: await runScript(script, args, { timeoutMs: 60_000 }),
    }));
    for (const { script, args, result } of results) {
      const what = `${script} ${JSON.stringify(args).slice(0, 120)}`;
      expect([0, 1], `${what}: exit ${result.code}\n${result.stderr}`).toContain(result.code);
      expect(result.stderr, what).not.toMatch(/\n\s+at /);
      if (result.code === 1) expect(result.stderr.trim().split('\n')[0], what).toMatch(/^error: /);
    }
    // Hostile flags were refused (or were harmless reads, like an export that matched nothing).
    expect(changedTables(before, await fingerprint(client))).toEqual([]);
    expect(invocations.length).toBeGreaterThan(30);
  }, 240_000);
});
