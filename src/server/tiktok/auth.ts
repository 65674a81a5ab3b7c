import { TikTokApiError } from './errors';
import type { Transport } from './http';
import { parseTokenPair } from './parse';
import type { TokenPair } from './types';

/**
 * Token get and refresh on TikTok's auth host (doc 3.2, 3.3): GET with the app secret in the
 * query, unsigned. The URL is therefore never logged; errors carry TikTok's code only.
 */

function toPair(data: unknown): TokenPair {
  const parsed = parseTokenPair(data);
  if (!parsed.ok) throw new TikTokApiError('invalid_response', `token response: ${parsed.error}`);
  return parsed.pair;
}

interface AppCredentials {
  authBaseUrl: string;
  appKey: string;
  appSecret: string;
  rateKey: string;
}

export async function exchangeAuthCode(transport: Transport, app: AppCredentials, code: string): Promise<TokenPair> {
  const { data } = await transport.send({
    baseUrl: app.authBaseUrl,
    method: 'GET',
    path: '/api/v2/token/get',
    // Literally `authorized_code` (doc 3.2).
    query: { app_key: app.appKey, app_secret: app.appSecret, auth_code: code, grant_type: 'authorized_code' },
    signed: false,
    appKey: app.appKey,
    appSecret: app.appSecret,
    rateKey: app.rateKey,
  });
  return toPair(data);
}

export async function refreshTokenPair(transport: Transport, app: AppCredentials, refreshToken: string): Promise<TokenPair> {
  const { data } = await transport.send({
    baseUrl: app.authBaseUrl,
    method: 'GET',
    path: '/api/v2/token/refresh',
    query: { app_key: app.appKey, app_secret: app.appSecret, refresh_token: refreshToken, grant_type: 'refresh_token' },
    signed: false,
    appKey: app.appKey,
    appSecret: app.appSecret,
    rateKey: app.rateKey,
  });
  return toPair(data);
}
