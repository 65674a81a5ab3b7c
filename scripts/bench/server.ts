import { childEnv, env, envIsSet, setEnv } from '@/server/config';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { auth } from '@/server/auth/auth';
import { freePort } from '@tools/database/embedded';
import { buildIfStale } from '../lib/build';
import { ROOT } from '../lib/runtime';

let benchAdmin: { email: string; password: string } | undefined;

/** An admin of the benchmark's own, once per run (without request headers createUser needs no session). */
async function createBenchAdmin(): Promise<{ email: string; password: string }> {
  const admin = { email: `bench-${randomBytes(4).toString('hex')}@refunds.local`, password: randomBytes(18).toString('base64url') };
  await auth().api.createUser({ body: { ...admin, name: 'Benchmark', role: 'admin' } });
  return admin;
}

export interface BenchServer {
  url: string;
  /** Cookie header of a signed-in admin. */
  cookie: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The panel as users meet it: a production build (`next build` when the sources changed) served by
 * scripts/serve.mjs (as `npm start` serves it) on the benchmark's database, with an admin signed in through better-auth. The
 * secrets are generated here and exist only in this process and the server's environment.
 */
export async function startBenchServer(options: {
  databaseUrl: string;
  timeZone: string;
  processes?: number;
  log: (line: string) => void;
}): Promise<BenchServer> {
  await buildIfStale(options.log);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const secrets = {
    APP_ENCRYPTION_KEY: envIsSet('APP_ENCRYPTION_KEY') ? env.APP_ENCRYPTION_KEY.toString('base64') : randomBytes(32).toString('base64'),
    AUTH_SECRET: envIsSet('AUTH_SECRET') ? env.AUTH_SECRET : randomBytes(32).toString('base64'),
  };
  const serverEnv = childEnv({
    ...secrets,
    DATABASE_URL: options.databaseUrl,
    APP_URL: url,
    STORE_TIMEZONE: options.timeZone,
    TIKTOK_SANDBOX: 'off',
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
  });
  // The same secrets in this process, so that the session created here is valid on the server.
  setEnv('APP_ENCRYPTION_KEY', secrets.APP_ENCRYPTION_KEY);
  setEnv('AUTH_SECRET', secrets.AUTH_SECRET);
  setEnv('APP_URL', url);
  benchAdmin ??= await createBenchAdmin();
  const signedIn = await auth().api.signInEmail({ body: benchAdmin, returnHeaders: true });
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!cookie.includes('session_token')) throw new Error('could not sign the benchmark admin in');

  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'scripts/serve.mjs'), '-H', '127.0.0.1', '-p', String(port), '--processes', String(options.processes ?? 1)],
    {
      cwd: ROOT,
      env: serverEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  await waitForHealth(url, child, output);
  return {
    url,
    cookie,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the panel server exited (${child.exitCode}):\n${output.join('').slice(-2000)}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the panel server did not answer within 60 s:\n${output.join('').slice(-2000)}`);
}

/** Resident memory of a process and all its descendants, in bytes, read from /proc (Linux). */
export function treeRss(rootPid: number): number {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name: state, ppid, ...; rss (in pages) is field 24.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      rss.set(Number(entry), Number(fields[21]) * 4096);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  for (const [pid, bytes] of rss) {
    for (let current: number | undefined = pid; current !== undefined && current > 1; current = parents.get(current)) {
      if (current === rootPid) {
        total += bytes;
        break;
      }
    }
  }
  return total;
}

/** Samples `treeRss` every `everyMs` until stopped; returns the peak. */
export function sampleRss(rootPid: number, everyMs = 50): { stop(): number } {
  let peak = treeRss(rootPid);
  const timer = setInterval(() => (peak = Math.max(peak, treeRss(rootPid))), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, treeRss(rootPid));
    },
  };
}
