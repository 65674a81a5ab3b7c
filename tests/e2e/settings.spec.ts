import { expect, test } from '@playwright/test';
import { startHttpSink, startSmtpSink } from '../support/sinks';
import { authFile, sql } from './fixtures';

test.use({ storageState: authFile('admin') });

test.afterEach(async () => {
  // Alerts stay off for the other specs: the e2e server's own scheduler would post to a closed sink.
  await sql('DELETE FROM alert_settings');
  await sql('DELETE FROM alert_deliveries');
});

test('an admin sets up the webhook and email alerts, tests both, and the secrets never come back to the page', async ({ page }) => {
  const hook = await startHttpSink();
  const smtp = await startSmtpSink();
  try {
    await page.goto('/settings');
    const form = page.getByRole('form', { name: 'Alert settings' });
    await expect(page.getByText('Alerts are off until these settings are saved')).toBeVisible();

    // A plain-http webhook to another host is refused, and nothing is saved.
    await form.getByLabel('Incoming webhook URL').fill('http://hooks.example.com/services/T000/B000/XXXX');
    await form.getByLabel('Mail server (SMTP)').fill('127.0.0.1');
    await form.getByRole('button', { name: 'Save alert settings' }).click();
    await expect(form.getByText('The webhook URL must use https (plain http only to localhost).')).toBeVisible();
    await expect(form.getByText('Enter the sender to send email.')).toBeVisible();
    expect(await sql('SELECT 1 FROM alert_settings')).toHaveLength(0);

    await form.getByLabel('Incoming webhook URL').fill(hook.url);
    await form.getByLabel('Port', { exact: true }).fill(String(smtp.port));
    await form.getByLabel('From', { exact: true }).fill('refunds@shop.test');
    await form.getByLabel('To', { exact: true }).fill('finance@shop.test, support@shop.test');
    await form.getByLabel('Alert this many hours before').fill('6');
    await form.getByRole('button', { name: 'Save alert settings' }).click();
    await expect(page.getByText('Alert settings saved.')).toBeVisible();
    // From here the e2e server's own alert runs (every minute, and after any other spec's sync)
    // would send a digest of the seed's due requests to these sinks, among the test messages
    // counted below (CI once saw 2 webhook requests for 1 test). Another process holds the lease,
    // as one does while it sends, so none runs during this test.
    await sql(`UPDATE alert_settings SET lease_until = now() + interval '1 hour'`);

    await page.reload();
    const html = await page.content();
    expect(html).not.toContain(hook.url);
    expect(html).not.toContain('/hooks/alerts');
    await expect(form.getByLabel('Incoming webhook URL')).toHaveValue('');
    await expect(form.getByLabel('Incoming webhook URL')).toHaveAttribute('placeholder', /saved \(127\.0\.0\.1:\d+\)/);
    await expect(form.getByLabel('Alert this many hours before')).toHaveValue('6');
    await expect(form.getByLabel('To', { exact: true })).toHaveValue('finance@shop.test, support@shop.test');

    // Saving again with the secret left blank keeps it.
    await form.getByLabel('Alert this many hours before').fill('8');
    await form.getByRole('button', { name: 'Save alert settings' }).click();
    await expect(page.getByText('Alert settings saved.')).toBeVisible();

    await page.getByRole('button', { name: 'Send a test to the webhook' }).click();
    await expect(page.getByText('Test message posted to the webhook.')).toBeVisible();
    await expect.poll(() => hook.requests.length).toBe(1);
    expect(hook.postedText(0)).toContain('this channel works');

    await page.getByRole('button', { name: 'Send a test email' }).click();
    await expect.poll(() => smtp.messages.length).toBe(1);
    expect(smtp.messages[0]!.to).toEqual(['finance@shop.test', 'support@shop.test']);

    // A failing channel says so, in the page and in the delivery list.
    hook.failNext(1);
    await page.getByRole('button', { name: 'Send a test to the webhook' }).click();
    await expect(page.getByText('The test webhook was not delivered: the webhook answered HTTP 500.')).toBeVisible();
    await page.reload();
    const deliveries = page.getByRole('table', { name: 'Recent alert deliveries' });
    await expect(deliveries.getByRole('row').filter({ hasText: 'Failed: the webhook answered HTTP 500' })).toHaveCount(1);
    await expect(deliveries.getByRole('cell', { name: 'Sent', exact: true })).toHaveCount(2);
  } finally {
    await hook.close();
    await smtp.close();
  }
});

test('a viewer cannot open the settings', async ({ browser }) => {
  const context = await browser.newContext({ storageState: authFile('viewer') });
  const page = await context.newPage();
  const response = await page.goto('/settings');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  await context.close();
});
