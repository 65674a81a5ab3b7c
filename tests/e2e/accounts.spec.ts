import { expect, test } from '@playwright/test';
import { authFile, e2eEnv } from './fixtures';

test.use({ storageState: authFile('admin') });

test('an admin adds a sandbox shop and connects it through the TikTok authorization flow', async ({ page }) => {
  const env = e2eEnv();
  await page.goto('/accounts');
  const form = page.getByRole('form', { name: 'Add a shop account' });
  await form.getByLabel('Local sandbox (demo, tests)').check();
  await form.getByLabel('Name').fill('Connect Flow Shop');
  await form.getByLabel('App key').fill(env.appKey);
  await form.getByLabel('App secret').fill(env.appSecret);
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(form.getByText(/Account added/)).toBeVisible();

  const row = page.getByRole('row').filter({ hasText: 'Connect Flow Shop' });
  await expect(row.getByText('Needs connecting')).toBeVisible();
  await row.getByRole('button', { name: 'Connect Connect Flow Shop' }).click();

  // The sandbox's consent page stands in for TikTok's.
  await expect(page.getByRole('heading', { name: 'Authorize the refunds panel' })).toBeVisible();
  await page.getByLabel(/Saigon Street Style/).check();
  await page.getByRole('button', { name: 'Authorize' }).click();

  await expect(page).toHaveURL(/\/accounts\?connected=\d+/);
  await expect(page.getByRole('status').filter({ hasText: /Connect Flow Shop is connected to TikTok shop \d{19}/ })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Connect Flow Shop' }).getByText('Connected', { exact: true })).toBeVisible();

  // And the audit log shows who did it.
  await page.goto('/audit?action=account.');
  for (const action of ['account.create', 'account.connect_start', 'account.connect']) {
    await expect(page.locator(`tr[data-audit-action="${action}"]`).filter({ hasText: 'admin@e2e.test' }).first()).toBeVisible();
  }
});

test('an admin adds a user who can then sign in with the given role', async ({ page, browser }) => {
  await page.goto('/users');
  const form = page.getByRole('form', { name: 'Add a user' });
  await form.getByLabel('Email').fill('new.operator@e2e.test');
  await form.getByLabel('Name').fill('New Operator');
  await form.getByLabel('Role').selectOption('operator');
  await form.getByLabel('Initial password').fill('short');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(form.getByText('The password must be at least 12 characters.')).toBeVisible();
  await form.getByLabel('Initial password').fill('operator password long');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(form.getByText('User added.')).toBeVisible();
  await expect(page.locator('tr[data-user-email="new.operator@e2e.test"]')).toContainText('operator');

  const context = await browser.newContext({ storageState: undefined });
  const other = await context.newPage();
  await other.goto('/login');
  await other.getByLabel('Email').fill('new.operator@e2e.test');
  await other.getByLabel('Password').fill('operator password long');
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other.getByText('new.operator@e2e.test · operator')).toBeVisible();
  await context.close();

  await page.goto('/audit?action=user.create');
  await expect(page.locator('tr[data-audit-action="user.create"]').first()).toContainText('new.operator@e2e.test');
});

test('the empty Add account form says what is missing in sentences, next to each field', async ({ page }) => {
  await page.goto('/accounts');
  const form = page.getByRole('form', { name: 'Add a shop account' });
  await form.getByRole('button', { name: 'Add account' }).click();
  const expected = { Name: 'Enter a name for the account.', 'App key': "Enter the shop's app key.", 'App secret': "Enter the shop's app secret." };
  for (const [label, sentence] of Object.entries(expected)) {
    const input = form.getByLabel(label, { exact: true });
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    // The sentence is the field's own description, so a screen reader reads it with the field.
    await expect(input).toHaveAccessibleDescription(sentence);
  }
  await expect(form.getByText('Check the highlighted fields.')).toBeVisible();
  await expect(form).not.toContainText('Invalid input');
  await expect(form).not.toContainText('expected string');

  // A too-long name is a sentence too, and what was typed stays.
  await form.getByLabel('Name', { exact: true }).fill('x'.repeat(101));
  await form.getByLabel('App key', { exact: true }).fill('a b');
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(form.getByLabel('Name', { exact: true })).toHaveAccessibleDescription('The name must be at most 100 characters.');
  await expect(form.getByLabel('App key', { exact: true })).toHaveAccessibleDescription('The app key must be 4 to 64 letters, digits, - or _.');
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('x'.repeat(101));
});
