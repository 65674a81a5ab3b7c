import { test, type Page } from '@playwright/test';
import { authFile, sql } from '../e2e/fixtures';

/**
 * `npm run screenshots`: the main screens at 1280 and 1920 px, written to docs/screenshots/ (the
 * README shows them). Runs against the e2e server and its data, signed in as the operator (what
 * support staff see) and the admin (settings).
 */

const WIDTHS = [1280, 1920] as const;
const out = (name: string, width: number) => `docs/screenshots/${name}-${width}.png`;

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  // The grid's totals load after the rows.
  await page
    .getByText('Totals…')
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => undefined);
}

for (const width of WIDTHS) {
  test.describe(`${width} px`, () => {
    test.use({ viewport: { width, height: width === 1280 ? 800 : 1080 }, storageState: authFile('operator') });

    test('grid, modal, decision dialog, reconciliation', async ({ page }) => {
      await sql(`DELETE FROM grid_preferences WHERE user_id = (SELECT id FROM users WHERE email = 'operator@e2e.test')`);
      await page.goto('/refunds');
      await settle(page);
      await page.screenshot({ path: out('grid', width) });

      await page
        .getByRole('list', { name: 'Filters' })
        .getByRole('button', { name: /^Created/ })
        .click();
      await page.getByRole('dialog', { name: 'Created' }).waitFor();
      await page.screenshot({ path: out('filter-created', width) });
      await page.keyboard.press('Escape');
      await page.goto('/analytics');
      await page.locator('.recharts-surface').first().waitFor();
      await settle(page);
      await page.screenshot({ path: out('analytics', width) });

      const [refund] = await sql<{ id: number }>(`SELECT id FROM refunds WHERE line_items <> '[]' AND status = 'Refund' ORDER BY id LIMIT 1`);
      await page.goto(`/refunds?detail=${refund!.id}`);
      await page.getByRole('region', { name: 'Settlement' }).waitFor();
      await settle(page);
      await page.screenshot({ path: out('refund-data', width) });

      const [waiting] = await sql<{ refund_id: string }>(
        `SELECT marketplace_refund_id AS refund_id FROM refunds WHERE seller_next_action = 'SELLER_RESPOND_REFUND' AND respond_by > now() ORDER BY id LIMIT 1`,
      );
      await page.goto(`/refunds?refundId=${waiting!.refund_id}`);
      await page
        .getByRole('button', { name: /Completed/ })
        .first()
        .click();
      await page.getByTestId('decision-plan').waitFor();
      await page.screenshot({ path: out('completed-dialog', width) });

      await page.goto('/reconciliation');
      await settle(page);
      await page.screenshot({ path: out('reconciliation', width) });
    });
  });

  test.describe(`${width} px, admin`, () => {
    test.use({ viewport: { width, height: width === 1280 ? 800 : 1080 }, storageState: authFile('admin') });
    test('settings and sync runs', async ({ page }) => {
      await page.goto('/settings');
      await page.screenshot({ path: out('settings', width), fullPage: true });
      await page.goto('/sync-runs');
      await page.screenshot({ path: out('sync-runs', width) });
    });
  });
}
