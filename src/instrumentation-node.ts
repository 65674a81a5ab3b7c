import { scheduleAlerts } from '@/server/alerts/digest';
import { ensureFirstAdmin } from '@/server/auth/bootstrap';
import { checkEnv, ConfigError, env, SERVER_VARIABLES } from '@/server/config';
import { logInfo } from '@/server/log';
import { ensureRollupZone } from '@/server/rollups';
import { scheduleSync } from '@/server/sync/runs';

/** Start-up checks of the Next server itself (also when run with `next start` directly). */
export async function startServer(): Promise<void> {
  try {
    checkEnv(SERVER_VARIABLES);
    await ensureFirstAdmin({ generate: false });
    // The analytics' days are the store's: a changed STORE_TIMEZONE rebuilds them before serving.
    await ensureRollupZone(env.STORE_TIMEZONE);
    // Deadline and disagreement alerts, checked every minute (off until an admin sets a channel up).
    scheduleAlerts();
    if (env.SYNC_INTERVAL_MINUTES) {
      scheduleSync(env.SYNC_INTERVAL_MINUTES, (message) => logInfo('sync.schedule', { message }));
      logInfo('sync.schedule', { message: `syncing every ${env.SYNC_INTERVAL_MINUTES} minute(s)` });
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
