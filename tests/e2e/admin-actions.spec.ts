import { expect, test } from '@playwright/test';
import { authFile, sql } from './fixtures';
import { callAction, serverAction } from './support/server-actions';

/** Smaller gaps of issue 13: confirmations, write-back left alone, old → new in the audit log, who may publish a view. */

test.describe('admin', () => {
  test.use({ storageState: authFile('admin') });

  test('deactivating an account or a user, and setting a password, ask first; cancelling changes nothing', async ({ page }) => {
    const [account] = await sql<{ id: number; name: string }>(`SELECT id, name FROM shop_accounts WHERE active ORDER BY id LIMIT 1`);
    await page.goto('/accounts');
    await page.getByRole('button', { name: `Deactivate ${account!.name}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Deactivate ${account!.name}?` });
    await expect(dialog).toContainText('It is no longer synced');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect((await sql<{ active: boolean }>(`SELECT active FROM shop_accounts WHERE id = $1`, [account!.id]))[0]!.active).toBe(true);
    await page.getByRole('button', { name: `Deactivate ${account!.name}`, exact: true }).click();
    await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await expect(page.getByRole('button', { name: `Activate ${account!.name}`, exact: true })).toBeVisible();
    expect((await sql<{ active: boolean }>(`SELECT active FROM shop_accounts WHERE id = $1`, [account!.id]))[0]!.active).toBe(false);
    await page.getByRole('button', { name: `Activate ${account!.name}`, exact: true }).click();
    await expect(page.getByRole('button', { name: `Deactivate ${account!.name}`, exact: true })).toBeVisible();

    await page.goto('/users');
    const viewerRow = page.locator('tr[data-user-email="viewer@e2e.test"]');
    await viewerRow.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Deactivate viewer@e2e.test?' })).toContainText('signed out at once');
    await page.getByRole('dialog', { name: 'Deactivate viewer@e2e.test?' }).getByRole('button', { name: 'Cancel' }).click();
    await viewerRow.getByRole('button', { name: 'Set password' }).click();
    await expect(page.getByRole('dialog', { name: 'Set a new password for viewer@e2e.test?' })).toBeVisible();
    await page.getByRole('dialog', { name: 'Set a new password for viewer@e2e.test?' }).getByRole('button', { name: 'Cancel' }).click();
    expect((await sql<{ banned: boolean | null }>(`SELECT banned FROM users WHERE email = 'viewer@e2e.test'`))[0]!.banned).not.toBe(true);
  });

  test('an update without the write-back field leaves write-back as it was, and the audit log says old → new', async ({ request, baseURL }) => {
    const [account] = await sql<{ id: number; name: string; write_back: boolean }>(
      `SELECT id, name, write_back FROM shop_accounts WHERE write_back ORDER BY id LIMIT 1`,
    );
    const result = await callAction(
      request,
      serverAction('updateAccountAction'),
      { id: String(account!.id), name: `${account!.name} (renamed)` },
      { baseURL: baseURL! },
    );
    expect(result.body).toContain('"ok":true');
    expect((await sql<{ name: string; write_back: boolean }>(`SELECT name, write_back FROM shop_accounts WHERE id = $1`, [account!.id]))[0]).toEqual({
      name: `${account!.name} (renamed)`,
      write_back: true,
    });
    const [entry] = await sql<{ details: unknown }>(
      `SELECT details FROM audit_log WHERE action = 'account.update' AND target_id = $1 ORDER BY id DESC LIMIT 1`,
      [String(account!.id)],
    );
    expect(entry!.details).toEqual({ name: { from: account!.name, to: `${account!.name} (renamed)` } });
    await callAction(request, serverAction('updateAccountAction'), { id: String(account!.id), name: account!.name }, { baseURL: baseURL! });
  });
});

test.describe('viewer', () => {
  test.use({ storageState: authFile('viewer') });

  test('may save private views but not publish one to the team', async ({ page, request, baseURL }) => {
    await page.goto('/refunds');
    await page.getByText('Saved views', { exact: true }).click();
    await expect(page.getByLabel('Save current filters, sort and columns as')).toBeVisible();
    await expect(page.getByLabel('Share with the team')).toHaveCount(0);
    const action = serverAction('saveViewAction');
    const post = (shared: boolean) =>
      request.post(`${baseURL}${action.route}`, {
        headers: { 'Next-Action': action.id, Accept: 'text/x-component', Origin: baseURL! },
        data: JSON.stringify([{ name: `viewer view ${shared}`, query: 'status=Pending', shared }]),
      });
    expect(await (await post(true)).text()).toContain('"code":"NOT_ALLOWED"');
    expect(await (await post(false)).text()).toContain('"ok":true');
    const views = await sql<{ name: string; shared: boolean }>(`SELECT name, shared FROM saved_views WHERE name LIKE 'viewer view%'`);
    expect(views).toEqual([{ name: 'viewer view false', shared: false }]);
  });
});
