import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { signRequest } from '@/server/tiktok/sign';
import type { SandboxContext } from './context';
import { verifyToken } from './tokens';

/** TikTok's gateway as the sandbox plays it: errors in TikTok's envelope, and the checks every API call passes first. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function equalStrings(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** TikTok accepts timestamps from 5 minutes ago to 30 seconds ahead (doc 1.3). */
const TIMESTAMP_PAST = 300;
const TIMESTAMP_FUTURE = 30;

const realNow = () => Math.floor(Date.now() / 1000);

/** Gateway checks, in TikTok's order: app key, timestamp, signature, token, shop cipher. */
export function authenticate(ctx: SandboxContext, url: URL, body: string, req: IncomingMessage): { shopIndex: number } {
  const { profile, state } = ctx;
  const query = Object.fromEntries(url.searchParams.entries());
  if (query.app_key !== profile.appKey) throw new ApiError(400, 36009004, 'Invalid app_key');
  const timestamp = Number(query.timestamp);
  if (!/^\d{10}$/.test(query.timestamp ?? '') || timestamp < realNow() - TIMESTAMP_PAST || timestamp > realNow() + TIMESTAMP_FUTURE) {
    throw new ApiError(400, 36009004, 'Invalid timestamp');
  }
  const expected = signRequest({ path: url.pathname, query, body: body || undefined, appSecret: profile.appSecret });
  if (!query.sign || !equalStrings(query.sign, expected)) throw new ApiError(401, 106001, "Invalid credentials. The 'sign' query parameter is invalid.");
  const token = req.headers['x-tts-access-token'];
  if (typeof token !== 'string' || !token) throw new ApiError(401, 36009004, 'Invalid credentials. The x-tts-access-token header is missing.');
  const checked = verifyToken(profile.appSecret, 'access', token, state.now());
  if (!checked.ok) {
    if (checked.reason === 'expired') throw new ApiError(401, 105002, 'Access token is expired, please refresh it');
    throw new ApiError(401, 36009004, 'Invalid credentials. The x-tts-access-token header is invalid.');
  }
  const shopIndex = checked.claims.shopIndex;
  if (url.pathname.startsWith('/authorization/')) {
    if (query.shop_cipher) throw new ApiError(400, 36009004, 'Unexpected identifier: shop_cipher');
  } else {
    if (!query.shop_cipher) throw new ApiError(400, 106013, 'shop_cipher is required');
    if (query.shop_cipher !== state.shops[shopIndex]?.cipher) throw new ApiError(401, 101000, 'The token does not match shop_cipher');
  }
  return { shopIndex };
}
