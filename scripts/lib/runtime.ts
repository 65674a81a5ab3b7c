import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nextEnv from '@next/env';
import pg from 'pg';
import { checkEnv, ConfigError, env, envIsSet, redactUrl, setEnv } from '@/server/config';
import { generateEncryptionKey } from '@/server/crypto/envelope';
import { startAppDatabase, type EmbeddedDatabase } from '@tools/database/embedded';

/**
 * What every command-line entry point shares: .env loading (same rules as Next), the database
 * (DATABASE_URL, or the embedded default under DATA_DIR), locally generated secrets for the
 * embedded default, and one-line errors instead of stack traces for expected failures.
 */

export const ROOT = process.cwd();

export function loadEnv(): void {
  nextEnv.loadEnvConfig(ROOT, env.NODE_ENV !== 'production', { info: () => undefined, error: console.error });
}

export function dataDir(): string {
  return path.resolve(ROOT, env.DATA_DIR);
}

export function usesEmbeddedDatabase(): boolean {
  return !envIsSet('DATABASE_URL');
}

/** Where the embedded default keeps its generated secrets: the user's config directory, per data folder. */
export function localSecretsFile(): string {
  const configHome = env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config');
  const instance = createHash('sha256').update(dataDir()).digest('hex').slice(0, 12);
  return path.join(configHome, 'tiktok-refunds', `${instance}.json`);
}

type LocalSecret = 'APP_ENCRYPTION_KEY' | 'AUTH_SECRET';

/**
 * Secrets the embedded default generates on first start. They are kept outside the repository,
 * in the user's config directory, one file per data directory, so that deleting or sharing the
 * working tree never leaks or loses them. With DATABASE_URL set, a command asks only for the
 * secrets it uses (`npm run accounts` seals secrets, so it needs APP_ENCRYPTION_KEY but not
 * AUTH_SECRET) and nothing is generated.
 */
export async function ensureLocalSecrets(needed: readonly LocalSecret[]): Promise<void> {
  if (!usesEmbeddedDatabase()) {
    const unset = needed.filter((name) => !envIsSet(name));
    if (unset.length) throw new ConfigError(`${unset.join(' and ')} must be set when DATABASE_URL is set (see .env.example)`);
    checkEnv(needed);
    return;
  }
  const missing = (['APP_ENCRYPTION_KEY', 'AUTH_SECRET'] as const).filter((name) => !envIsSet(name));
  if (missing.length === 0) return;
  const file = localSecretsFile();
  let secrets: Record<string, string> = {};
  if (existsSync(file)) secrets = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  let changed = false;
  for (const name of missing) {
    if (!secrets[name]) {
      secrets[name] = generateEncryptionKey();
      changed = true;
    }
    setEnv(name, secrets[name]);
  }
  if (changed) {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, JSON.stringify({ dataDir: dataDir(), ...secrets }, null, 2), { mode: 0o600 });
  }
}

/** Fails with one line when the database cannot be reached (wrong host, password, database). */
async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`cannot connect to DATABASE_URL ${redactUrl(url)}: ${reason}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Resolves the database: DATABASE_URL when set (validated and reachable), otherwise the embedded
 * PostgreSQL under DATA_DIR, started or reused. Sets DATABASE_URL for the code that follows.
 */
export async function openDatabase(log: (line: string) => void = () => undefined): Promise<EmbeddedDatabase> {
  if (envIsSet('DATABASE_URL')) {
    const url = env.DATABASE_URL;
    await assertReachable(url);
    return { url, reused: true, stop: () => Promise.resolve() };
  }
  const database = await startAppDatabase({ dataDir: dataDir(), port: env.EMBEDDED_PG_PORT, log });
  setEnv('DATABASE_URL', database.url);
  return database;
}

/**
 * Runs a CLI entry point: expected failures print one line and exit 1; others print the stack.
 * Exits explicitly when done: the wasm schema engine leaves a 10 s timer behind after free(),
 * which would otherwise keep every migrating command alive for 10 s after its work is over.
 * `main` resolves to the exit code, or to nothing for 0.
 */
export function runMain(main: () => Promise<unknown>): void {
  main().then(
    (code) => process.exit(typeof code === 'number' ? code : 0),
    (error: unknown) => {
      if (error instanceof ConfigError || (error instanceof Error && error.name === 'UsageError')) {
        console.error(`error: ${error.message}`);
      } else {
        console.error(error);
      }
      process.exit(1);
    },
  );
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Opens the database for the length of `work`, then releases the Prisma pool and the server it started. */
export async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const database = await openDatabase();
  try {
    return await work(database.url);
  } finally {
    const { disconnectDb } = await import('@/server/db');
    await disconnectDb();
    await database.stop();
  }
}
