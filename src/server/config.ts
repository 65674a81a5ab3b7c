import 'server-only';
import { z } from 'zod';
import { ConfigError } from './env';

/**
 * Runtime settings of the panel (not secrets), parsed once from the environment with a message
 * that names the variable. Documented in .env.example.
 */

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  STORE_TIMEZONE: z.string().default('UTC').refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
});

export type AppConfig = { storeTimeZone: string };

let cached: AppConfig | undefined;

export function appConfig(): AppConfig {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.')} ${issue.message}`);
  }
  cached = { storeTimeZone: parsed.data.STORE_TIMEZONE };
  return cached;
}
