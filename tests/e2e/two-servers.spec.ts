import { expect, test } from '@playwright/test';
import { E2E_USERS } from '../support/e2e-users';
import { startPanelPair, type PanelPair } from '../support/panel-pair';
import { e2eEnv, sandboxControl, sql } from './fixtures';

/**
 * Two panel processes of one build behind one address (tests/support/panel-pair.ts): the first
 * runs the job worker, the second is web only (WORKERS=0), and the front sends requests to them
 * in turn with no stickiness. Sessions, live updates and jobs all go through PostgreSQL, so a user
 * notices nothing of which process answers.
 */
let pair: PanelPair;

test.describe.configure({ timeout: 90_000 });

test.beforeAll(async () => {
  const env = e2eEnv();
  // The e2e server's store zone (tests/support/e2e-server.ts).
  pair = await startPanelPair({
    databaseUrl: env.databaseUrl,
    encryptionKey: env.encryptionKey,
    authSecret: env.authSecret,
    storeTimeZone: 'America/New_York',
  });
});

test.afterAll(async () => {
  await pair.stop();
});

test('a user signs in and browses through one address served by two processes; each accepts the session', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  // The login page, its script chunks and the sign-in action go to alternate processes.
  await page.goto(`${pair.frontUrl}/login`);
  await page.getByLabel('Email').fill(E2E_USERS.operator.email);
  await page.getByLabel('Password').fill(E2E_USERS.operator.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/refunds/);
  for (let i = 0; i < 3; i++) {
    await page.goto(`${pair.frontUrl}/refunds`);
    await expect(page.locator('tr[data-refund-id]').first()).toBeVisible();
  }
  // The session made through the front is good on either process on its own.
  for (const origin of [pair.workerUrl, pair.webOnlyUrl]) {
    const response = await page.request.get(`${origin}/refunds`, { maxRedirects: 0 });
    expect(response.status(), origin).toBe(200);
  }
  await context.close();
});

test('a webhook received by the web-only process is refreshed by the other one and shows live; Sync Refunds is worked by the worker process', async ({
  browser,
}) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(`${pair.frontUrl}/login`);
  await page.getByLabel('Email').fill(E2E_USERS.operator.email);
  await page.getByLabel('Password').fill(E2E_USERS.operator.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/refunds/);
  // The grid's live stream is open (on whichever process) before anything changes.
  const stream = page.waitForResponse((response) => response.url().includes('/api/events'));
  await page.goto(`${pair.frontUrl}/refunds`);
  await expect(page.locator('tr[data-refund-id]').first()).toBeVisible();
  expect((await stream).status()).toBe(200);

  // TikTok's webhook reaches the web-only process: it records and queues; the worker process refreshes.
  await sandboxControl('/webhook', { url: `${pair.webOnlyUrl}/api/webhooks/tiktok` });
  const { changes } = await sandboxControl<{ changes: { id: string }[] }>('/evolve', { advance: 1, shopIndex: 0 }); // the seed's first shop (connected; the fourth is only once the connect-flow test ran)
  await expect
    .poll(
      async () =>
        (await sql<{ outcome: string }>('SELECT outcome FROM webhook_events WHERE subject_id = $1 ORDER BY id DESC LIMIT 1', [changes[0]!.id]))[0]?.outcome,
    )
    .toBe('Processed');
  await expect(page.getByRole('status').filter({ hasText: /changed since this page loaded/ })).toBeVisible({ timeout: 15_000 });

  // Sync Refunds through the front: whichever process takes the action only enqueues; the jobs run where a worker is.
  await sandboxControl('/webhook', { url: null });
  await page.getByRole('button', { name: 'Sync Refunds' }).click();
  const progress = page.getByRole('region', { name: 'Sync progress' });
  await expect(progress).toContainText('Sync finished', { timeout: 45_000 });
  const [run] = await sql<{ workers: string[] }>(
    `SELECT array_agg(DISTINCT a.worker) AS workers FROM sync_runs r JOIN sync_run_accounts a ON a.run_id = r.id
      WHERE r.requested_by = 'operator@e2e.test' GROUP BY r.id ORDER BY r.id DESC LIMIT 1`,
  );
  expect(run!.workers.length).toBeGreaterThan(0);
  // Never the web-only process (the e2e server's own panel and the embed panel have workers too).
  for (const worker of run!.workers) expect(worker.split(':')[1]?.split('#')[0]).not.toBe(String(pair.webOnlyPid));
  await context.close();
});
