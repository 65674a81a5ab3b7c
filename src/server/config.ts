import { z } from 'zod';
import { parseEmbedOrigins } from '@/lib/security-headers';
import { parseEncryptionKey, SecretKeyError } from './crypto/envelope';
import { ConfigError, validateDatabaseUrl } from './env';

/**
 * Every setting the panel reads, validated in one place with a message naming the variable.
 * `npm start` and the Next server (instrumentation.ts) both run `validateEnvironment()` before
 * serving, so a bad value stops start-up with one clear line. Documented in .env.example.
 */

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const optionalNumber = (min: number, max: number, message: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : Number(v)))
    .refine((v) => v === undefined || (Number.isFinite(v) && v >= min && v <= max), message);

const schema = z.object({
  STORE_TIMEZONE: z.string().default('UTC').refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
  APP_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^https?:\/\/[^/]+\/?$/.test(v), 'must be the panel\'s public origin, e.g. https://refunds.example.com'),
  EMBED_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .refine((v) => parseEmbedOrigins(v).invalid.length === 0, 'must list https origins (e.g. https://admin.example.com), separated by spaces'),
  SYNC_INTERVAL_MINUTES: optionalNumber(1, 1440, 'must be a number of minutes from 1 to 1440 (unset: no schedule)'),
  SYNC_BACKFILL_DAYS: optionalNumber(1, 365, 'must be a number of days from 1 to 365'),
  SYNC_OVERLAP_MINUTES: optionalNumber(0, 1440, 'must be a number of minutes from 0 to 1440'),
  RESPOND_BY_WARNING_HOURS: optionalNumber(0, 720, 'must be a number of hours from 0 to 720'),
  SESSION_HOURS: optionalNumber(0.1, 720, 'must be a number of hours from 0.1 to 720'),
  TIKTOK_TIMEOUT_MS: optionalNumber(1000, 120_000, 'must be milliseconds from 1000 to 120000'),
  TIKTOK_REQUESTS_PER_SECOND: optionalNumber(1, 50, 'must be from 1 to 50 (TikTok allows 50 per API per shop)'),
  AUTH_IP_HEADER: z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name such as x-real-ip').optional(),
});

export interface AppConfig {
  storeTimeZone: string;
  syncIntervalMinutes: number | undefined;
  syncBackfillDays: number;
  syncOverlapMinutes: number;
  respondByWarningHours: number;
}

let cached: AppConfig | undefined;

function parse(): AppConfig {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.')} ${issue.message}`);
  }
  const env = parsed.data;
  return {
    storeTimeZone: env.STORE_TIMEZONE,
    syncIntervalMinutes: env.SYNC_INTERVAL_MINUTES,
    syncBackfillDays: env.SYNC_BACKFILL_DAYS ?? 90,
    // TikTok's update_time can lag the change by seconds to minutes; one implementer uses days.
    syncOverlapMinutes: env.SYNC_OVERLAP_MINUTES ?? 10,
    respondByWarningHours: env.RESPOND_BY_WARNING_HOURS ?? 12,
  };
}

export function appConfig(): AppConfig {
  cached ??= parse();
  return cached;
}

/** Everything required to serve: the settings above plus the database and the two secrets. */
export function validateEnvironment(options: { database?: boolean } = {}): AppConfig {
  if (options.database !== false) {
    if (!process.env.DATABASE_URL) throw new ConfigError('DATABASE_URL is not set: start the panel with `npm start` or set DATABASE_URL');
    validateDatabaseUrl(process.env.DATABASE_URL);
  }
  try {
    parseEncryptionKey(process.env.APP_ENCRYPTION_KEY);
  } catch (error) {
    if (error instanceof SecretKeyError) throw new ConfigError(error.message);
    throw error;
  }
  if (!process.env.AUTH_SECRET || process.env.AUTH_SECRET.length < 32) throw new ConfigError('AUTH_SECRET must be set to at least 32 random characters (openssl rand -base64 32)');
  if (Boolean(process.env.ADMIN_EMAIL) !== Boolean(process.env.ADMIN_PASSWORD)) throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  cached = parse();
  return cached;
}
