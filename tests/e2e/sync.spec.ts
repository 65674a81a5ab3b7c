import { expect, test } from '@playwright/test';
import { authFile, sandboxControl, sql } from './fixtures';

/**
 * The sandbox's changes are aimed at its first shop, which the e2e seed connects. Of its four shops
 * the fourth is connected only by the connect-flow test: when this file ran alone, one change in
 * four landed on a shop the panel did not know (2 of 3 new requests synced; the webhook's refund
 * absent), while the whole suite passed.
 */
const CONNECTED_SHOP = 0;

test.use({ storageState: authFile('operator') });

test('Sync Refunds shows live progress, then the grid shows the new requests', async ({ page }) => {
  // New requests appear on TikTok; webhooks are off for this one so only the sync can bring them.
  await sandboxControl('/webhook', { url: null });
  const { changes } = await sandboxControl<{ changes: { id: string }[] }>('/evolve', { arrive: 3, shopIndex: CONNECTED_SHOP });
  await page.goto('/refunds');
  for (const change of changes) await expect(page.locator(`tr[data-refund-id="${change.id}"]`)).toHaveCount(0);
  await page.getByRole('button', { name: 'Sync Refunds' }).click();
  const progress = page.getByRole('region', { name: 'Sync progress' });
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(/\d+ accounts?(: [^·]+)? · \d+ pages? · \d+ fetched · \d+ new/);
  await expect(progress).toContainText('Sync finished', { timeout: 30_000 });
  await expect(progress).toContainText(/3 new/);
  for (const change of changes) await expect(page.locator(`tr[data-refund-id="${change.id}"]`)).toHaveCount(1);
  await page.goto('/sync-runs');
  const latest = page.getByRole('table', { name: 'Sync runs' }).locator('tbody tr').first();
  await expect(latest).toContainText('operator@e2e.test');
  // TikTok's total_count, shown as a diagnostic beside what arrived.
  await expect(latest).toContainText(/TikTok reported \d+, \d+ received/);
  await expect(latest).toContainText(/finance \d+ new statements? · \d+ lines? · \d+ payments?/);
});

test('a TikTok webhook updates the refund within a second', async ({ baseURL }) => {
  const env = await import('./fixtures').then((m) => m.e2eEnv());
  // The panel this run started (E2E_PORT), not a fixed port another checkout may be serving.
  await sandboxControl('/webhook', { url: `${baseURL}/api/webhooks/tiktok` });
  const { changes } = await sandboxControl<{ changes: { id: string; status: string }[] }>('/evolve', { advance: 1, shopIndex: CONNECTED_SHOP });
  const change = changes[0]!;
  const started = Date.now();
  let status: string | undefined;
  while (Date.now() - started < 1000) {
    [{ status } = { status: undefined }] = await sql<{ status: string }>('SELECT marketplace_status AS status FROM refunds WHERE marketplace_refund_id = $1', [
      change.id,
    ]);
    if (status === change.status) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(status).toBe(change.status);
  expect(Date.now() - started).toBeLessThan(1000);
  const [delivery] = await sql<{ outcome: string }>('SELECT outcome FROM webhook_events WHERE subject_id = $1 ORDER BY id DESC LIMIT 1', [change.id]);
  expect(delivery!.outcome).toBe('Processed');
  expect(env.sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

test('a webhook with a bad signature is refused and changes nothing', async ({ request, baseURL }) => {
  const before = await sql('SELECT count(*) FROM webhook_events');
  const response = await request.post(`${baseURL}/api/webhooks/tiktok`, {
    headers: { authorization: 'deadbeef', 'content-type': 'application/json' },
    data: JSON.stringify({ type: 12, tts_notification_id: '1', shop_id: '1', timestamp: 1, data: { return_id: '1' } }),
  });
  expect(response.status()).toBe(401);
  expect(await sql('SELECT count(*) FROM webhook_events')).toEqual(before);
});
