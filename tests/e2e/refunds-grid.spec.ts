import { expect, test, type Page } from '@playwright/test';
import { authFile, sql } from './fixtures';

const grid = (page: Page) => page.getByRole('table', { name: 'Refund requests' });
const rows = (page: Page) => grid(page).locator('tbody tr[data-refund-id]');
/** The rows' ids once the grid has rows (right after a navigation or reload it may have none yet). */
const refundIds = async (page: Page) => {
  await rows(page).first().waitFor();
  await expect(grid(page)).toHaveAttribute('aria-busy', 'false');
  return rows(page).evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.refundId!));
};

/** Waits until the grid shows the server's answer for the current URL. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect(grid(page)).toHaveAttribute('aria-busy', 'false');
}

test.describe('browsing (viewer)', () => {
  test.use({ storageState: authFile('viewer') });
  // Column positions below assume the default layout (opening a shared view elsewhere may change it).
  test.beforeEach(async () => {
    await sql(`DELETE FROM grid_preferences WHERE user_id = (SELECT id FROM users WHERE email = 'viewer@e2e.test')`);
  });

  test('shows an order id TikTok left out as a dash', async ({ page }) => {
    const [row] = await sql<{ id: number; refund_id: string; order_id: string }>(
      'SELECT id, marketplace_refund_id AS refund_id, marketplace_order_id AS order_id FROM refunds ORDER BY id LIMIT 1',
    );
    // The sync stores a missing order_id as an empty string.
    await sql('UPDATE refunds SET marketplace_order_id = $1 WHERE id = $2', ['', row!.id]);
    try {
      await page.goto(`/refunds?refundId=${row!.refund_id}`);
      await settled(page);
      const headers = await grid(page).locator('thead th').allTextContents();
      const column = headers.findIndex((text) => text.includes('Marketplace Order ID'));
      expect(column).toBeGreaterThanOrEqual(0);
      const cells = grid(page).locator(`tbody tr[data-refund-id="${row!.refund_id}"] > *`);
      await expect(cells.nth(column)).toHaveText('—');
    } finally {
      await sql('UPDATE refunds SET marketplace_order_id = $1 WHERE id = $2', [row!.order_id, row!.id]);
    }
  });

  test("/ leads to the grid, which server-renders the seed's columns in the store's zone", async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/refunds$/);
    await expect(page.getByText(/[\d,]+ refund requests · times in America\/New_York/)).toBeVisible();
    for (const column of [
      'Marketplace Refund ID',
      'Marketplace Order ID',
      'Account ID',
      'Type',
      'Status',
      'Marketplace Status',
      'Reason',
      'Amount',
      'Respond by',
      'Created At',
      'Updated At',
      'Refund Data',
      'Actions',
    ]) {
      await expect(
        grid(page)
          .getByRole('columnheader', { name: new RegExp(column) })
          .first(),
      ).toBeVisible();
    }
    await expect(rows(page)).toHaveCount(50);
    // Dates are the store's (the header names its zone; each date's title carries it: EST/EDT, or
    // GMT-5 / GMT-4), never the browser's (Tokyo).
    await expect(page.getByText('times in America/New_York')).toBeVisible();
    await expect(
      rows(page)
        .first()
        .locator('td span[title]')
        .filter({ hasText: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/ })
        .first(),
    ).toHaveAttribute('title', /\d{2}:\d{2} (EST|EDT|GMT-[45])$/);
    await expect(rows(page).first()).not.toContainText('GMT+9');
    // A viewer sees no action buttons and no Sync button.
    await expect(page.getByRole('button', { name: /Completed/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sync Refunds' })).toHaveCount(0);
  });

  test('a bad query string gives the default view, never an error page', async ({ page }) => {
    const response = await page.goto(
      '/refunds?sort=password&dir=sideways&page=-4&size=7&status=Paid&account=abc&createdFrom=2026-02-31&refund=-1&cursor=%27%3B--',
    );
    expect(response?.status()).toBe(200);
    await expect(rows(page)).toHaveCount(50);
    await expect(page.getByRole('button', { name: /^All / })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel('Page', { exact: true })).toHaveValue('1');
    await expect(grid(page).getByRole('columnheader', { name: /Created At/ })).toHaveAttribute('aria-sort', 'descending');
  });

  test('status chips filter with their counts, and the URL, back and forward follow', async ({ page }) => {
    await page.goto('/refunds');
    const chip = page.getByRole('button', { name: /^Pending \d/ });
    const count = Number((await chip.innerText()).replace(/\D/g, ''));
    await chip.click();
    await expect(page).toHaveURL(/status=Pending/);
    await settled(page);
    await expect(page.getByText(new RegExp(`of ${count.toLocaleString('en-US')}$`))).toBeVisible();
    const statuses = await rows(page).locator('td:nth-child(5)').allInnerTexts();
    expect(statuses.every((s) => s.startsWith('Pending'))).toBe(true);
    await page.getByRole('button', { name: /^Rejected \d/ }).click();
    await expect(page).toHaveURL(/status=Pending%2CRejected|status=Pending,Rejected/);
    await page.goBack();
    await expect(page).toHaveURL(/status=Pending$/);
    await expect(page.getByRole('button', { name: /^Rejected \d/ })).toHaveAttribute('aria-pressed', 'false');
    await page.goForward();
    await expect(page.getByRole('button', { name: /^Rejected \d/ })).toHaveAttribute('aria-pressed', 'true');
    // Shared: the same URL in a fresh page shows the same rows.
    await page.reload();
    const ids = await refundIds(page);
    const other = await page.context().newPage();
    await other.goto(page.url());
    expect(await refundIds(other)).toEqual(ids);
  });

  test('every filter from the filter bar, alone and combined, lands in the URL and is removable', async ({ page }) => {
    const [sample] = await sql<{ refund_id: string; order_id: string; account_id: number; name: string; created: string }>(
      `SELECT r.marketplace_refund_id AS refund_id, r.marketplace_order_id AS order_id, r.account_id, a.name,
              to_char(r.marketplace_created_at AT TIME ZONE 'America/New_York', 'YYYY-MM-DD') AS created
         FROM refunds r JOIN shop_accounts a ON a.id = r.account_id WHERE r.type = 'ReturnAndRefund' ORDER BY r.id LIMIT 1`,
    );
    await page.goto('/refunds');
    const bar = page.getByRole('list', { name: 'Filters' });
    const open = async (chip: string) => {
      await bar.getByRole('button', { name: new RegExp(`^${chip}`) }).click();
      return page.getByRole('dialog', { name: chip });
    };
    // Refund id (exact), alone; Enter applies.
    let popover = await open('IDs');
    await popover.getByLabel('Marketplace Refund ID').fill(sample!.refund_id);
    await popover.getByLabel('Marketplace Refund ID').press('Enter');
    await expect(page).toHaveURL(new RegExp(`refundId=${sample!.refund_id}`));
    await expect(popover).toBeHidden();
    await settled(page);
    expect(await refundIds(page)).toEqual([sample!.refund_id]);
    await expect(bar).toContainText(`IDs: refund ${sample!.refund_id}`);
    await page.getByRole('button', { name: 'Remove filter IDs' }).click();
    await expect(page).not.toHaveURL(/refundId=/);

    // Order id prefix, account (found by its search box), type and created date together.
    popover = await open('IDs');
    await popover.getByLabel('Marketplace Order ID').fill(`${sample!.order_id.slice(0, 6)}*`);
    await popover.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/orderId=/);
    popover = await open('Account');
    await popover.getByLabel(sample!.name).check();
    await popover.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/account=/);
    popover = await open('Type');
    await popover.getByLabel('Return & Refund').check();
    await popover.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/type=/);
    popover = await open('Created');
    await popover.getByLabel('Created At from date').fill(sample!.created);
    await popover.getByLabel('Created At to date').fill(sample!.created);
    await popover.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(
      new RegExp(
        `orderId=${sample!.order_id.slice(0, 6)}\\*.*account=${sample!.account_id}.*type=ReturnAndRefund.*createdFrom=${sample!.created}.*createdTo=${sample!.created}`,
      ),
    );
    await settled(page);
    const shown = await refundIds(page);
    expect(shown).toContain(sample!.refund_id);
    const expected = await sql<{ id: string }>(
      `SELECT marketplace_refund_id AS id FROM refunds WHERE marketplace_order_id LIKE $1 AND account_id = $2 AND type = 'ReturnAndRefund'
         AND (marketplace_created_at AT TIME ZONE 'America/New_York')::date = $3::date`,
      [`${sample!.order_id.slice(0, 6)}%`, sample!.account_id, sample!.created],
    );
    expect(shown.sort()).toEqual(expected.map((r) => r.id).sort());
    await expect(bar.getByRole('button', { name: /^Remove filter/ })).toHaveCount(4);
    await expect(bar).toContainText(`Account: ${sample!.name}`);
    await expect(bar).toContainText(`Created: ${sample!.created}`);
    await page.getByRole('button', { name: 'Clear all' }).click();
    await expect(page).toHaveURL(/\/refunds$/);

    // A bad range is refused in the popover and changes nothing.
    popover = await open('Updated');
    await popover.getByLabel('Updated At from date').fill('2026-11-20');
    await popover.getByLabel('Updated At to date').fill('2026-11-10');
    await popover.getByRole('button', { name: 'Apply' }).click();
    await expect(popover.getByRole('alert')).toHaveText('The start is after the end.');
    await expect(page).toHaveURL(/\/refunds$/);
    // Escape closes it and gives focus back to its chip.
    await page.keyboard.press('Escape');
    await expect(popover).toBeHidden();
    await expect(bar.getByRole('button', { name: /^Updated/ })).toBeFocused();

    // Keyword, an updated-date preset (one click applies) and a flag.
    await page.getByRole('searchbox', { name: 'Search refunds' }).fill('damaged');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/q=damaged/);
    popover = await open('Updated');
    await popover.getByRole('group', { name: 'Updated At presets' }).getByRole('button', { name: 'Last 30 days' }).click();
    await expect(page).toHaveURL(/q=damaged.*updatedFrom=\d{4}-\d{2}-\d{2}.*updatedTo=\d{4}-\d{2}-\d{2}/);
    await settled(page);
    const reasons = await rows(page).locator('td:nth-child(7)').allInnerTexts();
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.every((r) => /damaged/i.test(r))).toBe(true);
  });

  test("a date filter means that day in the store's zone", async ({ page }) => {
    // A refund created between 00:00 and 05:00 UTC belongs to the previous day in New York.
    const [late] = await sql<{ id: string; utc_day: string; ny_day: string }>(
      `SELECT marketplace_refund_id AS id, to_char(marketplace_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS utc_day,
              to_char(marketplace_created_at AT TIME ZONE 'America/New_York', 'YYYY-MM-DD') AS ny_day
         FROM refunds WHERE extract(hour FROM marketplace_created_at AT TIME ZONE 'UTC') < 4 ORDER BY id LIMIT 1`,
    );
    expect(late!.utc_day).not.toBe(late!.ny_day);
    await page.goto(`/refunds?refundId=${late!.id}&createdFrom=${late!.ny_day}&createdTo=${late!.ny_day}`);
    expect(await refundIds(page)).toEqual([late!.id]);
    await page.goto(`/refunds?refundId=${late!.id}&createdFrom=${late!.utc_day}&createdTo=${late!.utc_day}`);
    await expect(page.getByText('No refunds match these filters.')).toBeVisible();
  });

  test('shows the money of every page of the filter per currency, never added across currencies', async ({ page }) => {
    await page.goto('/refunds?status=Refund,Accepted&size=20');
    const totals = page.getByTestId('totals-total');
    await expect(totals).toBeVisible();
    const expected = await sql<{ currency: string; count: string; amount: string }>(
      `SELECT currency, count(*) AS count, round(sum(refund_amount), 2)::text AS amount FROM refunds
        WHERE status IN ('Refund', 'Accepted') AND currency IS NOT NULL GROUP BY currency ORDER BY currency`,
    );
    expect(expected.length).toBeGreaterThan(1);
    for (const row of expected) {
      const entry = totals.locator(`[data-currency="${row.currency}"]`);
      await expect(entry).toContainText(row.currency);
      const text = (await entry.textContent())!;
      const [amount, count] = text.split('(');
      // Compared as numbers: a currency without minor units (VND) shows no ".00".
      expect(Number(amount!.replace(/[^\d.]/g, ''))).toBe(Number(row.amount));
      expect(count!.replace(/\D/g, '')).toBe(row.count);
    }
  });

  test('the page carries the money totals, from the log that counts it or from the rows it counts, with no second request', async ({ page }) => {
    const totalsCalls: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.headers()['next-action'] && (request.postData() ?? '').includes('"query"'))
        totalsCalls.push(request.postData()!);
    });
    // Status and currency filters: the count log answers counts and totals in one read.
    await page.goto('/refunds?status=Refund,Accepted&size=20');
    await expect(page.getByTestId('totals-total')).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(totalsCalls).toEqual([]);
    // A type under a created range over every shop: the logs summed over shops carry both.
    await page.goto('/refunds?type=Refund&createdFrom=2020-01-01');
    await expect(page.getByTestId('totals-total')).toBeVisible();
    // An updated range: no log follows it, so the rows are counted and summed in one read (until
    // 2026-11-30 the totals were a second request reading the same rows again).
    await page.goto('/refunds?updatedFrom=2020-01-01');
    await expect(page.getByTestId('totals-total')).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(totalsCalls).toEqual([]);
  });

  test('a page past the end shows the last page and says so in the URL; a typed page number is clamped', async ({ page }) => {
    await page.goto('/refunds?size=100&page=999');
    const total = Number((await sql<{ n: string }>('SELECT count(*) AS n FROM refunds'))[0]!.n);
    const last = Math.ceil(total / 100);
    await expect(page).toHaveURL(new RegExp(`page=${last}(&|$)`));
    await expect(page.getByLabel('Page', { exact: true })).toHaveValue(String(last));
    await page.getByLabel('Page', { exact: true }).fill('0');
    await page.getByLabel('Page', { exact: true }).press('Enter');
    await expect(page).not.toHaveURL(/page=/);
    await expect(page.getByLabel('Page', { exact: true })).toHaveValue('1');
  });

  test('sorts on the server by any sortable column, and pages by cursor and size', async ({ page }) => {
    await page.goto('/refunds?size=20');
    await expect(rows(page)).toHaveCount(20);
    await grid(page)
      .getByRole('button', { name: /Sort by Amount/ })
      .click();
    // Descending is the default direction, so the URL carries only the column.
    await expect(page).toHaveURL(/sort=amount(?!.*dir=)/);
    await settled(page);
    // Viewers have no selection column: Amount is the eighth cell.
    const amounts = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.children[7]!.textContent.replace(/[^\d.]/g, '')));
    const numbers = amounts.filter(Boolean).map(Number);
    expect(numbers.length).toBeGreaterThan(0);
    // Amounts sort within their currency (currency, then amount), never interleaving currencies.
    const stored = await sql<{ amount: string }>(
      'SELECT refund_amount::text AS amount FROM refunds WHERE refund_amount IS NOT NULL ORDER BY currency DESC NULLS LAST, refund_amount DESC, id DESC LIMIT 20',
    );
    expect(numbers).toEqual(stored.map((r) => Number(r.amount)));

    await grid(page)
      .getByRole('button', { name: /Sort by Updated At/ })
      .click();
    await expect(page).toHaveURL(/sort=updatedAt(?!.*dir=)/);
    await settled(page);
    const first = await refundIds(page);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/page=2&cursor=a\./);
    await settled(page);
    const second = await refundIds(page);
    expect(second.some((id) => first.includes(id))).toBe(false);
    const expected = await sql<{ id: string }>(
      'SELECT marketplace_refund_id AS id FROM refunds ORDER BY marketplace_updated_at DESC, id DESC OFFSET 20 LIMIT 20',
    );
    expect(second).toEqual(expected.map((r) => r.id));
    await page.getByRole('button', { name: 'Previous page' }).click();
    await settled(page);
    expect(await refundIds(page)).toEqual(first);
    await page.getByLabel('Rows per page').selectOption('100');
    await expect(page).toHaveURL(/size=100/);
    await expect(rows(page)).toHaveCount(100);
    await page.getByRole('button', { name: 'Last page' }).click();
    await settled(page);
    const total = Number((await sql<{ n: string }>('SELECT count(*) AS n FROM refunds'))[0]!.n);
    await expect(rows(page)).toHaveCount(total % 100 || 100);
  });

  test('the Refund Data modal has its own URL, loads without reloading the grid, and shows the timeline', async ({ page }) => {
    await page.goto('/refunds?status=Requested');
    await settled(page);
    // Mark the rendered grid: if opening the modal re-rendered the page from the server, the mark would survive only by chance.
    await grid(page).evaluate((table) => table.setAttribute('data-test-mark', 'kept'));
    const firstId = (await refundIds(page))[0]!;
    await page.getByRole('button', { name: `Refund data for ${firstId}` }).click();
    const dialog = page.getByRole('dialog', { name: `Refund Data · ${firstId}` });
    await expect(dialog).toBeVisible();
    await expect(page).toHaveURL(/status=Requested&detail=\d+/);
    await expect(grid(page)).toHaveAttribute('data-test-mark', 'kept');
    const timeline = dialog.getByRole('region', { name: 'Timeline' });
    // One line per change: TikTok's own record of it, with how and when the panel learned it.
    await expect(timeline.getByText(/requested/i).first()).toBeVisible();
    await expect(timeline.getByText(/^learned by sync/).first()).toBeVisible();
    await expect(dialog.getByRole('table', { name: 'Line items' }).locator('tbody tr').first()).toBeVisible();
    await dialog.getByText('TikTok payload (raw)').click();
    await expect(dialog.locator('pre')).toContainText(`"return_id": "${firstId}"`);
    await expect(dialog.getByRole('link', { name: /Seller Center/ })).toHaveAttribute('href', /seller-[a-z]+\.tiktok\.com\/order\/detail\?order_no=\d+/);
    // The URL alone reopens it.
    const url = page.url();
    await page.keyboard.press('Escape');
    await expect(page).not.toHaveURL(/detail=/);
    await page.goto(url);
    await expect(page.getByRole('dialog', { name: `Refund Data · ${firstId}` })).toBeVisible();
  });

  test('keyboard: arrows move between rows, Enter opens the Refund Data', async ({ page }) => {
    await page.goto('/refunds');
    const ids = await refundIds(page);
    await rows(page).first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(rows(page).nth(2)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog', { name: `Refund Data · ${ids[2]}` })).toBeVisible();
  });
});
