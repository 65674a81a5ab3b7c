import { expect, test as setup } from '@playwright/test';
import { E2E_USERS, type E2eRole } from '../support/e2e-users';
import { authFile } from './fixtures';

for (const role of Object.keys(E2E_USERS) as E2eRole[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(E2E_USERS[role].email);
    await page.getByLabel('Password').fill(E2E_USERS[role].password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/refunds/);
    await page.context().storageState({ path: authFile(role) });
  });
}
