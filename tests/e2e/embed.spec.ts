import { expect, test, type FrameLocator, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { E2E_USERS } from '../support/e2e-users';
import { launchUrl } from '../support/launch-link';
import { e2eEnv, embedEnv, serverLog, sql } from './fixtures';

/**
 * The panel inside a store's admin, across sites (tests/support/e2e-embed.ts): the store at
 * https://store.test frames https://panel.test, two sites to Chromium. A signed launch link signs
 * the operator in inside the frame; the grid, the Refund Data modal, Completed, Reject and the
 * export work there; a session cookie SameSite=Lax would not have been sent; a site not listed in
 * EMBED_ALLOWED_ORIGINS cannot frame the panel at all.
 */

test.use({ ignoreHTTPSErrors: true, storageState: { cookies: [], origins: [] } });

const panelFrame = (page: Page): FrameLocator => page.frameLocator('#panel');
const grid = (frame: FrameLocator) => frame.getByRole('table', { name: 'Refund requests' });
const row = (frame: FrameLocator, refundId: string) => grid(frame).locator(`tr[data-refund-id="${refundId}"]`);

async function awaitingSeller(action: string, skip: number): Promise<string> {
  const [found] = await sql<{ refund_id: string }>(
    `SELECT marketplace_refund_id AS refund_id FROM refunds WHERE seller_next_action = $1 AND respond_by > now() AND status_source = 'Marketplace' AND decision_kind IS NULL
      ORDER BY id DESC OFFSET $2 LIMIT 1`,
    [action, skip],
  );
  if (!found) throw new Error(`no refund awaiting ${action}`);
  return found.refund_id;
}

/** Opens the store admin with the panel framed at `src`. */
async function openStore(page: Page, site: string, src: string) {
  await page.goto(`${site}/?src=${encodeURIComponent(src)}`);
}

test('a signed launch link signs the operator in inside the store admin, and the grid works there', async ({ page, context }) => {
  const { panelUrl, storeUrl } = embedEnv();
  const complete = await awaitingSeller('SELLER_RESPOND_REFUND', 3);
  const reject = await awaitingSeller('SELLER_RESPOND_RETURN', 3);
  const target = `/refunds?refundId=${complete},${reject}`;
  await openStore(page, storeUrl, launchUrl(panelUrl, e2eEnv().launchSecret, E2E_USERS.operator.email, target));
  const frame = panelFrame(page);
  await expect(frame.getByText(`${E2E_USERS.operator.email} · operator`)).toBeVisible();
  await expect(row(frame, complete)).toBeVisible();
  await expect(row(frame, reject)).toBeVisible();

  // Really cross-site: the frame's parent is the store, and the cookie that carries the session is
  // SameSite=None, Secure and partitioned under the store's site.
  const inner = page.frames().find((f) => f.url().startsWith(panelUrl))!;
  expect(await inner.evaluate(() => [window.top !== window, [...window.location.ancestorOrigins]])).toEqual([true, [storeUrl]]);
  const session = (await context.cookies(panelUrl)).find((c) => c.name.endsWith('session_token'));
  expect(session).toMatchObject({ name: '__Secure-refunds.session_token', sameSite: 'None', secure: true, httpOnly: true });
  expect(session?.partitionKey).toBe('https://store.test');

  // The Refund Data modal.
  await row(frame, complete)
    .getByRole('button', { name: `Refund data for ${complete}` })
    .click();
  const modal = frame.getByRole('dialog', { name: `Refund Data · ${complete}` });
  await expect(modal).toBeVisible();
  await modal.getByRole('button', { name: 'Close' }).click();

  // Completed, then Reject, as server actions from inside the frame.
  await row(frame, complete)
    .getByRole('button', { name: /Completed/ })
    .click();
  const completed = frame.getByRole('dialog', { name: /Mark Completed/ });
  await completed.getByRole('button', { name: 'Confirm: approve on TikTok' }).click();
  await expect(row(frame, complete).locator('[data-status]')).toHaveAttribute('data-status', 'Accepted');
  await row(frame, reject)
    .getByRole('button', { name: /^Reject refund/ })
    .click();
  const rejecting = frame.getByRole('dialog', { name: /Reject · refund/ });
  await rejecting.getByLabel('TikTok reject reason').selectOption({ index: 1 });
  await rejecting.getByRole('button', { name: 'Confirm: reject on TikTok' }).click();
  await expect(row(frame, reject).locator('[data-status]')).toHaveAttribute('data-status', 'Rejected');
  const decided = await sql<{ actor_label: string }>(
    `SELECT e.actor_label FROM refund_events e JOIN refunds r ON r.id = e.refund_id WHERE r.marketplace_refund_id = ANY($1) AND e.source = 'Admin'`,
    [[complete, reject]],
  );
  expect(decided.map((d) => d.actor_label)).toEqual([E2E_USERS.operator.email, E2E_USERS.operator.email]);

  // The export, with the session the frame has: the link's own request, made from inside the frame
  // (Chromium cancels file downloads over a connection whose certificate it was told to ignore).
  const href = await frame.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  const [status, text] = await inner.evaluate(async (url) => {
    const response = await fetch(url!);
    return [response.status, await response.text()] as const;
  }, href);
  expect(status).toBe(200);
  const csv = parse(text, { columns: true, bom: true }) as Record<string, string>[];
  expect(csv.map((r) => r['Marketplace Refund ID']).sort()).toEqual([complete, reject].sort());

  // The same session in a SameSite=Lax cookie is not sent inside the frame: it would not have worked.
  await context.clearCookies();
  await context.addCookies([{ ...session!, sameSite: 'Lax', partitionKey: undefined }]);
  await openStore(page, storeUrl, `${panelUrl}/refunds`);
  await expect(panelFrame(page).getByRole('button', { name: 'Sign in' })).toBeVisible();
  // …while at the top level, on the panel's own site, the very same Lax cookie still signs in.
  await page.goto(`${panelUrl}/refunds`);
  await expect(page.getByText(`${E2E_USERS.operator.email} · operator`)).toBeVisible();
});

test('a launch link is refused when replayed, expired, tampered with, for an unknown user or off the panel; the previous secret still works', async ({
  page,
}) => {
  const { panelUrl, storeUrl } = embedEnv();
  const { launchSecret, launchSecretPrevious } = e2eEnv();
  const viewer = E2E_USERS.viewer.email;
  // Opened at the top level of the panel's own site (the browser resolves panel.test; Node does not).
  const open = async (url: string) => (await page.goto(url))?.status();
  const refused = async (url: string) => expect(await open(url), url).toBe(403);
  const once = launchUrl(panelUrl, launchSecret, viewer, '/refunds');
  expect(await open(once)).toBe(200);
  expect(new URL(page.url()).pathname).toBe('/refunds');
  await refused(once);
  await refused(launchUrl(panelUrl, launchSecret, viewer, '/refunds', { ts: Math.floor(Date.now() / 1000) - 61 }));
  await refused(launchUrl(panelUrl, launchSecret, viewer, '/refunds').replace('viewer%40', 'admin%40'));
  await refused(launchUrl(panelUrl, 'not-the-secret-not-the-secret-xx', viewer, '/refunds'));
  await refused(launchUrl(panelUrl, launchSecret, 'nobody@e2e.test', '/refunds'));
  // Signed with the secret being rotated out: accepted; a target off the panel lands on the grid.
  expect(await open(launchUrl(panelUrl, launchSecretPrevious, viewer, '//evil.invalid/x'))).toBe(200);
  expect(page.url()).toBe(`${panelUrl}/refunds`);
  // The frame shows the refusal page, not a server error.
  await openStore(page, storeUrl, once);
  await expect(panelFrame(page).getByText('This sign-in link cannot be used')).toBeVisible();
  const reasons = await sql<{ reason: string }>(
    `SELECT details->>'reason' AS reason FROM audit_log WHERE action = 'auth.embed_launch' AND outcome = 'denied' ORDER BY id DESC LIMIT 6`,
  );
  expect(reasons.map((r) => r.reason).sort()).toEqual(['BAD_SIGNATURE', 'BAD_SIGNATURE', 'EXPIRED', 'REPLAYED', 'REPLAYED', 'UNKNOWN_USER']);
  for (const secret of [launchSecret, launchSecretPrevious]) expect(serverLog().includes(secret)).toBe(false);
});

test('a site not in EMBED_ALLOWED_ORIGINS cannot frame the panel', async ({ page }) => {
  const { panelUrl, otherUrl } = embedEnv();
  const refusals: string[] = [];
  page.on('console', (message) => {
    if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
  });
  await openStore(page, otherUrl, `${panelUrl}/login`);
  await expect.poll(() => refusals.length).toBeGreaterThan(0);
  await expect(panelFrame(page).getByRole('button', { name: 'Sign in' })).toHaveCount(0);
  expect(refusals[0]).toContain(`frame-ancestors ${embedEnv().storeUrl}`);
});
