import { ensureFirstAdmin } from '@/server/auth/bootstrap';
import { validateEnvironment } from '@/server/config';
import { ConfigError } from '@/server/env';
import { logInfo } from '@/server/log';
import { scheduleSync } from '@/server/sync/runs';

/** Start-up checks of the Next server itself (also when run with `next start` directly). */
export async function startServer(): Promise<void> {
  try {
    const config = validateEnvironment();
    await ensureFirstAdmin({ generate: false });
    if (config.syncIntervalMinutes) {
      scheduleSync(config.syncIntervalMinutes, (message) => logInfo('sync.schedule', { message }));
      logInfo('sync.schedule', { message: `syncing every ${config.syncIntervalMinutes} minute(s)` });
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
