import { checkEnv, env } from '@/server/config';
import { startWorker } from '@/server/jobs/worker';
import { ensureLocalSecrets, loadEnv, openDatabase, runMain } from './lib/runtime';

/**
 * `npm run worker`: a worker process. It takes jobs from the queues on the database (DATABASE_URL,
 * or the embedded one `npm start` runs) and runs up to WORKER_CONCURRENCY at once: shops' syncs,
 * webhook refreshes, alerts, the schedule. Start as many as you like, on any machine that reaches
 * the database: they share the work, never sync one shop twice at once, and keep each shop within
 * its TikTok request budget together. SIGTERM (or Ctrl-C) lets the running jobs finish; a worker
 * that is killed outright loses nothing: its jobs are handed to the others within seconds.
 */

const log = (line: string) => console.log(`[worker] ${line}`);

runMain(async () => {
  loadEnv();
  await ensureLocalSecrets(['APP_ENCRYPTION_KEY']);
  checkEnv(['WORKER_CONCURRENCY', 'TIKTOK_REQUESTS_PER_SECOND', 'TIKTOK_TIMEOUT_MS', 'SYNC_JOB_PAGES', 'SYNC_INTERVAL_MINUTES']);
  const database = await openDatabase();
  const worker = await startWorker({ concurrency: env.WORKER_CONCURRENCY, maintenance: true });
  log(`${worker.name} started: up to ${env.WORKER_CONCURRENCY} jobs at once`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping: letting the running jobs finish');
    await worker.stop();
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await worker.done;
  const { disconnectDb } = await import('@/server/db');
  await disconnectDb();
  await database.stop();
  log('stopped');
});
