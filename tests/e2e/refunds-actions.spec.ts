import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { authFile, sandboxControl, sql } from './fixtures';

const grid = (page: Page) => page.getByRole('table', { name: 'Refund requests' });
const rows = (page: Page) => grid(page).locator('tbody tr[data-refund-id]');
const row = (page: Page, refundId: string) => grid(page).locator(`tr[data-refund-id="${refundId}"]`);

/** A refund TikTok holds for the seller (write-back applies), not yet decided here. */
async function awaitingSeller(action: string, skip = 0): Promise<{ id: number; refund_id: string }> {
  const found = await sql<{ id: number; refund_id: string }>(
    `SELECT id, marketplace_refund_id AS refund_id FROM refunds WHERE seller_next_action = $1 AND respond_by > now() AND status_source = 'Marketplace' ORDER BY id OFFSET $2 LIMIT 1`,
    [action, skip],
  );
  if (!found[0]) throw new Error(`no refund awaiting ${action}`);
  return found[0];
}

test.describe('acting on refunds (operator)', () => {
  test.use({ storageState: authFile('operator') });

  test('Completed on a request TikTok waits for approves it there; the row follows TikTok and shows Refund only once TikTok pays, without a reload', async ({
    page,
  }) => {
    const target = await awaitingSeller('SELLER_RESPOND_REFUND');
    await page.goto(`/refunds?refundId=${target.refund_id}`);
    // A marker that a full page load would wipe: the row must update in place.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await row(page, target.refund_id)
      .getByRole('button', { name: /Completed/ })
      .click();
    const dialog = page.getByRole('dialog', { name: /Mark Completed/ });
    await expect(dialog.getByTestId('tiktok-now')).toContainText('Return or refund request pending');
    await expect(dialog.getByTestId('tiktok-now')).toContainText('waits for: Seller respond refund');
    await expect(dialog.getByTestId('decision-plan')).toContainText('Confirm sends “approve refund” to TikTok');
    await expect(dialog.getByTestId('decision-plan')).toContainText('shows Refund only once TikTok reports the refund paid');
    await dialog.getByLabel('Note (optional, kept in the history)').fill('Photos confirm the damage');
    await dialog.getByRole('button', { name: 'Confirm: approve on TikTok' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `${target.refund_id}: Approved on TikTok. TikTok now says: TikTok approved; refund not paid yet.` }),
    ).toBeVisible();
    const status = row(page, target.refund_id).locator('[data-status]');
    await expect(status).toHaveAttribute('data-status', 'Accepted');
    await expect(row(page, target.refund_id)).toContainText('Approved on TikTok by operator@e2e.test · TikTok approved; refund not paid yet');
    const [event] = await sql<{ actor_label: string; note: string }>(`SELECT actor_label, note FROM refund_events WHERE refund_id = $1 AND source = 'Admin'`, [
      target.id,
    ]);
    expect(event).toEqual({ actor_label: 'operator@e2e.test', note: 'Photos confirm the damage' });

    // TikTok pays the buyer; its webhook reaches the panel; the open grid and the open Refund Data
    // modal show Refund by themselves.
    await expect(status).not.toHaveAttribute('data-status', 'Refund');
    await row(page, target.refund_id)
      .getByRole('button', { name: `Refund data for ${target.refund_id}` })
      .click();
    const modal = page.getByRole('dialog', { name: `Refund Data · ${target.refund_id}` });
    await expect(modal).toContainText('RETURN_OR_REFUND_REQUEST_SUCCESS');
    await sandboxControl('/advance', { id: target.refund_id });
    await expect(modal).toContainText('RETURN_OR_REFUND_REQUEST_COMPLETE', { timeout: 8000 });
    await expect(status).toHaveAttribute('data-status', 'Refund', { timeout: 8000 });
    await expect(row(page, target.refund_id)).toContainText('Approved on TikTok by operator@e2e.test · refunded by TikTok');
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  });

  test("Completed can offer a partial refund instead; the amount is checked, and the row follows the buyer's answer without a reload", async ({ page }) => {
    const [target] = await sql<{ id: number; refund_id: string; total: string }>(
      `SELECT id, marketplace_refund_id AS refund_id, refund_amount::text AS total FROM refunds
        WHERE kind = 'Return' AND seller_next_action = 'SELLER_RESPOND_REFUND' AND respond_by > now() AND decision_kind IS NULL
          AND currency = 'USD' AND refund_amount > 2 ORDER BY id DESC LIMIT 1`,
    );
    await page.goto(`/refunds?refundId=${target!.refund_id}`);
    await row(page, target!.refund_id)
      .getByRole('button', { name: /Completed/ })
      .click();
    const dialog = page.getByRole('dialog', { name: /Mark Completed/ });
    await dialog.getByLabel('Offer the buyer a partial refund instead').check();
    const amount = dialog.getByLabel('Amount to offer (USD)');
    await amount.fill(Number(target!.total).toFixed(2));
    await expect(dialog.getByText(/The offer must be more than 0 and less than the refund total/)).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Confirm: offer on TikTok' })).toBeDisabled();
    await amount.fill('1.50');
    await expect(dialog.getByTestId('decision-plan')).toContainText('offers the buyer this partial refund');
    await dialog.getByRole('button', { name: 'Confirm: offer on TikTok' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${target!.refund_id}: A partial refund of $1.50 was offered on TikTok.` })).toBeVisible();
    const status = row(page, target!.refund_id).locator('[data-status]');
    await expect(status).toHaveAttribute('data-status', 'Pending');
    await expect(row(page, target!.refund_id)).toContainText('Partial refund offered on TikTok by operator@e2e.test · waiting for the buyer to answer');

    // The buyer accepts on TikTok; its webhook reaches the panel; the row moves on by itself, never to more than TikTok says.
    await sandboxControl('/partial-refund/answer', { id: target!.refund_id, answer: 'accept' });
    await expect(status).not.toHaveAttribute('data-status', 'Pending', { timeout: 8000 });
    const [stored] = await sql<{ status: string; amount: string }>(`SELECT status::text, refund_amount::text AS amount FROM refunds WHERE id = $1`, [
      target!.id,
    ]);
    await expect(status).toHaveAttribute('data-status', stored!.status);
    expect(Number(stored!.amount)).toBe(1.5);
  });

  test("Reject needs one of TikTok's reasons when TikTok awaits the seller", async ({ page }) => {
    const target = await awaitingSeller('SELLER_RESPOND_RETURN');
    await page.goto(`/refunds?refundId=${target.refund_id}`);
    await row(page, target.refund_id)
      .getByRole('button', { name: /^Reject refund/ })
      .click();
    const dialog = page.getByRole('dialog', { name: /Reject · refund/ });
    const confirm = dialog.getByRole('button', { name: 'Confirm: reject on TikTok' });
    await expect(dialog.getByLabel('TikTok reject reason')).toBeVisible();
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('TikTok reject reason').selectOption({ index: 1 });
    await confirm.click();
    await expect(page.getByRole('status').filter({ hasText: 'Rejected on TikTok. TikTok now says: rejected on TikTok.' })).toBeVisible();
    await expect(row(page, target.refund_id).locator('[data-status]')).toHaveAttribute('data-status', 'Rejected');
    await expect(row(page, target.refund_id)).toContainText('Refund or return request reject');
  });

  test('a decision on a request TikTok moved since the grid loaded is refused, showing what changed; a newer update time alone is not', async ({ page }) => {
    const moved = await awaitingSeller('SELLER_RESPOND_REFUND');
    const touched = await awaitingSeller('SELLER_RESPOND_REFUND', 1);
    await page.goto(`/refunds?refundId=${moved.refund_id},${touched.refund_id}`);
    await expect(row(page, moved.refund_id)).toBeVisible();
    // TikTok moves one request on while the operator looks at the grid, and only touches the other.
    await sandboxControl('/advance', { id: moved.refund_id });
    await sandboxControl('/touch', { id: touched.refund_id });
    await row(page, moved.refund_id)
      .getByRole('button', { name: /Completed/ })
      .click();
    let dialog = page.getByRole('dialog', { name: /Mark Completed/ });
    await expect(dialog.getByText('TikTok changed this request since you loaded the grid')).toBeVisible();
    await expect(dialog).toContainText(/TikTok's status changed from Return or refund request pending to .+ at \d{4}-\d\d-\d\d/);
    await expect(dialog.getByRole('button', { name: /^Confirm/ })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    const [stored] = await sql<{ decision_kind: string | null }>('SELECT decision_kind FROM refunds WHERE id = $1', [moved.id]);
    expect(stored!.decision_kind).toBeNull();
    await row(page, touched.refund_id)
      .getByRole('button', { name: /Completed/ })
      .click();
    dialog = page.getByRole('dialog', { name: /Mark Completed/ });
    await expect(dialog.getByRole('button', { name: 'Confirm: approve on TikTok' })).toBeEnabled();
  });

  test('TikTok down: the dialog says nothing can be done, and nothing changes', async ({ page }) => {
    const target = await awaitingSeller('SELLER_RESPOND_REFUND', 2);
    await page.goto(`/refunds?refundId=${target.refund_id}`);
    const before = await sql('SELECT version, status, decision_kind FROM refunds WHERE id = $1', [target.id]);
    await sandboxControl('/faults', { rules: [{ kind: 'server_error', times: -1 }] });
    try {
      await row(page, target.refund_id)
        .getByRole('button', { name: /Completed/ })
        .click();
      const dialog = page.getByRole('dialog', { name: /Mark Completed/ });
      await expect(dialog.getByRole('alert')).toContainText('TikTok did not answer');
      await expect(dialog.getByRole('alert')).toContainText('nothing was changed here or on TikTok');
      await expect(dialog.getByRole('button', { name: /^Confirm/ })).toHaveCount(0);
    } finally {
      await sandboxControl('/faults', undefined, 'DELETE');
    }
    expect(await sql('SELECT version, status, decision_kind FROM refunds WHERE id = $1', [target.id])).toEqual(before);
  });

  test('two admins acting on one refund: one wins, the other is told, nothing is applied twice', async ({ page, browser }) => {
    const target = await awaitingSeller('SELLER_RESPOND_REFUND');
    const admin = await (await browser.newContext({ storageState: authFile('admin') })).newPage();
    for (const p of [page, admin]) await p.goto(`/refunds?refundId=${target.refund_id}`);
    await row(page, target.refund_id)
      .getByRole('button', { name: /Completed/ })
      .click();
    await row(admin, target.refund_id)
      .getByRole('button', { name: /^Reject refund/ })
      .click();
    const first = page.getByRole('dialog', { name: /Mark Completed/ });
    const second = admin.getByRole('dialog', { name: /Reject · refund/ });
    await expect(second.getByLabel('TikTok reject reason')).toBeVisible();
    await first.getByRole('button', { name: 'Confirm: approve on TikTok' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Approved on TikTok/ })).toBeVisible();
    await second.getByLabel('TikTok reject reason').selectOption({ index: 1 });
    await second.getByRole('button', { name: 'Confirm: reject on TikTok' }).click();
    await expect(second.getByRole('alert')).toContainText(/changed from|recorded a decision|deciding this refund/);
    const decisions = await sql("SELECT 1 FROM refund_decisions WHERE refund_id = $1 AND state = 'Applied'", [target.id]);
    expect(decisions).toHaveLength(1);
    await admin.context().close();
  });

  test('bulk: every refund matching the filter, named by its count, each with its outcome', async ({ page }) => {
    const [account] = await sql<{ id: number }>(
      `SELECT account_id AS id FROM refunds WHERE status = 'Accepted' GROUP BY account_id HAVING count(*) BETWEEN 2 AND 40 ORDER BY account_id LIMIT 1`,
    );
    await page.goto(`/refunds?status=Accepted&account=${account!.id}&size=20`);
    const total = Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM refunds WHERE status = 'Accepted' AND account_id = $1`, [account!.id]))[0]!.n);
    await grid(page).getByRole('checkbox', { name: 'Select all rows on this page' }).check();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    if (total > 20) await bulk.getByRole('button', { name: `Select all ${total} matching the filter` }).click();
    await expect(bulk).toContainText(total > 20 ? `All ${total} refunds matching the filter` : `${total} selected`);
    if (total <= 20) {
      // The selection's money, per currency, summed exactly in the browser.
      const [money] = await sql<{ currency: string; amount: string }>(
        `SELECT currency, round(sum(refund_amount), 2)::text AS amount FROM refunds WHERE status = 'Accepted' AND account_id = $1 GROUP BY currency`,
        [account!.id],
      );
      const entry = bulk.getByTestId('totals-selected').locator(`[data-currency="${money!.currency}"]`);
      expect((await entry.textContent())!.split('(')[0]!.replace(/[^\d.]/g, '')).toBe(money!.amount);
    }
    await bulk.getByRole('button', { name: 'Mark Completed' }).click();
    const dialog = page.getByRole('dialog', { name: `Mark ${total} refunds Completed?` });
    await dialog.getByRole('button', { name: `Confirm: mark ${total} Completed` }).click();
    const outcomes = dialog.getByRole('list', { name: 'Outcome per refund' }).getByRole('listitem');
    await expect(outcomes).toHaveCount(total);
    await expect(dialog.getByText(new RegExp(`of ${total} done`))).toBeVisible();
    const decided = await sql<{ n: string }>(
      `SELECT count(*) AS n FROM refunds WHERE account_id = $1 AND status_source = 'AdminCompleted' AND status = 'Refund'`,
      [account!.id],
    );
    expect(Number(decided[0]!.n)).toBeGreaterThanOrEqual(1);
  });
});

test.describe('layout and exports (admin)', () => {
  test.use({ storageState: authFile('admin') });

  test('columns hidden and moved stay that way for this admin; a shared view reaches colleagues', async ({ page, browser }) => {
    await page.goto('/refunds');
    await page.getByText('Columns', { exact: true }).click();
    const menu = page.getByRole('list', { name: 'Columns' });
    await menu.getByRole('checkbox', { name: 'Reason', exact: true }).uncheck();
    // Two steps left: past Reason, then past Marketplace Status.
    await menu.getByRole('button', { name: 'Move Amount left' }).click();
    await menu.getByRole('button', { name: 'Move Amount left' }).click();
    await expect(grid(page).getByRole('columnheader', { name: 'Reason' })).toHaveCount(0);
    await page.waitForTimeout(300);
    await page.reload();
    // The grid's header first: a missing Reason column is also true of a grid not rendered yet.
    await expect(grid(page).getByRole('columnheader', { name: /Amount/ })).toBeVisible();
    await expect(grid(page).getByRole('columnheader', { name: 'Reason' })).toHaveCount(0);
    const headers = await grid(page).locator('thead th').allInnerTexts();
    expect(headers.findIndex((h) => /AMOUNT/i.test(h))).toBeLessThan(headers.findIndex((h) => /MARKETPLACE\s*STATUS/i.test(h)));

    await page.goto('/refunds?status=Pending&sort=respondBy&dir=asc');
    await page.getByText('Saved views', { exact: true }).click();
    await page.getByLabel('Save current filters, sort and columns as').fill('Pending by deadline');
    await page.getByLabel('Share with the team').check();
    await page.getByRole('button', { name: 'Save view' }).click();
    await expect(page.getByText('Saved “Pending by deadline”.')).toBeVisible();

    const viewer = await (await browser.newContext({ storageState: authFile('viewer') })).newPage();
    await viewer.goto('/refunds');
    await viewer.getByText('Saved views', { exact: true }).click();
    await viewer.getByRole('button', { name: /Pending by deadline/ }).click();
    await expect(viewer).toHaveURL(/status=Pending.*sort=respondBy.*dir=asc.*view=\d+/);
    await expect(viewer.getByRole('button', { name: /^Pending \d/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(viewer.getByRole('button', { name: 'Delete view Pending by deadline' })).toHaveCount(0);
    await viewer.context().close();
  });

  test("Export CSV downloads every row of the filter, in the grid's order, with zone-stamped dates", async ({ page }) => {
    await page.goto('/refunds?status=Rejected&sort=updatedAt&dir=asc&size=20');
    const shown = await rows(page).evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.refundId!));
    await page.getByText('Export CSV').click();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /^Refunds One row per refund/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^refunds_all-accounts_all-dates_generated-\d{4}-\d{2}-\d{2}T\d{4}-america-new-york\.csv$/);
    const csv = parse(await readFile(await file.path(), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    const total = Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM refunds WHERE status = 'Rejected'`))[0]!.n);
    expect(csv).toHaveLength(total);
    expect(csv.slice(0, shown.length).map((r) => r['Marketplace Refund ID'])).toEqual(shown);
    expect(csv.every((r) => r.Status === 'Rejected')).toBe(true);
    expect(csv[0]!['Updated At']).toMatch(/-0[45]:00$/);
    expect(Object.keys(csv[0]!)).toContain('Refund amount');
    const [audit] = await sql<{ details: { rows: number } }>(`SELECT details FROM audit_log WHERE action = 'refund.export' ORDER BY id DESC LIMIT 1`);
    expect(audit!.details.rows).toBe(total);

    // The second shape: one row per refunded SKU of the same refunds.
    await page.getByText('Export CSV').click();
    const linesDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: /^Refund lines/ }).click();
    const linesFile = await linesDownload;
    expect(linesFile.suggestedFilename()).toMatch(/^refund-lines_all-accounts_all-dates_generated-/);
    const lines = parse(await readFile(await linesFile.path(), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(new Set(lines.map((r) => r['Marketplace Refund ID']))).toEqual(new Set(csv.map((r) => r['Marketplace Refund ID'])));
    const [units] = await sql<{ n: string }>(
      `SELECT coalesce(sum(greatest(jsonb_array_length(line_items), 1)), 0) AS n FROM refunds WHERE status = 'Rejected'`,
    );
    expect(lines.reduce((sum, r) => sum + (r.Quantity ? Number(r.Quantity) : 1), 0)).toBe(Number(units!.n));
  });
});
