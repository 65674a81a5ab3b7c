import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@tools/database/embedded';
import { startRoundRobin } from './round-robin';

/**
 * Two panel processes of the e2e build (scripts/serve.mjs, as `npm start` serves it) behind one
 * round-robin address, on the e2e database: the first runs the job worker, the second is web only
 * (WORKERS=0). Both have that address as their APP_URL, as a deployment behind a load balancer
 * does (the panel refuses state-changing requests from any other origin). For
 * tests/e2e/two-servers.spec.ts.
 */
export interface PanelPair {
  frontUrl: string;
  workerUrl: string;
  webOnlyUrl: string;
  workerPid: number;
  webOnlyPid: number;
  stop(): Promise<void>;
}

async function healthy(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 480; i++) {
    if (child.exitCode !== null) throw new Error(`the panel at ${url} exited (${child.exitCode})`);
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the panel at ${url} did not come up`);
}

export async function startPanelPair(settings: { databaseUrl: string; encryptionKey: string; authSecret: string; storeTimeZone: string }): Promise<PanelPair> {
  const ports = [await freePort(), await freePort()];
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const front = await startRoundRobin(urls);
  const children = ports.map((port, i) =>
    spawn(process.execPath, [path.resolve('scripts/serve.mjs'), '-H', '127.0.0.1', '-p', String(port)], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        DATABASE_URL: settings.databaseUrl,
        APP_ENCRYPTION_KEY: settings.encryptionKey,
        AUTH_SECRET: settings.authSecret,
        STORE_TIMEZONE: settings.storeTimeZone,
        APP_URL: front.url,
        TIKTOK_SANDBOX: 'off',
        WORKERS: i === 0 ? '1' : '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  const stop = async () => {
    await front.close();
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
    }
  };
  try {
    await Promise.all(urls.map((url, i) => healthy(url, children[i]!)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { frontUrl: front.url, workerUrl: urls[0]!, webOnlyUrl: urls[1]!, workerPid: children[0]!.pid!, webOnlyPid: children[1]!.pid!, stop };
}
