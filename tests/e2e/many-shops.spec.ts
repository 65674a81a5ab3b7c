import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { authFile, sql } from './fixtures';

/**
 * An agency's panel: dozens of shops, several of them failing. The grid must stay on the first
 * screen (one banner for the failures, one line for the shops' freshness), with every shop and
 * every failure one click (or Enter) away, the shops that need attention first.
 */
const PREFIX = 'Many Shops e2e';

async function wcagViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}
const SHOPS = 60;
const RUN_BY = 'many-shops@e2e.test';

/** A run over the added shops, as a sync would have left it: 5 failed, the rest succeeded (or still running). */
async function addRun(outcome: 'PartiallyFailed' | 'Running'): Promise<number> {
  const [run] = await sql<{ id: number }>(
    `INSERT INTO sync_runs (trigger, requested_by, outcome, finished_at) VALUES ('Manual', $1, $2::"SyncOutcome", CASE WHEN $2 = 'Running' THEN NULL ELSE now() END) RETURNING id`,
    [RUN_BY, outcome],
  );
  await sql(
    `INSERT INTO sync_run_accounts (run_id, account_id, outcome, started_at, finished_at, pages, fetched, updated, unchanged, error_code, error)
     SELECT $1, id, CASE WHEN last_sync_outcome = 'Failed' THEN 'Failed'::"SyncOutcome" WHEN $3 = 'Running' AND id % 2 = 0 THEN 'Running'::"SyncOutcome" ELSE 'Succeeded'::"SyncOutcome" END,
            now(), now(), 2, 10, 1, 9,
            CASE WHEN last_sync_outcome = 'Failed' THEN '105002' END, CASE WHEN last_sync_outcome = 'Failed' THEN 'access token expired' END
       FROM shop_accounts WHERE name LIKE $2`,
    [run!.id, `${PREFIX}%`, outcome],
  );
  return run!.id;
}

/** Copies of a seeded shop (credentials included, never synced by these tests): 5 failed, 3 never synced, the rest synced 1-60 h ago. */
async function addShops() {
  await sql(
    `INSERT INTO shop_accounts (name, environment, shop_id, shop_cipher, shop_code, region, seller_type, app_key, app_secret_enc, access_token_enc,
       access_token_expires_at, refresh_token_enc, refresh_token_expires_at, granted_scopes, api_base_url, auth_base_url, write_back, active,
       last_sync_at, last_sync_outcome, last_sync_error, last_successful_sync_at, service_id, updated_at)
     SELECT $1 || ' ' || lpad(g::text, 2, '0'), environment, NULL, NULL, NULL, region, seller_type, app_key, app_secret_enc, access_token_enc,
       access_token_expires_at, refresh_token_enc, refresh_token_expires_at, granted_scopes, api_base_url, auth_base_url, false, true,
       now() - g * interval '1 hour',
       CASE WHEN g <= 5 THEN 'Failed'::"SyncOutcome" ELSE 'Succeeded'::"SyncOutcome" END,
       CASE WHEN g <= 5 THEN 'TikTok answered 105002: access token expired' END,
       CASE WHEN g BETWEEN 6 AND 8 THEN NULL ELSE now() - g * interval '1 hour' - interval '30 minutes' END, service_id, now()
       FROM shop_accounts, generate_series(1, $2::int) g WHERE id = (SELECT min(id) FROM shop_accounts)`,
    [PREFIX, SHOPS],
  );
}

/**
 * Requests for the added shops: copies of the first shop's requests of the last 25 days (so in
 * the analytics' default range), shop n getting n of them, so the added shops rank by number.
 */
async function addRefunds() {
  const [row] = await sql<{ columns: string }>(
    `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS columns FROM information_schema.columns
      WHERE table_name = 'refunds' AND column_name NOT IN ('id', 'account_id', 'reason_label', 'decision_claim_id')`,
  );
  const columns = row!.columns;
  await sql(
    `INSERT INTO refunds (account_id, ${columns})
     SELECT s.id, ${columns
       .split(', ')
       .map((c) => `r.${c}`)
       .join(', ')}
       FROM shop_accounts s
       CROSS JOIN LATERAL (
         SELECT * FROM refunds WHERE account_id = (SELECT min(id) FROM shop_accounts) AND marketplace_created_at > now() - interval '25 days'
          ORDER BY id LIMIT substring(s.name FROM '[0-9]+$')::int) r
      WHERE s.name LIKE $1`,
    [`${PREFIX}%`],
  );
}

test.afterEach(async () => {
  await sql(`DELETE FROM sync_runs WHERE requested_by = $1`, [RUN_BY]);
  await sql(`DELETE FROM refunds WHERE account_id IN (SELECT id FROM shop_accounts WHERE name LIKE $1)`, [`${PREFIX}%`]);
  await sql(`DELETE FROM shop_accounts WHERE name LIKE $1`, [`${PREFIX}%`]);
});

test('analytics over dozens of shops: the nine with the most requests and the rest summed, in the charts and their tables, at 1280 and 1920 px', async ({
  browser,
}) => {
  await addShops();
  await addRefunds();
  const [{ copied } = { copied: 0 }] = await sql<{ copied: number }>(
    `SELECT count(*)::int AS copied FROM refunds WHERE account_id IN (SELECT id FROM shop_accounts WHERE name LIKE $1)`,
    [`${PREFIX}%`],
  );
  // Shops 01-60 got 1-60 requests each, as many as the first shop had in the range.
  expect(copied).toBeGreaterThan(SHOPS);
  for (const width of [1280, 1920]) {
    const context = await browser.newContext({ storageState: authFile('viewer'), viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto('/analytics');
    const card = page.locator('[data-chart="refunds"]');
    await expect(card).toContainText(/stacked by shop: the 9 with the most requests, the \d+ other shops summed/);
    // Ten series in the legend, the rest last (in the stack's order, not by name).
    const legend = card.locator('.recharts-legend-item-text');
    await expect(legend).toHaveCount(10);
    await expect(legend.last()).toHaveText(/^\d+ other shops$/);
    await card.getByText('Figures as a table').click();
    const headers = card.locator('thead th');
    await expect(headers).toHaveCount(11);
    await expect(headers.last()).toHaveText(/^\d+ other shops$/);
    // The rest's cells link to the grid with their shops (fewer than 100 of them fit one URL).
    const rest = card.locator('tbody tr td:last-child a').first();
    await expect(rest).toHaveAttribute('href', /account=(\d+(%2C|,)){20,}\d+/);
    // No cell of the table covers another, and nothing runs out of the page.
    const problems = await card.evaluate((section) => {
      const found: string[] = [];
      for (const row of section.querySelectorAll('tr')) {
        const cells = [...row.children].map((cell) => cell.getBoundingClientRect());
        for (let i = 1; i < cells.length; i++)
          if (cells[i]!.left < cells[i - 1]!.right - 0.5) found.push(`${row.textContent.slice(0, 20)}: cells ${i - 1} and ${i}`);
      }
      if (document.documentElement.scrollWidth > document.documentElement.clientWidth) found.push('the page scrolls sideways');
      return found;
    });
    expect(problems).toEqual([]);
    expect(await wcagViolations(page)).toEqual([]);
    await context.close();
  }
});

test('dozens of shops: one failure banner and a freshness line keep the grid on the first screen; the lists open on demand, stalest first', async ({
  browser,
}) => {
  await addShops();
  const [counts] = await sql<{ active: number; failing: number }>(
    `SELECT count(*)::int AS active, count(*) FILTER (WHERE last_sync_outcome IN ('Failed', 'PartiallyFailed'))::int AS failing FROM shop_accounts WHERE active`,
  );
  const { active, failing } = counts!;
  const stalest = await sql<{ name: string }>(
    `SELECT name FROM shop_accounts WHERE active AND last_successful_sync_at IS NOT NULL ORDER BY last_successful_sync_at, id LIMIT 3`,
  );
  const never = await sql<{ name: string }>(`SELECT name FROM shop_accounts WHERE active AND last_successful_sync_at IS NULL ORDER BY id`);

  for (const width of [1280, 1920]) {
    const context = await browser.newContext({ storageState: authFile('viewer'), viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto('/refunds');
    const firstRow = page.getByRole('table', { name: 'Refund requests' }).locator('tbody tr[data-refund-id]').first();
    await firstRow.waitFor();
    // One banner for every failure, naming the count; no shop listed one by one yet.
    const banner = page.getByRole('alert').filter({ hasText: 'The last sync of' });
    await expect(banner).toHaveCount(1);
    await expect(banner).toContainText(`The last sync of ${failing} shops failed or finished with errors`);
    await expect(page.getByRole('list', { name: 'Accounts and their last sync' })).toHaveCount(0);
    const summary = page.locator('p', { hasText: `${active} shops · last synced between` });
    await expect(summary).toContainText(`${never.length} shops never synced`);
    await expect(summary).toContainText(`longest since a sync: ${stalest[0]!.name} (`);
    for (const shop of stalest) await expect(summary).toContainText(shop.name);
    // The point of it: the grid's first row is on the first screen.
    await expect(firstRow).toBeInViewport();

    // By keyboard: the failures open, each with its error, and close again.
    const showFailures = page.getByRole('button', { name: `Show all ${failing}` });
    await showFailures.focus();
    await page.keyboard.press('Enter');
    const failures = page.getByRole('list', { name: 'Shops whose last sync failed' }).getByRole('listitem');
    await expect(failures).toHaveCount(failing);
    await expect(failures.filter({ hasText: `${PREFIX} 01` })).toContainText('access token expired');
    await expect(page.getByRole('button', { name: 'Hide them' })).toHaveAttribute('aria-expanded', 'true');

    // Every active shop, never synced first, then the longest since a sync.
    await page.getByRole('button', { name: `Show all ${active}` }).click();
    const shops = page.getByRole('list', { name: 'Accounts and their last sync' }).getByRole('listitem');
    await expect(shops).toHaveCount(active);
    const listed = await shops.allTextContents();
    for (const [i, shop] of never.entries()) {
      expect(listed[i]).toContain(shop.name);
      expect(listed[i]).toMatch(/never synced$/);
    }
    expect(listed[never.length]).toContain(stalest[0]!.name);
    // Both lists open: still WCAG A/AA (contrast of the banner's links and buttons included).
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Hide the list' }).click();
    await expect(shops).toHaveCount(0);
    await context.close();
  }
});

test('Shop accounts with dozens of shops: pages of 50, found by name, shop id or state; odd query strings show the first page', async ({ browser }) => {
  await addShops();
  const [{ all }] = (await sql<{ all: number }>(`SELECT count(*)::int AS all FROM shop_accounts`)) as [{ all: number }];
  const context = await browser.newContext({ storageState: authFile('admin'), viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const rows = page.getByRole('table', { name: 'Shop accounts' }).locator('tbody tr[data-account-id]');

  await page.goto('/accounts');
  await expect(page.getByRole('status').filter({ hasText: 'accounts' })).toHaveText(`1–50 of ${all} accounts`);
  await expect(rows).toHaveCount(50);
  await page.getByRole('navigation', { name: 'Account pages' }).getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(rows).toHaveCount(all - 50);
  await expect(page.getByText(`Page 2 of 2`)).toBeVisible();

  // By keyboard: a name and a state, submitted with Enter.
  await page.getByLabel('Find a shop').fill(`${PREFIX} 0`);
  await page.getByLabel('Show').selectOption({ label: 'Last sync failed' });
  await page.getByLabel('Find a shop').press('Enter');
  await expect(page).toHaveURL(/state=failing/);
  await expect(rows).toHaveCount(5);
  await expect(page.getByRole('status').filter({ hasText: 'matching' })).toHaveText(`1–5 of 5 matching (${all} in all)`);
  await expect(rows.first()).toContainText('access token expired');
  await expect(page.getByLabel('Find a shop')).toHaveValue(`${PREFIX} 0`);
  // After a client-side navigation Next sets the title a moment after the content.
  await expect(page).toHaveTitle(/Shop accounts/);
  expect(await wcagViolations(page)).toEqual([]);

  // Never synced, by the part of a name; then a query string nobody typed: the first page, unfiltered.
  await page.goto(`/accounts?q=${encodeURIComponent(PREFIX)}&state=never`);
  await expect(rows).toHaveCount(3);
  for (const query of ['?page=abc&state=zzz', '?q=%00%00&page=-1', '?page=99999999', `?q=${'x'.repeat(5000)}`]) {
    const response = await page.goto(`/accounts${query}`);
    expect(response?.status(), query).toBe(200);
    await expect(page.getByRole('heading', { name: 'Shop accounts' })).toBeVisible();
  }
  // A page past the end shows the last one.
  await page.goto('/accounts?page=7');
  await expect(page.getByText('Page 2 of 2')).toBeVisible();
  await context.close();
});

test('the shop pickers with dozens of shops: the grid filter keeps every name and id inside it; analytics finds shops and keeps its filters short', async ({
  browser,
}) => {
  await addShops();
  const context = await browser.newContext({ storageState: authFile('viewer'), viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/refunds');
  await page.getByRole('button', { name: /^Account/ }).click();
  const editor = page.getByRole('form', { name: 'Account filter' });
  await expect(editor).toBeVisible();
  // Names and 19-digit shop ids stay inside the popover (side by side they ran out of it).
  const outside = await editor.evaluate((form) => {
    const box = form.getBoundingClientRect();
    return [...form.querySelectorAll('label span')]
      .filter((span) => span.getBoundingClientRect().right > box.right + 0.5 || span.scrollWidth > span.clientWidth + 1)
      .map((span) => span.textContent);
  });
  expect(outside).toEqual([]);
  await page.getByPlaceholder('Find account').fill(`${PREFIX} 07`);
  await expect(editor.getByRole('checkbox')).toHaveCount(1);

  await page.goto('/analytics');
  const filters = page.getByRole('form', { name: 'Analytics filters' });
  await expect(filters).toBeVisible();
  // The shops scroll inside the filters: the form stays within a screenful's share.
  expect((await filters.boundingBox())!.height).toBeLessThan(320);
  await page.getByLabel('Find shops').fill(`${PREFIX} 1`);
  const shops = page.getByRole('group', { name: 'Shops' }).getByRole('checkbox');
  await expect(shops).toHaveCount(10);
  await page.getByRole('checkbox', { name: `${PREFIX} 12`, exact: true }).check();
  await expect(page).toHaveURL(/account=\d+/);
  // The chosen shop stays listed first whatever is searched, and one click clears it.
  await page.getByLabel('Find shops').fill('no such shop');
  await expect(shops).toHaveCount(1);
  await expect(shops.first()).toBeChecked();
  await page.getByRole('button', { name: 'Clear 1 chosen' }).click();
  await expect(page).not.toHaveURL(/account=/);
  await context.close();
});

test('a sync run over dozens of shops: its totals and the failed shops first on Sync runs, every shop on its own page, a short live panel', async ({
  browser,
}) => {
  await addShops();
  const runId = await addRun('PartiallyFailed');
  const context = await browser.newContext({ storageState: authFile('operator'), viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/sync-runs');
  const row = page.locator(`tr[data-run-id="${runId}"]`);
  await expect(row).toContainText(
    `${SHOPS} accounts: ${SHOPS - 5} succeeded, 5 failed · ${SHOPS * 2} pages · ${SHOPS * 10} fetched · 0 new · ${SHOPS} updated`,
  );
  const named = row.getByRole('listitem');
  await expect(named).toHaveCount(6);
  for (let i = 0; i < 5; i++) await expect(named.nth(i)).toContainText('Failed');
  await expect(named.nth(5)).toContainText('Succeeded');
  await row.getByRole('link', { name: `All ${SHOPS} accounts of run #${runId}` }).click();
  await expect(page).toHaveURL(new RegExp(`/sync-runs/${runId}$`));
  await expect(page.getByRole('heading', { name: `Sync run #${runId}` })).toBeVisible();
  const accounts = page.getByRole('table', { name: `Accounts of sync run ${runId}` }).locator('tbody tr');
  await expect(accounts).toHaveCount(SHOPS);
  await expect(accounts.first()).toContainText('105002: access token expired');
  await expect(accounts.last()).toContainText('Succeeded');
  await expect(page).toHaveTitle(/Sync run/);
  expect(await wcagViolations(page)).toEqual([]);
  // A run id nobody has, or no id at all: not found, never an error page.
  for (const id of ['999999999', 'abc', '1e3', '-1']) expect((await page.goto(`/sync-runs/${id}`))?.status(), id).toBe(404);

  // The Sync Refunds panel follows a running run over the same shops: totals, the failed first, the rest behind a link.
  const running = await addRun('Running');
  await page.goto('/refunds');
  const panel = page.getByRole('region', { name: 'Sync progress' });
  await expect(panel).toContainText(`${SHOPS} accounts: `);
  await expect(panel.getByRole('listitem')).toHaveCount(6);
  await expect(panel.getByRole('listitem').first()).toContainText('Failed');
  await expect(panel.getByRole('link', { name: `and ${SHOPS - 6} more: all ${SHOPS} accounts of run ${running}` })).toBeVisible();
  await context.close();
});
