import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { measureRouteWeight, WEIGHT_BUDGETS } from '../../scripts/bench/weight';
import { authFile, sql } from './fixtures';

/**
 * The analytics page as a viewer uses it: every chart titled with its figures in a table, and a
 * click on a bar or a slice opening the grid filtered to exactly the refunds it counted.
 */

test.use({ storageState: authFile('viewer') });

const ZONE = 'America/New_York';

/** Every refund of the e2e data set falls in this range (created dates in the store's zone). */
async function dataRange(): Promise<{ from: string; to: string }> {
  const [row] = await sql<{ from: string; to: string }>(
    `SELECT min((marketplace_created_at AT TIME ZONE $1)::date)::text AS from, max((marketplace_created_at AT TIME ZONE $1)::date)::text AS to FROM refunds`,
    [ZONE],
  );
  return row!;
}

/** The grid links of a chart's table, with the figure each shows (the chart's bars link to the same places). */
async function tableLinks(page: Page, chart: string): Promise<Map<string, number>> {
  const links = page.locator(`section[data-chart="${chart}"] details a`);
  const entries = await links.evaluateAll((anchors) => anchors.map((a) => [a.getAttribute('href') ?? '', a.textContent] as const));
  return new Map(entries.map(([href, text]) => [href, Number(text.replaceAll(',', ''))]));
}

/**
 * Clicks the largest drawn shape among `selector` in a chart (a bar or a slice someone would aim
 * at), at a point where it is the element under the pointer: a donut slice's box has its middle
 * in the hole, or on another slice.
 */
async function clickLargest(page: Page, chart: string, selector: string) {
  const shapes = page.locator(`section[data-chart="${chart}"] ${selector}`);
  await expect(shapes.first()).toBeVisible();
  const point = await shapes.evaluateAll((elements) => {
    const area = (element: Element) => element.getBoundingClientRect().width * element.getBoundingClientRect().height;
    const largest = [...elements].sort((a, b) => area(b) - area(a))[0]!;
    largest.scrollIntoView({ block: 'center' });
    const box = largest.getBoundingClientRect();
    for (let fy = 0.5; fy < 1; fy += 0.05)
      for (const y of [box.top + box.height * fy, box.top + box.height * (1 - fy)])
        for (let fx = 0.05; fx < 1; fx += 0.05) {
          const x = box.left + box.width * fx;
          if (document.elementFromPoint(x, y) === largest) return { x, y };
        }
    return null;
  });
  expect(point, `a point of ${selector} in ${chart} that can be clicked`).not.toBeNull();
  await page.mouse.click(point!.x, point!.y);
}

/** The grid's own total, once it shows the server's answer for the URL. */
async function gridTotal(page: Page): Promise<number> {
  await expect(page.getByRole('table', { name: 'Refund requests' })).toHaveAttribute('aria-busy', 'false');
  const text = await page.getByText(/[\d,]+ refund requests? · times in/).textContent();
  return Number(/([\d,]+) refund/.exec(text!)![1]!.replaceAll(',', ''));
}

test('viewers find Analytics in the navigation; every chart has a title and its figures as a table', async ({ page }) => {
  await page.goto('/refunds');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
  await expect(page).toHaveURL(/\/analytics$/);
  await expect(page.getByRole('heading', { name: 'Analytics', level: 1 })).toBeVisible();
  for (const title of [
    'Refund requests by shop',
    'Refund rate by shop',
    'Seller fault or buyer remorse',
    'Most frequent reasons',
    'Response time and auto-approvals',
    'Decisions by operator',
  ])
    await expect(page.getByRole('heading', { name: title, level: 2 })).toBeVisible();
  // One amount chart and one SKU chart per currency, never a sum across currencies.
  const currencies = await sql<{ currency: string }>(
    `SELECT DISTINCT currency FROM refunds WHERE currency IS NOT NULL AND (marketplace_created_at AT TIME ZONE $1)::date >= (now() AT TIME ZONE $1)::date - 29`,
    [ZONE],
  );
  for (const { currency } of currencies) {
    await expect(page.getByRole('heading', { name: `Refund amount in ${currency} by shop` })).toBeVisible();
    await expect(page.getByRole('heading', { name: `Top SKUs by refunded amount, ${currency}` })).toBeVisible();
  }
  // The text alternative opens from the keyboard and its figures are links.
  const summary = page.locator('section[data-chart="refunds"] summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('section[data-chart="refunds"] table')).toBeVisible();
  await expect(page.locator('section[data-chart="refunds"] table a').first()).toHaveAttribute('href', /^\/refunds\?account=\d+/);
});

test('clicking a bar opens the grid filtered to exactly the refunds it counts', async ({ page }) => {
  const range = await dataRange();
  await page.goto(`/analytics?createdFrom=${range.from}&createdTo=${range.to}&granularity=week`);
  const figures = await tableLinks(page, 'refunds');
  expect(figures.size).toBeGreaterThan(3);
  await clickLargest(page, 'refunds', '.recharts-bar-rectangle path');
  await expect(page).toHaveURL(/\/refunds\?/);
  const url = new URL(page.url());
  const href = `${url.pathname}${url.search}`;
  expect(figures.has(href), `${href} is one of the chart's figures`).toBe(true);
  const total = await gridTotal(page);
  expect(total).toBe(figures.get(href));
  await expect(page.getByRole('list', { name: 'Filters' })).toContainText('Account:');
  // The same refunds by the test's own SQL: that shop, those store days.
  const params = url.searchParams;
  const [own] = await sql<{ n: string }>(
    `SELECT count(*) AS n FROM refunds WHERE account_id = $1 AND (marketplace_created_at AT TIME ZONE $2)::date BETWEEN $3 AND $4`,
    [Number(params.get('account')), ZONE, params.get('createdFrom'), params.get('createdTo')],
  );
  expect(total).toBe(Number(own!.n));
});

test('clicking a slice of the reason split opens the grid filtered to that group', async ({ page }) => {
  const range = await dataRange();
  await page.goto(`/analytics?createdFrom=${range.from}&createdTo=${range.to}`);
  const figures = await tableLinks(page, 'reason-groups');
  await clickLargest(page, 'reason-groups', '.recharts-pie-sector path');
  await expect(page).toHaveURL(/\/refunds\?.*reasonGroup=/);
  const url = new URL(page.url());
  const total = await gridTotal(page);
  expect(total).toBe(figures.get(`${url.pathname}${url.search}`));
  await expect(page.getByRole('list', { name: 'Filters' })).toContainText('Reason group:');
});

test('filters live in the URL: a shop, a currency and a granularity narrow every chart and its links', async ({ page }) => {
  const range = await dataRange();
  await page.goto(`/analytics?createdFrom=${range.from}&createdTo=${range.to}`);
  const filters = page.getByRole('form', { name: 'Analytics filters' });
  const [shop] = await sql<{ id: number; name: string; currency: string }>(
    `SELECT a.id, a.name, min(r.currency) AS currency FROM shop_accounts a JOIN refunds r ON r.account_id = a.id GROUP BY 1, 2 ORDER BY 1 LIMIT 1`,
  );
  await filters.getByLabel(shop!.name).check();
  await expect(page).toHaveURL(new RegExp(`account=${shop!.id}`));
  await filters.getByLabel(shop!.currency, { exact: true }).check();
  await expect(page).toHaveURL(new RegExp(`currency=${shop!.currency}`));
  // The radio is drawn as a segment of a button group: people click its label.
  await filters.getByText('Month', { exact: true }).click();
  await expect(page).toHaveURL(/granularity=month/);
  await expect(filters).toHaveAttribute('aria-busy', 'false');
  const links = [...(await tableLinks(page, 'refunds')).keys()];
  expect(links.length).toBeGreaterThan(0);
  for (const href of links) expect(href).toMatch(new RegExp(`account=${shop!.id}&.*currency=${shop!.currency}`));
  // A reload shows the same page.
  await page.reload();
  await expect(filters.getByLabel(shop!.name)).toBeChecked();
  await expect(filters.getByLabel(shop!.currency, { exact: true })).toBeChecked();
  await expect(filters.getByRole('radio', { name: 'Month' })).toBeChecked();
});

test('the first-load JavaScript of /analytics, and the charts loaded after it, stay within their budgets', () => {
  const weight = measureRouteWeight('/analytics');
  expect(weight.firstLoadKb).toBeLessThanOrEqual(WEIGHT_BUDGETS.analyticsFirstLoadKb);
  expect(weight.lazyKb).toBeGreaterThan(0);
  expect(weight.lazyKb).toBeLessThanOrEqual(WEIGHT_BUDGETS.analyticsChartsKb);
  // Recharts is in neither first load: not the grid's, not the analytics page's.
  const hasRecharts = (file: string) => readFileSync(file, 'utf8').includes('recharts-wrapper');
  expect(weight.lazyFiles.some(hasRecharts)).toBe(true);
  expect([...weight.firstLoadFiles, ...measureRouteWeight('/refunds').firstLoadFiles].filter(hasRecharts)).toEqual([]);
  expect(measureRouteWeight('/refunds').firstLoadKb).toBeLessThanOrEqual(WEIGHT_BUDGETS.refundsFirstLoadKb);
});
