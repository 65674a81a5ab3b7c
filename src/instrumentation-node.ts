import { ensureFirstAdmin } from '@/server/auth/bootstrap';
import { checkEnv, ConfigError, env, SERVER_VARIABLES } from '@/server/config';
import { startWorker } from '@/server/jobs/worker';
import { logInfo } from '@/server/log';
import { observeHttpRequests } from '@/server/metrics/http';
import { ensureRollupZone } from '@/server/rollups';

/** Start-up of the Next server itself (also when run with `next start` directly). */
export async function startServer(): Promise<void> {
  try {
    checkEnv(SERVER_VARIABLES);
    await ensureFirstAdmin({ generate: false });
    // The analytics' days are the store's: a changed STORE_TIMEZONE rebuilds them before serving.
    await ensureRollupZone(env.STORE_TIMEZONE);
    observeHttpRequests();
    // One worker in the panel's own process unless WORKERS=0 (web only): it runs the sync jobs,
    // webhook refreshes, the minute's alerts and the schedule (SYNC_INTERVAL_MINUTES), sharing
    // them with any `npm run worker` on the same database.
    if (env.WORKERS > 0) {
      const worker = await startWorker({ concurrency: env.WORKER_CONCURRENCY, maintenance: true });
      logInfo('jobs.worker', { message: `worker ${worker.name} runs up to ${env.WORKER_CONCURRENCY} jobs at once in the panel's process` });
    }
    if (env.SYNC_INTERVAL_MINUTES) logInfo('sync.schedule', { message: `syncing every ${env.SYNC_INTERVAL_MINUTES} minute(s)` });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
