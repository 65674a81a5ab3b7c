import { spawn } from 'node:child_process';
import path from 'node:path';
import { startThrowawayDatabase } from '@/server/database/embedded';
import { deployMigrations } from '@/server/database/migrations';
import { buildIfStale } from '../../scripts/lib/build';

/**
 * The panel as the end-to-end tests meet it: a production build served by `next start`, on a
 * throwaway PostgreSQL holding the demo data set, stopped cleanly when Playwright is done.
 */
const port = Number(process.env.E2E_PORT || 3210);
const log = (line: string) => console.log(`[e2e-server] ${line}`);

const database = await startThrowawayDatabase();
process.env.DATABASE_URL = database.url;
process.env.APP_ENCRYPTION_KEY ??= Buffer.alloc(32, 3).toString('base64');
process.env.AUTH_SECRET ??= Buffer.alloc(32, 5).toString('base64');
await deployMigrations(database.url);
const { seedE2e } = await import('./e2e-seed');
log(await seedE2e());
await buildIfStale(log);

const next = spawn(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)], {
  env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  stdio: 'inherit',
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  next.kill('SIGTERM');
  await new Promise((resolve) => (next.exitCode !== null ? resolve(null) : next.once('exit', resolve)));
  await database.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
next.on('exit', () => void stop());
