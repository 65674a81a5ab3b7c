import { ensureFirstAdmin } from '@/server/auth/bootstrap';
import { validateEnvironment } from '@/server/config';
import { ConfigError } from '@/server/env';

/** Start-up checks of the Next server itself (also when run with `next start` directly). */
export async function startServer(): Promise<void> {
  try {
    validateEnvironment();
    await ensureFirstAdmin({ generate: false });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
