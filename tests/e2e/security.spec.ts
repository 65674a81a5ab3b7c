import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import pg from 'pg';
import { decryptSecret, parseEncryptionKey } from '../../src/server/crypto/envelope';
import { e2eEnv, authFile, serverLog, sql } from './fixtures';
import { E2E_USERS } from '../support/e2e-users';
import { signInFrom } from './support/from-address';
import { callAction, serverAction, serverActions } from './support/server-actions';

/** Routes anyone may reach: signing in (and signed launch links), liveness, and TikTok's signed webhooks. */
const PUBLIC_ROUTES = new Set(['/login', '/api/health', '/api/webhooks/tiktok', '/embed/launch', '/_not-found', '/_global-error', '/', '/icon.svg']);
const PUBLIC_ACTIONS = new Set(['signInAction', 'signOutAction']);
const ADMIN_PAGES = ['/accounts', '/users', '/audit'];
/** Routes behind a token of their own: /api/metrics does not exist unless METRICS_TOKEN is set (it is not here), so 404, signed in or not. */
const TOKEN_ROUTES = new Map([['/api/metrics', 404]]);

function appRoutes(): string[] {
  const manifest = JSON.parse(readFileSync(path.resolve('.next/server/app-paths-manifest.json'), 'utf8')) as Record<string, string>;
  return Object.keys(manifest)
    .map((key) => key.replace(/\/\([^)]+\)/g, '').replace(/\/(page|route)$/, '') || '/')
    .filter((route) => !route.includes('['));
}

test.describe('signed out', () => {
  test('every page, route and server action refuses an anonymous caller', async ({ baseURL }) => {
    const anonymous = await playwrightRequest.newContext();
    const routes = appRoutes().filter((route) => !PUBLIC_ROUTES.has(route));
    expect(routes).toEqual(expect.arrayContaining(['/refunds', '/accounts', '/users', '/audit', '/accounts/callback']));
    for (const route of routes) {
      const response = await anonymous.get(`${baseURL}${route}`, { maxRedirects: 0 });
      if (TOKEN_ROUTES.has(route)) {
        expect(response.status(), route).toBe(TOKEN_ROUTES.get(route));
      } else if (route.startsWith('/api/') || route.endsWith('/callback')) {
        expect(response.status(), route).toBe(401);
      } else {
        expect(response.status(), route).toBe(307);
        expect(response.headers().location, route).toBe(`/login?next=${encodeURIComponent(route)}`);
      }
    }
    const actions = serverActions().filter((a) => !PUBLIC_ACTIONS.has(a.name));
    expect(actions.length).toBeGreaterThan(5);
    for (const action of actions) {
      const result = await callAction(anonymous, action, {}, { baseURL: baseURL! });
      expect(result.body, `${action.file}#${action.name}`).toContain('"code":"UNAUTHENTICATED"');
    }
    await anonymous.dispose();
  });

  test('a signed-out visitor lands on the sign-in page and returns where they were going', async ({ page }) => {
    await page.goto('/audit');
    await expect(page).toHaveURL(/\/login\?next=%2Faudit$/);
  });

  test('sign-in is rate-limited without revealing whether the email exists', async ({ page }) => {
    await page.goto('/login');
    for (let attempt = 1; attempt <= 6; attempt++) {
      await page.getByLabel('Email').fill('nobody-at-all@e2e.test');
      await page.getByLabel('Password').fill(`wrong password ${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const expected = attempt <= 5 ? 'Invalid email or password.' : /Too many sign-in attempts/;
      await expect(page.locator('form').getByRole('alert')).toHaveText(expected);
    }
  });
});

test.describe('sign-in abuse', () => {
  test('someone else failing from another address neither locks a colleague out nor dodges the wait with a spoofed address', async ({ browser, baseURL }) => {
    const target = E2E_USERS.viewer;
    const spoofed = (i: number) => ({
      'x-forwarded-for': `198.51.100.${i}`,
      'x-refunds-client-address': `203.0.113.${i}`,
      'x-refunds-peer-address': '127.0.0.1',
    });
    // The attacker, at 127.0.0.9, claims another address with every attempt.
    const answers: string[] = [];
    for (let i = 0; i < 7; i++) {
      const { body } = await signInFrom('127.0.0.9', baseURL!, target.email, `wrong password ${i}`, spoofed(i));
      answers.push(/"code":"(\w+)"/.exec(body)?.[1] ?? body.slice(0, 80));
    }
    expect(answers).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
    const addresses = await sql<{ ip_address: string }>(
      `SELECT DISTINCT ip_address FROM audit_log WHERE action = 'auth.sign_in' AND actor_label = $1 AND outcome <> 'ok'`,
      [target.email],
    );
    expect(addresses).toEqual([{ ip_address: '127.0.0.9' }]);
    // The viewer, at their own desk (the browser, 127.0.0.1), signs in as usual.
    const context = await browser.newContext({ storageState: undefined });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(target.email);
    await page.getByLabel('Password').fill(target.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText(`${target.email} · viewer`)).toBeVisible();
    await context.close();
  });

  test('an address spraying passwords is stopped after 20 failures, whatever address it claims, and only that address', async ({ baseURL }) => {
    for (let i = 0; i < 20; i++) {
      const { body } = await signInFrom('127.0.0.10', baseURL!, `spray${i}@e2e.test`, 'wrong password', { 'x-forwarded-for': `198.51.100.${i}` });
      expect(body).toContain('"code":"INVALID_CREDENTIALS"');
    }
    const operator = E2E_USERS.operator;
    expect((await signInFrom('127.0.0.10', baseURL!, operator.email, operator.password, { 'x-forwarded-for': '127.0.0.1' })).body).toContain(
      '"code":"RATE_LIMITED"',
    );
    const elsewhere = await signInFrom('127.0.0.11', baseURL!, operator.email, operator.password);
    expect(elsewhere.redirect).toMatch(/^\/refunds/);
  });
});

test.describe('cross-site requests', () => {
  test.use({ storageState: authFile('admin') });
  test('a server action posted from another origin is refused before it runs', async ({ request, baseURL }) => {
    const before = await countUsers();
    const result = await callAction(
      request,
      serverAction('createUserAction'),
      { email: 'csrf@evil.test', name: 'x', role: 'admin', password: 'long enough password' },
      { baseURL: baseURL!, origin: 'https://evil.example' },
    );
    expect(result.status).toBe(403);
    const noOrigin = await request.post(`${baseURL}/users`, {
      headers: { 'Next-Action': serverAction('createUserAction').id },
      multipart: { '0': '[null,"$K1"]' },
    });
    expect(noOrigin.status()).toBe(403);
    expect(await countUsers()).toBe(before);
  });
});

test.describe('the action contract', () => {
  test.use({ storageState: authFile('admin') });
  test('every server action answers arguments of the wrong shape with a validation result, never an error', async ({ request, baseURL }) => {
    const before = await countUsers();
    const actions = serverActions().filter((a) => a.name !== 'signOutAction');
    expect(actions.length).toBeGreaterThan(15);
    for (const action of actions) {
      for (const args of [[], [null, { email: 'json@e2e.test', role: 'admin' }], ['text'], [[1, 2, 3]], [{ id: 2 ** 40 }]]) {
        const response = await request.post(`${baseURL}${action.route}`, {
          headers: { 'Next-Action': action.id, Accept: 'text/x-component', Origin: baseURL! },
          multipart: { '0': JSON.stringify(args) },
          maxRedirects: 0,
        });
        const label = `${action.name}(${JSON.stringify(args)})`;
        expect(response.status(), label).toBe(200);
        expect(await response.text(), label).toContain('"code":"INVALID_INPUT"');
      }
    }
    expect(await countUsers()).toBe(before);
  });
});

async function countUsers(): Promise<number> {
  const client = new pg.Client({ connectionString: e2eEnv().databaseUrl });
  await client.connect();
  try {
    return Number((await client.query<{ count: string }>('select count(*) from users')).rows[0]!.count);
  } finally {
    await client.end();
  }
}

for (const role of ['viewer', 'operator'] as const) {
  test.describe(role, () => {
    test.use({ storageState: authFile(role) });

    test('sees no admin navigation and gets a 403 page on admin pages', async ({ page }) => {
      await page.goto('/refunds');
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect(nav.getByRole('link', { name: 'Refunds' })).toBeVisible();
      for (const label of ['Shop accounts', 'Users', 'Audit log']) await expect(nav.getByRole('link', { name: label })).toHaveCount(0);
      for (const route of ADMIN_PAGES) {
        const response = await page.goto(route);
        expect(response?.status(), route).toBe(403);
        await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
      }
    });

    test('is refused admin actions and routes when calling them directly', async ({ request, baseURL }) => {
      const before = await countUsers();
      for (const name of [
        'createUserAction',
        'changeRoleAction',
        'createAccountAction',
        'connectAccountAction',
        'setAccountActiveAction',
        'updateAccountAction',
        'resetPasswordAction',
        'deactivateUserAction',
      ]) {
        const result = await callAction(
          request,
          serverAction(name),
          { email: `${role}-escalation@e2e.test`, name: 'x', role: 'admin', password: 'long enough password', id: '1', userId: 'x', active: 'false' },
          { baseURL: baseURL! },
        );
        expect(result.body, name).toContain('"code":"FORBIDDEN"');
      }
      expect((await request.get(`${baseURL}/accounts/callback?state=x&code=y`, { maxRedirects: 0 })).status()).toBe(403);
      expect(await countUsers()).toBe(before);
    });
  });
}

test.describe('headers and secrets', () => {
  test.use({ storageState: authFile('admin') });

  test('pages carry a CSP they satisfy, and the other security headers', async ({ page }) => {
    const violations: string[] = [];
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { cspViolations?: string[] }).cspViolations ??= [];
        (window as unknown as { cspViolations: string[] }).cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    for (const route of ['/refunds', '/analytics', '/accounts', '/users', '/audit']) {
      const response = await page.goto(route);
      const headers = response!.headers();
      expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['referrer-policy']).toBe('same-origin');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('DENY');
      // Violation reports are queued as tasks: let hydration and its chunks finish before reading them
      // (a zod object schema in a client chunk probes `new Function` at module load, which CI caught).
      await page.waitForLoadState('networkidle');
      violations.push(...(await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [])));
    }
    expect(violations).toEqual([]);
    // Hydrated: a client component reacts to input (the radio switches the account form's fields).
    await page.goto('/accounts');
    await page.getByLabel('Local sandbox (demo, tests)').check();
    await expect(page.getByLabel('Service id')).toHaveCount(0);
  });

  test('session cookies are HttpOnly and SameSite', async ({ context, page }) => {
    await page.goto('/refunds');
    const session = (await context.cookies()).find((c) => c.name.includes('session_token'));
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  test('no secret reaches HTML, client bundles, error bodies or the server log', async ({ page, request, baseURL }) => {
    const env = e2eEnv();
    const client = new pg.Client({ connectionString: env.databaseUrl });
    await client.connect();
    const rows = (await client.query('select app_secret_enc, access_token_enc, refresh_token_enc from shop_accounts')).rows as Record<string, string | null>[];
    await client.end();
    const key = parseEncryptionKey(env.encryptionKey);
    const secrets = new Set<string>([
      env.encryptionKey,
      env.authSecret,
      env.appSecret,
      env.launchSecret,
      env.launchSecretPrevious,
      decodeURIComponent(new URL(env.databaseUrl).password),
    ]);
    for (const row of rows) {
      for (const sealed of Object.values(row)) {
        if (!sealed) continue;
        secrets.add(sealed);
        secrets.add(decryptSecret(sealed, key));
      }
    }
    const haystacks: [string, string][] = [];
    for (const route of ['/refunds', '/accounts', '/users', '/audit', '/login']) {
      await page.goto(route);
      haystacks.push([route, await page.content()]);
    }
    const failing = await callAction(request, serverAction('connectAccountAction'), { id: '999999' }, { baseURL: baseURL! });
    haystacks.push(['error body', failing.body]);
    const callback = await request.get(`${baseURL}/accounts/callback?state=bogus&code=bogus`, { maxRedirects: 0 });
    haystacks.push(['callback', `${callback.headers().location} ${await callback.text()}`]);
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? walk(path.join(dir, name)) : [path.join(dir, name)]));
    for (const file of walk(path.resolve('.next/static')).filter((f) => /\.(js|css|json)$/.test(f))) haystacks.push([file, readFileSync(file, 'utf8')]);
    haystacks.push(['server log', serverLog()]);
    expect(secrets.size).toBeGreaterThan(10);
    for (const [where, text] of haystacks) {
      for (const secret of secrets) expect(text.includes(secret), `${where} contains a secret`).toBe(false);
    }
  });
});
