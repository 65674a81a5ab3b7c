import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort } from '@tools/database/embedded';
import { E2E_USERS } from '../support/e2e-users';
import { e2eEnv } from './fixtures';

/**
 * WEB_PROCESSES (scripts/serve.mjs --processes N): one port served by N processes of one build
 * (node:cluster hands each connection to the next). A user signs in and browses without noticing
 * which process answers; both render; a process that dies stops the others; a bad count is refused.
 */
test.describe.configure({ timeout: 120_000 });

/** Children of a process, from /proc (Linux). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** utime + stime of a process, in clock ticks. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** A GET on a connection of its own (the cluster deals connections, not requests). */
function freshGet(url: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { cookie } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

async function startServer(processes: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const env = e2eEnv();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.resolve('scripts/serve.mjs'), '-H', '127.0.0.1', '-p', String(port), '--processes', processes], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: env.databaseUrl,
      APP_ENCRYPTION_KEY: env.encryptionKey,
      AUTH_SECRET: env.authSecret,
      STORE_TIMEZONE: 'America/New_York',
      APP_URL: url,
      TIKTOK_SANDBOX: 'off',
      WORKERS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { url, child, output: () => output };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

test('two processes on one port: a user signs in and browses, both render, and SIGTERM stops them all', async ({ browser }) => {
  const server = await startServer('2');
  try {
    await expect.poll(() => server.output(), { timeout: 90_000 }).toContain('(2 processes)');
    const workers = childrenOf(server.child.pid!);
    expect(workers).toHaveLength(2);

    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(E2E_USERS.viewer.email);
    await page.getByLabel('Password').fill(E2E_USERS.viewer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/refunds/);
    await expect(page.locator('tr[data-refund-id]').first()).toBeVisible();
    const session = (await context.cookies()).find((cookie) => cookie.name.includes('session_token'))!;
    await context.close();

    // Connections go to the processes in turn: each renders grid pages for the same session.
    const before = workers.map(cpuTicks);
    for (let i = 0; i < 8; i++) {
      const answer = await freshGet(`${server.url}/refunds`, `${session.name}=${session.value}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('Marketplace Refund ID');
    }
    workers.forEach((pid, i) => expect(cpuTicks(pid), `process ${pid}`).toBeGreaterThan(before[i]!));

    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(0);
    expect(workers.filter((pid) => readdirSync('/proc').includes(String(pid)))).toEqual([]);
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }
});

test('a process that dies stops the others (as a lone server stops `npm start`); a bad count is refused', async () => {
  const server = await startServer('2');
  try {
    await expect.poll(() => server.output(), { timeout: 90_000 }).toContain('(2 processes)');
    const [first, second] = childrenOf(server.child.pid!);
    process.kill(first!, 'SIGKILL');
    expect(await exited(server.child)).not.toBe(0);
    expect(server.output()).toMatch(/server process \d+ exited \(SIGKILL\); stopping the others/);
    await expect.poll(() => readdirSync('/proc').includes(String(second))).toBe(false);
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }

  const bad = await startServer('0');
  expect(await exited(bad.child)).toBe(2);
  expect(bad.output()).toContain('--processes must be a whole number from 1 to 16 (got "0")');
});
