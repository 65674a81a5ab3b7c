import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { initCluster, startCluster } from './postgres-cluster';

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
  '-c',
  'listen_addresses=127.0.0.1',
  '-c',
  'fsync=off',
  '-c',
  'synchronous_commit=off',
  '-c',
  'full_page_writes=off',
  '-c',
  'shared_buffers=256MB',
  '-c',
  'max_connections=200',
];

function databaseUrl(config: ClusterConfig, database = DATABASE_NAME): string {
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

/**
 * Where the cluster's files go. Normally `<dataDir>/postgres`. As root, Postgres runs as the
 * `postgres` user, which cannot enter a private checkout (a 0700 home or `mktemp -d` folder); the
 * cluster then lives in /var/lib/tiktok-refunds/<id of dataDir>, and dataDir records where.
 */
async function clusterLocation(dataDir: string): Promise<string> {
  const inside = path.join(dataDir, 'postgres');
  if (process.getuid?.() !== 0 || existsSync(path.join(inside, 'PG_VERSION'))) return inside;
  for (let current = dataDir; ; current = path.dirname(current)) {
    if (((await stat(current)).mode & 0o001) === 0) break;
    if (current === path.dirname(current)) return inside;
  }
  const outside = path.join('/var/lib/tiktok-refunds', createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
  await mkdir(outside, { recursive: true, mode: 0o755 });
  await writeFile(path.join(dataDir, 'postgres-location.txt'), `${outside}/postgres\n(${dataDir} is private and PostgreSQL runs as the postgres user)\n`);
  return path.join(outside, 'postgres');
}

/**
 * The app's default database: a real PostgreSQL kept under `<dataDir>/postgres`, initialised on
 * first use. When another process already serves that directory it is reused, not restarted.
 */
export async function startAppDatabase(options: { dataDir: string; port?: number; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
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
    return { url, reused: true, stop: () => Promise.resolve() };
  }

  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    options.log?.(line);
  };
  const clusterDir = await clusterLocation(dataDir);
  const settings = { dataDir: clusterDir, port: config.port, user: config.user, password: config.password, flags: APP_FLAGS, log };
  let server: Awaited<ReturnType<typeof startCluster>>;
  try {
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await initCluster(settings);
    server = await startCluster(settings);
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

/**
 * A disposable PostgreSQL for tests and benchmarks: temp directory, free port, deleted on stop.
 * `durable` keeps the app's settings (fsync on) so that a benchmark measures what `npm start` runs.
 */
export async function startThrowawayDatabase(
  options: { log?: (line: string) => void; extraFlags?: string[]; durable?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const clusterDir = await mkdtemp(path.join(os.tmpdir(), 'refunds-pg-'));
  const config: ClusterConfig = { port: await freePort(), user: 'refunds', password: randomBytes(12).toString('base64url') };
  const base = options.durable ? [...APP_FLAGS, '-c', 'max_connections=200'] : THROWAWAY_FLAGS;
  const settings = {
    dataDir: clusterDir,
    port: config.port,
    user: config.user,
    password: config.password,
    flags: [...base, ...(options.extraFlags ?? [])],
    log: options.log ?? (() => undefined),
  };
  await initCluster(settings);
  const server = await startCluster(settings);
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
