import { isIP } from 'node:net';
import { z } from 'zod';
import { parseEmbedOrigins } from '@/lib/security-headers';
import { parseEncryptionKey, SecretKeyError } from './crypto/envelope';

/**
 * The one place that reads the environment. Every variable the panel, its commands and its dev
 * tools read is one entry of VARIABLES (schema, default, message); `env.NAME` parses it on first
 * use and caches it for as long as the raw value stays the same (tests and scripts set variables
 * after start-up). A value is only checked when something reads it, so a command that never signs
 * anyone in never asks for AUTH_SECRET; the Next server checks its whole set at start-up
 * (`checkEnv(SERVER_VARIABLES)`). Documented in .env.example (a test keeps the two in step).
 * Nothing else reads `process.env` (a lint rule); `setEnv` and `childEnv` are the only writers.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Redacts the password of a connection string so it can be shown in an error or a log line. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const number = (min: number, max: number, message: string) =>
  z.coerce.number({ error: message }).refine((v) => Number.isFinite(v) && v >= min && v <= max, message);
const integer = (min: number, max: number, message: string) => number(min, max, message).refine(Number.isInteger, message);
const port = integer(1, 65_535, 'must be a port number from 1 to 65535');

const databaseUrl = z.string({ error: 'is not set: start the panel with `npm start` (embedded PostgreSQL) or set DATABASE_URL' }).superRefine((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a URL (expected postgresql://user:password@host:5432/database)' });
    return;
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:')
    ctx.addIssue({ code: 'custom', message: `must start with postgresql:// (got ${url.protocol}//)` });
  else if (!url.hostname || url.pathname.length <= 1) ctx.addIssue({ code: 'custom', message: `must name a host and a database: ${redactUrl(text)}` });
});

const secretKey = z.string({ error: 'is not set (32 random bytes, base64: `openssl rand -base64 32`)' }).transform((text, ctx) => {
  try {
    return parseEncryptionKey(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof SecretKeyError ? error.message.replace(/^APP_ENCRYPTION_KEY /, '') : 'is invalid' });
    return z.NEVER;
  }
});

const origin = z
  .string()
  .refine((v) => /^https?:\/\/[^/]+$/.test(v.replace(/\/$/, '')), 'must be an origin such as https://refunds.example.com')
  .transform((v) => v.replace(/\/$/, ''));

/** EMBED_ALLOWED_ORIGINS: space or comma separated https origins (http only for loopback). */
const embedOrigins = z.string().transform((value, ctx) => {
  const { origins, invalid } = parseEmbedOrigins(value);
  if (invalid.length) {
    ctx.addIssue({ code: 'custom', message: `must list https origins (e.g. https://admin.example.com) separated by spaces; "${invalid[0]}" is not one` });
    return z.NEVER;
  }
  return origins;
});

/** TRUSTED_PROXIES: a hop count (1 to 10), or the proxies' addresses and CIDR ranges, space or comma separated. */
export type TrustedProxies = { hops: number } | { ranges: string[] };

function isAddressOrRange(item: string): boolean {
  const [address = '', bits, extra] = item.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

const trustedProxies = z.string().transform((value, ctx): TrustedProxies => {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops >= 1 && hops <= 10) return { hops };
  } else {
    const ranges = text.split(/[\s,]+/).filter(Boolean);
    const invalid = ranges.find((item) => !isAddressOrRange(item));
    if (ranges.length && !invalid) return { ranges };
    if (invalid) {
      ctx.addIssue({ code: 'custom', message: `must list proxy addresses or CIDR ranges (e.g. 10.0.0.5 10.1.0.0/16) or a hop count; "${invalid}" is neither` });
      return z.NEVER;
    }
  }
  ctx.addIssue({ code: 'custom', message: 'must be a hop count from 1 to 10, or proxy addresses and CIDR ranges such as 10.0.0.5 10.1.0.0/16' });
  return z.NEVER;
});

const launchSecret = z.string().min(32, 'must be at least 32 random characters (openssl rand -base64 32)');

/**
 * Every variable, with what it becomes. `optional()` ones read as undefined when unset; those with
 * a default read as the default; the rest throw a ConfigError naming the variable when unset.
 * `system` variables are the platform's, not ours, and are not listed in .env.example.
 */
const VARIABLES = {
  // Server
  PORT: { schema: port.default(3000) },
  HOST: { schema: z.string().min(1).default('127.0.0.1') },
  APP_URL: { schema: origin.optional() },
  NODE_ENV: { schema: z.enum(['development', 'production', 'test']).catch('production'), system: true },
  XDG_CONFIG_HOME: { schema: z.string().optional(), system: true },
  // Database
  DATABASE_URL: { schema: databaseUrl },
  DATA_DIR: { schema: z.string().min(1).default('.data') },
  EMBEDDED_PG_PORT: { schema: port.optional() },
  TEST_DATABASE_URL: { schema: databaseUrl.optional() },
  // Secrets
  APP_ENCRYPTION_KEY: { schema: secretKey },
  AUTH_SECRET: {
    schema: z
      .string({ error: 'must be set to at least 32 random characters (openssl rand -base64 32)' })
      .min(32, 'must be at least 32 random characters (openssl rand -base64 32)'),
  },
  // Sign-in and security
  ADMIN_EMAIL: { schema: z.string().trim().check(z.email('must be an email address')).optional() },
  ADMIN_PASSWORD: { schema: z.string().min(12, 'must be at least 12 characters').optional() },
  SESSION_HOURS: { schema: number(0.1, 720, 'must be a number of hours from 0.1 to 720').default(12) },
  // Unset: the client address is the socket's (X-Forwarded-For is never believed).
  TRUSTED_PROXIES: { schema: trustedProxies.optional() },
  EMBED_ALLOWED_ORIGINS: { schema: embedOrigins.default([]) },
  // Signed launch links from a store admin (README, "Embedding"); unset: no launch links.
  EMBED_LAUNCH_SECRET: { schema: launchSecret.optional() },
  // The secret being rotated out: links signed with it still work until it is unset.
  EMBED_LAUNCH_SECRET_PREVIOUS: { schema: launchSecret.optional() },
  EMBED_LAUNCH_NEW_USERS: { schema: z.enum(['off', 'viewer'], { error: 'must be off or viewer' }).default('off') },
  // Display
  STORE_TIMEZONE: { schema: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').default('UTC') },
  RESPOND_BY_WARNING_HOURS: { schema: number(0, 720, 'must be a number of hours from 0 to 720').default(12) },
  // Sync
  SYNC_INTERVAL_MINUTES: { schema: number(1, 1440, 'must be a number of minutes from 1 to 1440 (unset: no schedule)').optional() },
  SYNC_BACKFILL_DAYS: { schema: number(1, 365, 'must be a number of days from 1 to 365').default(90) },
  // TikTok's update_time can lag the change by seconds to minutes; one implementer uses days.
  SYNC_OVERLAP_MINUTES: { schema: number(0, 1440, 'must be a number of minutes from 0 to 1440').default(10) },
  // Pages per feed one sync job reads before it hands the rest of its window to a follow-up job,
  // so a long backfill never holds a worker for more than a slice (100 pages: ~5 s at 20 req/s).
  SYNC_JOB_PAGES: { schema: integer(1, 100_000, 'must be a whole number of pages from 1 to 100000').default(100) },
  // Jobs (src/server/jobs): worker processes `npm start` runs (1 = in the panel's own process,
  // more = that one plus child processes; 0 = web only), and jobs one worker runs at once.
  WORKERS: { schema: integer(0, 16, 'must be a whole number from 0 to 16 (0: the panel runs no jobs)').default(1) },
  // Web server processes `npm start` runs on its one port (scripts/serve.mjs --processes): a Node
  // process renders on one core, so a machine with more cores serves more users with more of them.
  WEB_PROCESSES: { schema: integer(1, 16, 'must be a whole number from 1 to 16').default(1) },
  WORKER_CONCURRENCY: { schema: integer(1, 64, 'must be a whole number from 1 to 64').default(4) },
  // Finance (statements, payments, shop performance) and reconciliation
  FINANCE_SYNC: { schema: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on') },
  // Below SYNC_BACKFILL_DAYS, so the refunds a first finance sync meets are already in the panel.
  FINANCE_BACKFILL_DAYS: { schema: integer(1, 365, 'must be a number of days from 1 to 365').default(60) },
  FINANCE_OVERLAP_DAYS: { schema: integer(0, 31, 'must be a number of days from 0 to 31').default(3) },
  RECONCILE_MISSING_AFTER_DAYS: { schema: integer(1, 120, 'must be a number of days from 1 to 120').default(14) },
  // TikTok Shop
  TIKTOK_TIMEOUT_MS: { schema: integer(1000, 120_000, 'must be milliseconds from 1000 to 120000').default(15_000) },
  TIKTOK_REQUESTS_PER_SECOND: { schema: number(1, 50, 'must be from 1 to 50 (TikTok allows 50 per API per shop)').default(20) },
  // Observability: /api/metrics answers only with `Authorization: Bearer <METRICS_TOKEN>` (404 when unset).
  METRICS_TOKEN: { schema: z.string().min(16, 'must be at least 16 characters (openssl rand -hex 24)').optional() },
  // Sandbox (development and demo)
  TIKTOK_SANDBOX: { schema: z.enum(['auto', 'on', 'off'], { error: 'must be auto, on or off' }).default('auto') },
  TIKTOK_SANDBOX_PORT: { schema: port.default(4010) },
  SANDBOX_EVOLVE_SECONDS: { schema: number(0, 86_400, 'must be a number of seconds from 0 to 86400').default(60) },
  SANDBOX_WEBHOOK_URL: { schema: z.url({ error: 'must be a URL' }).optional() },
} satisfies Record<string, { schema: z.ZodType; system?: boolean }>;

export type EnvName = keyof typeof VARIABLES;
export type Env = { readonly [K in EnvName]: z.output<(typeof VARIABLES)[K]['schema']> };

const ENV_NAMES = Object.keys(VARIABLES) as EnvName[];
/** Variables of ours, as .env.example must document them. */
export const DOCUMENTED_ENV_NAMES = ENV_NAMES.filter((name) => !('system' in VARIABLES[name]));

const cache = new Map<EnvName, { raw: string | undefined; value: unknown }>();

function read<K extends EnvName>(name: K): Env[K] {
  // An empty value (NAME= in a .env file) means unset.
  const raw = process.env[name] === '' ? undefined : process.env[name];
  const hit = cache.get(name);
  if (hit && hit.raw === raw) return hit.value as Env[K];
  const parsed = VARIABLES[name].schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${name} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  cache.set(name, { raw, value: parsed.data });
  return parsed.data as Env[K];
}

/** Typed settings; reading one that is missing or invalid throws a ConfigError naming it. */
export const env = Object.defineProperties({}, Object.fromEntries(ENV_NAMES.map((name) => [name, { get: () => read(name), enumerable: true }]))) as Env;

/** Whether a variable has a value (without validating it). */
export function envIsSet(name: EnvName): boolean {
  return Boolean(process.env[name]);
}

/** Sets a variable for this process and the code that reads it after (scripts, tests). */
export function setEnv(name: EnvName, value: string | undefined): void {
  const target = process.env as Record<string, string | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- name is one of the known variable names, not user input
  if (value === undefined) delete target[name];
  else target[name] = value;
}

/** The environment for a child process: this one's, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** Reads every named variable, so a bad value stops start-up with one line naming it. */
export function checkEnv(names: readonly EnvName[]): void {
  for (const name of names) read(name);
  if (names.includes('ADMIN_EMAIL') && Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
}

/** What the Next server reads; checked at start-up (instrumentation-node.ts and `npm start`). */
export const SERVER_VARIABLES: readonly EnvName[] = [
  'DATABASE_URL',
  'APP_ENCRYPTION_KEY',
  'AUTH_SECRET',
  'APP_URL',
  'HOST',
  'PORT',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'SESSION_HOURS',
  'TRUSTED_PROXIES',
  'EMBED_ALLOWED_ORIGINS',
  'EMBED_LAUNCH_SECRET',
  'EMBED_LAUNCH_SECRET_PREVIOUS',
  'EMBED_LAUNCH_NEW_USERS',
  'STORE_TIMEZONE',
  'RESPOND_BY_WARNING_HOURS',
  'SYNC_INTERVAL_MINUTES',
  'SYNC_BACKFILL_DAYS',
  'SYNC_OVERLAP_MINUTES',
  'SYNC_JOB_PAGES',
  'WORKERS',
  'WORKER_CONCURRENCY',
  'WEB_PROCESSES',
  'METRICS_TOKEN',
  'FINANCE_SYNC',
  'FINANCE_BACKFILL_DAYS',
  'FINANCE_OVERLAP_DAYS',
  'RECONCILE_MISSING_AFTER_DAYS',
  'TIKTOK_TIMEOUT_MS',
  'TIKTOK_REQUESTS_PER_SECOND',
  'TIKTOK_SANDBOX',
  'TIKTOK_SANDBOX_PORT',
];

/** The panel's public origin: APP_URL, or where `npm start` serves it. */
export function appUrl(): string {
  return env.APP_URL ?? `http://${env.HOST}:${env.PORT}`;
}

/** Where the local sandbox listens (Sandbox accounts point here). */
export function sandboxBaseUrl(): string {
  return `http://127.0.0.1:${env.TIKTOK_SANDBOX_PORT}`;
}
