import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_USERS } from '../support/e2e-users';
import { sandboxControl, sql } from './fixtures';

/**
 * Two `next start` processes of one build behind one address (tests/support/e2e-server.ts): the
 * first runs the job worker, the second is web only (WORKERS=0), and the front sends requests to
 * them in turn. Sessions, live updates and jobs all go through PostgreSQL, so a user notices
 * nothing of which process answers.
 */
interface Servers {
  secondUrl: string;
  secondPid: number;
  frontUrl: string;
}
const servers = () => JSON.parse(readFileSync(path.resolve('.e2e/servers.json'), 'utf8')) as Servers;

test.beforeAll(async () => {
  const { secondUrl } = servers();
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`${secondUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the second next start did not come up');
});

test('a user signs in and browses through one address served by two processes; each accepts the session', async ({ browser, baseURL }) => {
  const { frontUrl, secondUrl } = servers();
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  // The login page, its script chunks and the sign-in action go to alternate processes.
  await page.goto(`${frontUrl}/login`);
  await page.getByLabel('Email').fill(E2E_USERS.operator.email);
  await page.getByLabel('Password').fill(E2E_USERS.operator.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/refunds/);
  for (let i = 0; i < 3; i++) {
    await page.goto(`${frontUrl}/refunds?page_size=20`);
    await expect(page.locator('tr[data-refund-id]').first()).toBeVisible();
  }
  // The session made through the front is good on either process on its own.
  for (const origin of [baseURL!, secondUrl]) {
    const response = await page.request.get(`${origin}/refunds`, { maxRedirects: 0 });
    expect(response.status(), origin).toBe(200);
  }
  await context.close();
});

test("the web-only process shows the other process's changes live, and its Sync Refunds is worked by the other's worker", async ({ browser, baseURL }) => {
  const { secondUrl, secondPid } = servers();
  const context = await browser.newContext({ storageState: path.resolve('.e2e', 'auth', 'operator.json') });
  const page = await context.newPage();
  // The grid's live stream is open on the second process before anything changes.
  const stream = page.waitForResponse((response) => response.url().startsWith(`${secondUrl}/api/events`));
  await page.goto(`${secondUrl}/refunds`);
  await expect(page.locator('tr[data-refund-id]').first()).toBeVisible();
  expect((await stream).status()).toBe(200);

  // A webhook to the first process: its worker refreshes the refund; the NOTIFY reaches the second's stream.
  await sandboxControl('/webhook', { url: `${baseURL}/api/webhooks/tiktok` });
  const { changes } = await sandboxControl<{ changes: { id: string; status: string }[] }>('/evolve', { advance: 1 });
  await expect
    .poll(
      async () =>
        (await sql<{ outcome: string }>('SELECT outcome FROM webhook_events WHERE subject_id = $1 ORDER BY id DESC LIMIT 1', [changes[0]!.id]))[0]?.outcome,
    )
    .toBe('Processed');
  await expect(page.getByRole('status').filter({ hasText: /changed since this page loaded/ })).toBeVisible({ timeout: 15_000 });

  // Sync Refunds on the web-only process: it only enqueues; the first process's worker runs the jobs.
  await sandboxControl('/webhook', { url: null });
  await page.getByRole('button', { name: 'Sync Refunds' }).click();
  const progress = page.getByRole('region', { name: 'Sync progress' });
  await expect(progress).toContainText('Sync finished', { timeout: 30_000 });
  const [run] = await sql<{ id: number; workers: string[] }>(
    `SELECT r.id, array_agg(DISTINCT a.worker) AS workers FROM sync_runs r JOIN sync_run_accounts a ON a.run_id = r.id
      WHERE r.requested_by = 'operator@e2e.test' GROUP BY r.id ORDER BY r.id DESC LIMIT 1`,
  );
  expect(run!.workers.length).toBeGreaterThan(0);
  for (const worker of run!.workers) expect(worker.split(':')[1]?.split('#')[0]).not.toBe(String(secondPid));
  await context.close();
});
