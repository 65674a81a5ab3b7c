/**
 * Which TikTok an account talks to follows from its URLs: TikTok's own hosts (Production) or a
 * sandbox on this machine (Sandbox). Anything else is refused, so a real shop can never be pointed
 * at the sandbox, nor a sandbox account at TikTok, by a typo or a copied URL.
 */

export const TIKTOK_API_BASE_URL = 'https://open-api.tiktokglobalshop.com';
export const TIKTOK_AUTH_BASE_URL = 'https://auth.tiktok-shops.com';

/** TikTok Shop's API, auth and seller-authorization domains (API doc 1.1). */
const TIKTOK_DOMAINS = ['tiktokglobalshop.com', 'tiktok-shops.com', 'tiktokshop.com', 'tiktokshops.us'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

type AccountEnvironmentName = 'Production' | 'Sandbox';

function environmentOfUrl(text: string): AccountEnvironmentName | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.username || url.password || url.search || url.hash) return null;
  if (url.protocol === 'https:' && TIKTOK_DOMAINS.some((domain) => url.hostname === domain || url.hostname.endsWith(`.${domain}`))) return 'Production';
  if ((url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK.has(url.hostname)) return 'Sandbox';
  return null;
}

export type EnvironmentCheck = { ok: true; environment: AccountEnvironmentName } | { ok: false; message: string };

/** Both URLs must belong to the same environment. */
export function accountEnvironment(apiBaseUrl: string, authBaseUrl: string): EnvironmentCheck {
  const api = environmentOfUrl(apiBaseUrl);
  const auth = environmentOfUrl(authBaseUrl);
  const hint = `use TikTok's hosts (${TIKTOK_API_BASE_URL}, ${TIKTOK_AUTH_BASE_URL}) or the local sandbox (http://127.0.0.1:4010)`;
  if (!api) return { ok: false, message: `API base URL is neither TikTok's nor a local sandbox: ${hint}` };
  if (!auth) return { ok: false, message: `auth base URL is neither TikTok's nor a local sandbox: ${hint}` };
  if (api !== auth) return { ok: false, message: `the API base URL is ${api} but the auth base URL is ${auth}: both must point at the same TikTok` };
  return { ok: true, environment: api };
}
