import { createHmac } from 'node:crypto';

/**
 * TikTok Shop request signature (API doc 2.1): every query parameter except `sign` and
 * `access_token`, sorted by key, concatenated as key+value with the UNENCODED value, prefixed by
 * the path, followed by the exact body bytes (unless multipart), wrapped in the app secret on both
 * sides, HMAC-SHA256 keyed with the app secret, lowercase hex.
 */
export function signRequest(input: { path: string; query: Record<string, string>; body?: string; appSecret: string; multipart?: boolean }): string {
  const keys = Object.keys(input.query)
    .filter((key) => key !== 'sign' && key !== 'access_token')
    // Ordinal sort, as every reference implementation does (keys are ASCII snake_case).
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let text = input.path;
  for (const key of keys) text += key + input.query[key]!;
  if (input.body && !input.multipart) text += input.body;
  return createHmac('sha256', input.appSecret)
    .update(input.appSecret + text + input.appSecret)
    .digest('hex');
}

/** Webhook signature (API doc 6.3): hex HMAC-SHA256, keyed with the app secret, of app_key + raw body. */
export function signWebhook(appKey: string, appSecret: string, rawBody: string | Buffer): string {
  return createHmac('sha256', appSecret).update(appKey).update(rawBody).digest('hex');
}
