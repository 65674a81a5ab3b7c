import { expect, test, type Page } from '@playwright/test';
import { authFile, sql } from './fixtures';

const grid = (page: Page) => page.getByRole('table', { name: 'Refund requests' });
const row = (page: Page, refundId: string) => grid(page).locator(`tr[data-refund-id="${refundId}"]`);

test.use({ storageState: authFile('operator'), viewport: { width: 1280, height: 800 } });

test('keyboard only: / to search, j to the row, Enter opens and Escape comes back, c decides, focus back on the row', async ({ page }) => {
  // The newest request TikTok holds for the seller (other specs take the oldest ones).
  const [target] = await sql<{ refund_id: string; order_id: string }>(
    `SELECT marketplace_refund_id AS refund_id, marketplace_order_id AS order_id FROM refunds
      WHERE seller_next_action = 'SELLER_RESPOND_REFUND' AND respond_by > now() AND status_source = 'Marketplace' ORDER BY id DESC LIMIT 1`,
  );
  await page.goto('/refunds');
  await grid(page).locator('tbody tr').first().waitFor();

  // Search.
  // Until the page is hydrated a key does nothing, so the first press is retried.
  const search = page.getByRole('searchbox', { name: 'Search refunds' });
  await expect(async () => {
    await page.keyboard.press('/');
    await expect(search).toBeFocused({ timeout: 500 });
  }).toPass();
  await expect(search).toHaveValue('');
  await page.keyboard.type(target!.refund_id);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`q=${target!.refund_id}`));
  await expect(grid(page).locator('tbody tr[data-refund-id]')).toHaveCount(1);

  // Escape leaves the box for the grid's current row, keeping what was typed.
  await page.keyboard.press('Escape');
  await expect(row(page, target!.refund_id)).toBeFocused();
  await expect(search).toHaveValue(target!.refund_id);

  // Open the Refund Data and come back to the same row.
  await page.keyboard.press('Enter');
  const modal = page.getByRole('dialog', { name: `Refund Data · ${target!.refund_id}` });
  await expect(modal).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(modal).toBeHidden();
  await expect(row(page, target!.refund_id)).toBeFocused();

  // Decide: c opens Completed; Tab reaches Confirm; the row keeps the focus afterwards.
  await page.keyboard.press('c');
  const dialog = page.getByRole('dialog', { name: /Mark Completed/ });
  await expect(dialog.getByTestId('decision-plan')).toContainText('Confirm sends “approve refund” to TikTok');
  const confirm = dialog.getByRole('button', { name: 'Confirm: approve on TikTok' });
  await expect(confirm).toBeEnabled();
  for (let i = 0; i < 15 && !(await confirm.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(confirm).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `${target!.refund_id}: Approved on TikTok` })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(row(page, target!.refund_id).locator('[data-status]')).toHaveAttribute('data-status', /Accepted|Pending/);
  await expect(row(page, target!.refund_id)).toBeFocused();

  // ? lists the shortcuts.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: /Keyboard shortcuts/ })).toBeVisible();
});
