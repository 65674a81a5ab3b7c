import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { authFile, sql } from './fixtures';

test.use({ storageState: authFile('viewer') });

test('an exception leads to its refund: the Refund Data modal shows the statement lines and the flag, and links back', async ({ page }) => {
  const [exception] = await sql<{ kind: string; refund_id: string; row_id: number; account_id: number }>(
    `SELECT e.kind::text, r.marketplace_refund_id AS refund_id, r.id AS row_id, e.account_id FROM reconciliation_exceptions e
       JOIN refunds r ON r.id = e.refund_id JOIN reconciliation_exception_lines l ON l.exception_id = e.id
      ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1`,
  );
  expect(exception, 'the e2e sandbox plants discrepancies with statement lines').toBeDefined();
  await page.goto(`/reconciliation?tab=exceptions&account=${exception!.account_id}&kind=${exception!.kind}`);
  const list = page.getByRole('table', { name: 'Reconciliation exceptions' });
  const row = list.getByRole('row').filter({ hasText: exception!.refund_id });
  await expect(row).toHaveCount(1);
  await row.getByRole('link', { name: exception!.refund_id }).click();

  await expect(page).toHaveURL(new RegExp(`/refunds\\?refundId=${exception!.refund_id}&detail=${exception!.row_id}`));
  const modal = page.getByRole('dialog', { name: `Refund Data · ${exception!.refund_id}` });
  const settlement = modal.getByRole('region', { name: 'Settlement' });
  await expect(settlement.getByRole('table', { name: 'Statement lines of this refund' })).toBeVisible();
  const [line] = await sql<{ statement_id: string }>(
    `SELECT s.statement_id FROM refund_statement_matches m JOIN finance_transactions t ON t.id = m.transaction_row_id
       JOIN finance_statements s ON s.id = t.statement_row_id WHERE m.refund_id = $1 ORDER BY s.statement_time LIMIT 1`,
    [exception!.row_id],
  );
  await settlement.getByRole('link', { name: line!.statement_id }).click();
  await expect(page).toHaveURL(/\/reconciliation\?tab=statements&account=\d+&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
  await expect(page.locator(`tr[data-statement-id="${line!.statement_id}"]`)).toBeVisible();
});

test('filters live in the URL, totals are per currency, and the CSV holds every matching exception', async ({ page }) => {
  await page.goto('/reconciliation');
  const form = page.getByRole('form', { name: 'Filter reconciliation' });
  await form.getByLabel('Amount differs').check();
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/kind=AmountDiffers/);
  const expected = await sql<{ n: string }>(`SELECT count(*) AS n FROM reconciliation_exceptions WHERE kind = 'AmountDiffers'`);
  expect(Number(expected[0]!.n), 'the e2e sandbox plants amount differences').toBeGreaterThan(0);
  await expect(page.locator('tr[data-exception-kind]')).toHaveCount(Math.min(100, Number(expected[0]!.n)));
  await expect(page.locator('tr[data-exception-kind]:not([data-exception-kind="AmountDiffers"])')).toHaveCount(0);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const csv = parse(await readFile(await (await download).path(), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
  expect(csv).toHaveLength(Number(expected[0]!.n));
  expect(new Set(csv.map((r) => r.Exception))).toEqual(new Set(['Amount differs']));

  await page.getByRole('link', { name: 'Statements and payouts' }).click();
  const totals = page.getByRole('table', { name: 'Statement totals per currency' });
  const sums = await sql<{ currency: string; payout: string }>(
    `SELECT currency, sum(settlement_amount)::text AS payout FROM finance_statements GROUP BY currency`,
  );
  expect(sums.length).toBeGreaterThan(0);
  for (const sum of sums) {
    const cells = totals.locator(`tr[data-currency="${sum.currency}"] td`);
    const shown = (await cells.nth(2).textContent())!.replace(/[^\d.-]/g, '');
    expect(Number(shown)).toBeCloseTo(Number(sum.payout), 2);
  }
});
