import { expect, test } from '@playwright/test';
import { authFile } from './fixtures';

test.use({ storageState: authFile('viewer') });

test('the home page leads to the refunds grid', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/refunds$/);
  await expect(page.getByRole('heading', { name: 'TikTok Refunds' })).toBeVisible();
});

test('the refunds page server-renders the seeded refunds with the seed\'s columns', async ({ page }) => {
  await page.goto('/refunds');
  const table = page.getByRole('table', { name: 'Refund requests' });
  for (const column of ['Marketplace Refund ID', 'Marketplace Order ID', 'Account ID', 'Type', 'Status', 'Marketplace Status', 'Reason', 'Created At', 'Updated At']) {
    await expect(table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  }
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(50);
  await expect(rows.first().locator('td').first()).toHaveText(/^\d{19}$/);
  await expect(page.getByText(/\d{3} refund requests · times in UTC/)).toBeVisible();
});
