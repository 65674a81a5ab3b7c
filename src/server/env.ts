/**
 * Configuration read from the environment, validated once with a message that names the variable.
 * Every variable is documented in .env.example; the start script checks them before anything runs.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Redacts the password of a connection string so it can be shown in an error or a log line. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

export function validateDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a URL (expected postgresql://user:password@host:5432/database)`);
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new ConfigError(`DATABASE_URL must start with postgresql:// (got ${parsed.protocol}//)`);
  }
  if (!parsed.hostname || parsed.pathname.length <= 1) {
    throw new ConfigError(`DATABASE_URL must name a host and a database: ${redactUrl(url)}`);
  }
  return url;
}

export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new ConfigError('DATABASE_URL is not set: start the panel with `npm start` (embedded PostgreSQL) or set DATABASE_URL');
  }
  return validateDatabaseUrl(url);
}
