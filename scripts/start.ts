import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { deployMigrations } from '@tools/database/migrations';
import { ensureFirstAdmin } from '@/server/auth/bootstrap';
import { appUrl, checkEnv, childEnv, env, SERVER_VARIABLES } from '@/server/config';
import { buildIfStale } from './lib/build';
import { ensureLocalSecrets, loadEnv, openDatabase, ROOT, runMain, usesEmbeddedDatabase } from './lib/runtime';
import { sandboxEnabled, startDemoSandbox } from './lib/sandbox';
import { seedIfEmpty } from './lib/seed';

/**
 * `npm start`: everything needed to use the panel on a fresh clone. Prepares the database
 * (embedded PostgreSQL unless DATABASE_URL is set), applies migrations, seeds the demo data set on
 * the embedded default's first run, builds when the sources changed, and serves the panel. The
 * panel's process runs one job worker (src/instrumentation-node.ts); WORKERS=N starts N - 1 more
 * worker processes beside it, WORKERS=0 none (a web-only panel).
 */

const log = (line: string) => console.log(`[start] ${line}`);

runMain(async () => {
  loadEnv();
  await ensureLocalSecrets(['APP_ENCRYPTION_KEY', 'AUTH_SECRET']);
  // The database is checked by openDatabase (embedded default, or DATABASE_URL reachable).
  checkEnv(SERVER_VARIABLES.filter((name) => name !== 'DATABASE_URL'));
  const port = env.PORT;
  const host = env.HOST;

  const embedded = usesEmbeddedDatabase();
  const database = await openDatabase();
  log(embedded ? `embedded PostgreSQL ${database.reused ? 'already running' : 'started'} (data in ${env.DATA_DIR})` : 'using DATABASE_URL');
  const applied = await deployMigrations(database.url);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  // Demo data only on the embedded default: a real database never gets sandbox accounts unasked.
  if (embedded) log(await seedIfEmpty());
  const admin = await ensureFirstAdmin({ generate: embedded });
  if (admin?.password) {
    // Shown this once: the generated first admin's password is stored only as a hash.
    console.log(`\n[start] first admin created: ${admin.email}\n[start] password (shown once, change it on the Users page): ${admin.password}\n`);
  } else if (admin) {
    log(`first admin ${admin.email} created from ADMIN_EMAIL`);
  }

  const webhookUrl = `${appUrl()}/api/webhooks/tiktok`;
  const demo = sandboxEnabled(embedded) ? await startDemoSandbox((line) => log(`sandbox: ${line}`), webhookUrl) : undefined;

  await buildIfStale(log);

  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
    await demo?.stop();
    const { disconnectDb } = await import('@/server/db');
    await disconnectDb();
    await database.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  for (let n = 2; n <= env.WORKERS; n++) {
    const worker = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['--conditions=react-server', path.join(ROOT, 'scripts', 'worker.ts')], {
      cwd: ROOT,
      env: childEnv({ NODE_ENV: 'production' }),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(worker);
    worker.on('exit', (code) => {
      if (!stopping) log(`worker process ${n} exited (${code}); the others go on`);
    });
  }

  const next = spawn(process.execPath, [path.join(ROOT, 'scripts', 'serve.mjs'), '-H', host, '-p', String(port), '--processes', String(env.WEB_PROCESSES)], {
    cwd: ROOT,
    env: childEnv({ NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(next);
  next.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    process.stdout.write(text);
    if (text.includes('Ready')) log(`the refunds panel is at http://${host}:${port}/refunds`);
  });
  next.on('exit', (code) => {
    if (!stopping) {
      log(`next exited (${code}); stopping`);
      void stop(code ?? 1);
    }
  });
  await new Promise(() => undefined);
});
