import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { E2eRole } from '../support/e2e-users';
import { authFile, sql } from './fixtures';

/**
 * axe-core (WCAG 2.1 A and AA, contrast included) on every page, signed in as each role, and on the
 * states people work in: a filter popover open, the Refund Data modal, the decision dialog.
 */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

const PAGES: Record<E2eRole, string[]> = {
  viewer: ['/refunds', '/reconciliation', '/analytics', '/sync-runs'],
  operator: ['/refunds', '/reconciliation', '/sync-runs'],
  admin: ['/refunds', '/accounts', '/users', '/audit', '/settings', '/sync-runs'],
};

for (const role of ['viewer', 'operator', 'admin'] as const) {
  test.describe(role, () => {
    test.use({ storageState: authFile(role), viewport: { width: 1280, height: 900 } });
    for (const path of PAGES[role]) {
      test(`${path} has no WCAG A/AA violations`, async ({ page }) => {
        await page.goto(path);
        // The page itself, not its loading skeleton: while the grid streams in, both are in the DOM
        // for a moment (the skeleton is the <main aria-busy>), and "any main" matched two.
        await page.locator('main:not([aria-busy="true"])').waitFor();
        // Charts draw after load; the page is checked once they are there.
        if (path === '/analytics') await page.locator('.recharts-surface').first().waitFor();
        expect(await violations(page)).toEqual([]);
      });
    }
  });
}

test.describe('dialogs and popovers', () => {
  test.use({ storageState: authFile('operator'), viewport: { width: 1280, height: 900 } });

  test('a filter popover, the Refund Data modal and the decision dialog have no violations', async ({ page }) => {
    await page.goto('/refunds');
    await page
      .getByRole('list', { name: 'Filters' })
      .getByRole('button', { name: /^Account/ })
      .click();
    await page.getByRole('dialog', { name: 'Account' }).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    const [refund] = await sql<{ id: number }>(`SELECT id FROM refunds WHERE line_items <> '[]' ORDER BY id LIMIT 1`);
    await page.goto(`/refunds?detail=${refund!.id}`);
    await page.getByRole('dialog').first().waitFor();
    expect(await violations(page)).toEqual([]);

    const [waiting] = await sql<{ refund_id: string }>(
      `SELECT marketplace_refund_id AS refund_id FROM refunds WHERE seller_next_action = 'SELLER_RESPOND_REFUND' AND respond_by > now() ORDER BY id LIMIT 1`,
    );
    await page.goto(`/refunds?refundId=${waiting!.refund_id}`);
    await page
      .getByRole('button', { name: /Completed/ })
      .first()
      .click();
    await page.getByTestId('decision-plan').waitFor();
    expect(await violations(page)).toEqual([]);
  });
});

test('the sign-in page has no violations', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/login');
  expect(await violations(page)).toEqual([]);
  await context.close();
});
