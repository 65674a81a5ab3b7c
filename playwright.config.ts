import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT || 3210);
/** Debian's chromium where it is installed (CI, offline machines); Playwright's own browser otherwise. */
const debianChromium = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    ...devices['Desktop Chrome'],
    viewport: { width: 1600, height: 1000 },
    // The browser's zone differs from the store's on purpose: dates must follow STORE_TIMEZONE.
    timezoneId: 'Asia/Tokyo',
    launchOptions: {
      executablePath: existsSync(debianChromium) ? debianChromium : undefined,
      // Without the background-networking flags Chromium keeps dialling Google's hosts, which
      // this offline machine refuses many times a second.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // The embedding test's sites (tests/support/e2e-embed.ts): three host names, one machine.
        '--host-resolver-rules=MAP panel.test 127.0.0.1, MAP store.test 127.0.0.1, MAP other.test 127.0.0.1',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', testIgnore: /auth\.setup\.ts/, dependencies: ['setup'] },
    // `npm run screenshots` only: refreshes docs/screenshots/ against the same server and data.
    ...(process.env.SCREENSHOTS ? [{ name: 'screenshots', testDir: 'tests/screenshots', dependencies: ['setup'] }] : []),
  ],
  webServer: {
    command: 'node_modules/.bin/tsx --conditions=react-server tests/support/e2e-server.ts',
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: { E2E_PORT: String(port) },
  },
});
