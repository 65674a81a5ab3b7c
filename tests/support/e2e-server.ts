import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, startThrowawayDatabase } from '@tools/database/embedded';
import { deployMigrations } from '@tools/database/migrations';
import { newSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { startSandbox } from '@tools/tiktok-sandbox/server';
import { buildIfStale } from '../../scripts/lib/build';
import { startEmbedSetup } from './e2e-embed';

/**
 * The panel as the end-to-end tests meet it: a production build served by scripts/serve.mjs (Next plus the socket address), on a
 * throwaway PostgreSQL holding the demo data set, with a sandbox TikTok beside it; all stopped
 * cleanly when Playwright is done. Writes .e2e/env.json for tests that drive the sandbox.
 */
const port = Number(process.env.E2E_PORT || 3210);
/** State shared with the tests (git-ignored; Playwright empties test-results/ on start). */
const E2E_DIR = path.resolve('.e2e');
const log = (line: string) => console.log(`[e2e-server] ${line}`);

const database = await startThrowawayDatabase();
process.env.DATABASE_URL = database.url;
process.env.APP_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
process.env.AUTH_SECRET ??= randomBytes(32).toString('base64');
process.env.APP_URL = `http://127.0.0.1:${port}`;
// A store zone that is not UTC (and not the browser's, see playwright.config.ts): Magento-style
// grids get this wrong, so every e2e test runs with it.
process.env.STORE_TIMEZONE ??= 'America/New_York';
// Launch links are on here too (no store may frame this panel): the secret-leak test looks for both secrets everywhere.
process.env.EMBED_LAUNCH_SECRET ??= randomBytes(32).toString('base64');
process.env.EMBED_LAUNCH_SECRET_PREVIOUS ??= randomBytes(32).toString('base64');
await deployMigrations(database.url);

const profile = newSandboxProfile({ seed: 'e2e', shopCount: 4, size: 400, arrivalsPerHour: 0 });
const sandbox = await startSandbox({ profile, port: await freePort(), log, webhookUrl: `http://127.0.0.1:${port}/api/webhooks/tiktok` });
process.env.TIKTOK_SANDBOX_PORT = String(sandbox.port);
process.env.TIKTOK_SANDBOX = 'on';

const { seedE2e } = await import('./e2e-seed');
log(await seedE2e(profile, sandbox.url));
await mkdir(E2E_DIR, { recursive: true });
await writeFile(
  path.join(E2E_DIR, 'env.json'),
  JSON.stringify({
    sandboxUrl: sandbox.url,
    appKey: profile.appKey,
    appSecret: profile.appSecret,
    databaseUrl: database.url,
    encryptionKey: process.env.APP_ENCRYPTION_KEY,
    authSecret: process.env.AUTH_SECRET,
    launchSecret: process.env.EMBED_LAUNCH_SECRET,
    launchSecretPrevious: process.env.EMBED_LAUNCH_SECRET_PREVIOUS,
  }),
  { mode: 0o600 },
);
await buildIfStale(log);

const next = spawn(process.execPath, [path.resolve('scripts/serve.mjs'), '-H', '127.0.0.1', '-p', String(port)], {
  env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
// The server log is kept for the secret-leak test (tests/e2e/security.spec.ts) and printed as usual.
const serverLog: string[] = [];
next.stdout.on('data', (chunk: Buffer) => {
  serverLog.push(chunk.toString());
  process.stdout.write(chunk);
});
next.stderr.on('data', (chunk: Buffer) => {
  serverLog.push(chunk.toString());
  process.stderr.write(chunk);
});
setInterval(() => void writeFile(path.join(E2E_DIR, 'server.log'), serverLog.join('')).catch(() => undefined), 500).unref();

// The same panel as a store admin embeds it, across sites (tests/support/e2e-embed.ts).
const embed = await startEmbedSetup({
  dir: E2E_DIR,
  env: process.env,
  launchSecret: process.env.EMBED_LAUNCH_SECRET,
  log: (chunk) => serverLog.push(chunk),
});
await writeFile(path.join(E2E_DIR, 'embed.json'), JSON.stringify({ panelUrl: embed.panelUrl, storeUrl: embed.storeUrl, otherUrl: embed.otherUrl }));
log(`embedded panel at ${embed.panelUrl}, framed by ${embed.storeUrl}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  next.kill('SIGTERM');
  await new Promise((resolve) => (next.exitCode !== null ? resolve(null) : next.once('exit', resolve)));
  await embed.stop();
  await sandbox.close();
  await database.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
next.on('exit', () => void stop());
