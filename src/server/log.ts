import 'server-only';

/**
 * Server log lines. Values under secret-looking keys are masked, and known token shapes are
 * scrubbed from messages, so a log line cannot carry an app secret, a token or a signed URL.
 */
const SECRET_KEYS = /secret|token|password|authorization|cookie|sign$|^sign|key$/i;

export function scrub(text: string): string {
  return text
    .replace(/TT[PR]_[A-Za-z0-9._-]+/g, '***')
    .replace(/([?&](?:app_secret|access_token|refresh_token|auth_code|sign)=)[^&\s]+/g, '$1***')
    .replace(/v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '***');
}

function redact(value: unknown, depth = 0): unknown {
  if (depth > 4) return '[…]';
  if (typeof value === 'string') return scrub(value);
  if (value instanceof Error) return { name: value.name, message: scrub(value.message) };
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '***' : redact(v, depth + 1)]));
  }
  return value;
}

export function logError(event: string, details: Record<string, unknown> = {}): void {
  console.error(JSON.stringify({ level: 'error', at: new Date().toISOString(), event, ...(redact(details) as object) }));
}

export function logInfo(event: string, details: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level: 'info', at: new Date().toISOString(), event, ...(redact(details) as object) }));
}
