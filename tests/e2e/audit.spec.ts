import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { authFile, sql } from './fixtures';

test.use({ storageState: authFile('admin') });

const log = (page: Page) => page.getByRole('table', { name: 'Audit log' });

/** No cell's content spills out of it, the TikTok id stays on one line, and the table fits its frame. */
async function expectTidy(page: Page, refundId: string | null) {
  const report = await log(page).evaluate((table, id) => {
    const frame = table.parentElement!;
    const spilled = [...table.querySelectorAll('td, th')].filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent);
    const idLine = [...table.querySelectorAll('a span')].find((span) => span.textContent === id) as HTMLElement | undefined;
    const lineHeight = idLine ? parseFloat(getComputedStyle(idLine).lineHeight) : 0;
    return {
      spilled,
      tableWider: table.scrollWidth > frame.clientWidth + 1,
      idLines: idLine ? Math.round(idLine.getBoundingClientRect().height / lineHeight) : null,
    };
  }, refundId);
  expect(report).toEqual({ spilled: [], tableWider: false, idLines: refundId ? 1 : null });
}

test('a decision is found in the log by its TikTok refund id, opens its Refund Data, and the filtered log downloads as CSV', async ({ page }) => {
  // A request TikTok holds for the seller on a write-back shop, taken from the far end so the
  // refunds specs keep theirs.
  const [target] = await sql<{ id: number; refund_id: string }>(
    `SELECT r.id, r.marketplace_refund_id AS refund_id FROM refunds r JOIN shop_accounts a ON a.id = r.account_id
      WHERE r.seller_next_action = 'SELLER_RESPOND_REFUND' AND r.respond_by > now() AND r.decision_kind IS NULL AND a.write_back
        AND (SELECT count(*) FROM refunds o WHERE o.marketplace_refund_id = r.marketplace_refund_id) = 1
      ORDER BY r.id DESC OFFSET 5 LIMIT 1`,
  );
  const refundId = target!.refund_id;
  await page.goto(`/refunds?refundId=${refundId}`);
  await page
    .getByRole('table', { name: 'Refund requests' })
    .locator(`tr[data-refund-id="${refundId}"]`)
    .getByRole('button', { name: /Completed/ })
    .click();
  const dialog = page.getByRole('dialog', { name: /Mark Completed/ });
  await dialog.getByRole('button', { name: 'Confirm: approve on TikTok' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${refundId}: Approved on TikTok` })).toBeVisible();

  // Found by TikTok's refund id, typed into the filter and sent with the keyboard.
  await page.goto('/audit');
  const filters = page.getByRole('form', { name: 'Filter the audit log' });
  await filters.getByLabel('Target').fill(refundId);
  await filters.getByLabel('Target').press('Enter');
  await expect(page).toHaveURL(new RegExp(`/audit\\?target=${refundId}$`));
  const entry = log(page).locator('tr[data-audit-action="refund.complete"]');
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('admin@e2e.test');
  await expect(entry).toContainText('Decision: Approved on TikTok');
  await expect(entry).toContainText('Sent to TikTok: yes (Approve Return)');
  await expect(entry).toContainText('TikTok status: RETURN_OR_REFUND_REQUEST_SUCCESS');
  await expect(log(page)).not.toContainText('{"');
  for (const header of await log(page).locator('thead th').all()) await expect(header).toHaveAttribute('scope', 'col');

  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await expectTidy(page, refundId);
  }

  // The CSV of the same filters.
  const downloading = page.waitForEvent('download');
  await filters.getByRole('link', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^audit-log_generated-\d{4}-\d{2}-\d{2}\.csv$/);
  const records = parse(await readFile(await download.path(), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
  const decided = records.filter((r) => r.Action === 'refund.complete');
  expect(decided).toHaveLength(1);
  expect(decided[0]).toMatchObject({ Actor: 'admin@e2e.test', 'Target type': 'Refund', Target: refundId, 'Internal id': String(target!.id), Outcome: 'ok' });
  expect(decided[0]!.Details).toContain('Decision: Approved on TikTok; Sent to TikTok: yes (Approve Return)');
  expect(decided[0]!['Time (UTC)']).toMatch(/Z$/);

  // The whole log (exports with their filters, account changes, sign-ins) fits both widths too.
  await page.goto('/audit');
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await expectTidy(page, null);
  }

  // The link opens the refund's Refund Data in the grid.
  await page.goto(`/audit?target=${refundId}`);
  await entry.getByRole('link', { name: `Refund ${refundId}` }).click();
  await expect(page).toHaveURL(new RegExp(`/refunds\\?refundId=${refundId}&detail=${target!.id}$`));
  await expect(page.getByRole('dialog', { name: `Refund Data · ${refundId}` })).toBeVisible();
});

test('an account change reads old → new, filtered by action, and names the shop', async ({ page }) => {
  const [account] = await sql<{ id: number; name: string }>(`SELECT id, name FROM shop_accounts WHERE active ORDER BY id LIMIT 1`);
  await page.goto('/accounts');
  const row = page.locator(`tr[data-account-id="${account!.id}"]`);
  await row.getByText('Edit', { exact: true }).click();
  await row.getByLabel('Name').fill(`${account!.name} (renamed)`);
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByText('Saved.')).toBeVisible();
  try {
    await page.goto('/audit');
    await page.getByLabel('Action').selectOption('account.update');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/action=account\.update/);
    const entry = log(page).locator('tr[data-audit-action="account.update"]').first();
    await expect(entry).toContainText(`Name: ${account!.name} → ${account!.name} (renamed)`);
    await expect(entry.getByRole('link', { name: `Shop account ${account!.name} (renamed)` })).toHaveAttribute('href', '/accounts');
    // Clear shows every entry again, and the filter no longer says what was picked.
    await page.getByRole('link', { name: 'Clear' }).click();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByLabel('Action')).toHaveValue('');
  } finally {
    await sql(`UPDATE shop_accounts SET name = $1 WHERE id = $2`, [account!.name, account!.id]);
  }
});

test('hostile query strings on /audit give the page with its defaults, never an error', async ({ page, request }) => {
  for (const query of [
    'target=%00&actor=%00&action=%00',
    'before=2147483648',
    'before=-1&from=2026-02-30&to=0000-00-00',
    'from=9999-99-99T99:99&to=yesterday&outcome=maybe',
    `target=${'9'.repeat(500)}&action=refund.complete%27%3B--`,
    'before=1e309&before=2&actor[]=x',
  ]) {
    const response = await page.goto(`/audit?${query}`);
    expect(response!.status(), query).toBe(200);
    await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
    await expect(log(page)).toBeVisible();
  }
  // The export takes the same contract; text PostgreSQL refuses is a 400, never a 500.
  expect((await request.get('/api/audit/export?before=2147483648&from=2026-02-30')).status()).toBe(200);
  expect((await request.get('/api/audit/export?target=%00')).status()).toBe(400);
});
