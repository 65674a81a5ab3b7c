import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from './context';
import { ApiError, equalStrings } from './gateway';
import { envelope, escapeHtml, html, readBody } from './http-utils';
import { mintToken, verifyToken } from './tokens';

/** TikTok's authorization as the sandbox plays it: the consent page, token get and refresh (doc 3). */

const SCOPES = ['seller.return_refund.basic', 'seller.authorization.info', 'seller.finance.info', 'data.shop_analytics.public.read'];

function mintPair(ctx: SandboxContext, shopIndex: number) {
  const { profile, state, accessTtl, refreshTtl } = ctx;
  const now = state.now();
  const gen = randomBytes(6).toString('hex');
  return {
    access_token: mintToken(profile.appSecret, 'access', { shopIndex, exp: now + accessTtl, gen }),
    access_token_expire_in: now + accessTtl,
    refresh_token: mintToken(profile.appSecret, 'refresh', { shopIndex, exp: now + refreshTtl, gen }),
    refresh_token_expire_in: now + refreshTtl,
    open_id: `open_${state.shops[shopIndex]!.shopId.slice(-8)}`,
    seller_name: state.shops[shopIndex]!.name,
    seller_base_region: state.shops[shopIndex]!.market.region,
    user_type: 0,
    granted_scopes: SCOPES,
  };
}

export function tokens(ctx: SandboxContext, res: ServerResponse, url: URL, grant: 'get' | 'refresh'): void {
  const { profile, state, stats } = ctx;
  const q = url.searchParams;
  if (grant === 'get') stats.tokenGet += 1;
  else stats.tokenRefresh += 1;
  if (q.get('app_key') !== profile.appKey || !equalStrings(q.get('app_secret') ?? '', profile.appSecret)) {
    throw new ApiError(200, 36004004, 'Invalid app_key or app_secret');
  }
  if (grant === 'get') {
    if (q.get('grant_type') !== 'authorized_code') throw new ApiError(200, 36004004, 'grant_type must be authorized_code');
    const code = q.get('auth_code') ?? '';
    const checked = verifyToken(profile.appSecret, 'code', code, state.now());
    // Codes are single-use and expire after 30 minutes (doc 3.1).
    if (!checked.ok || state.usedCodes.has(code)) throw new ApiError(200, 36004004, 'The authorization code is invalid, expired or already used');
    state.usedCodes.add(code);
    envelope(res, 200, 0, 'success', mintPair(ctx, checked.claims.shopIndex));
    return;
  }
  if (q.get('grant_type') !== 'refresh_token') throw new ApiError(200, 36004004, 'grant_type must be refresh_token');
  const checked = verifyToken(profile.appSecret, 'refresh', q.get('refresh_token') ?? '', state.now());
  if (!checked.ok) throw new ApiError(200, 36004004, checked.reason === 'expired' ? 'The refresh token is expired' : 'The refresh token is invalid');
  envelope(res, 200, 0, 'success', mintPair(ctx, checked.claims.shopIndex));
}

export function consentPage(ctx: SandboxContext, res: ServerResponse, url: URL): void {
  const { profile, state } = ctx;
  const q = url.searchParams;
  const hidden = ['service_id', 'state', 'redirect_uri']
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(q.get(name) ?? '')}">`)
    .join('');
  const shops = state.shops
    .map(
      (shop, i) =>
        `<label><input type="radio" name="shop" value="${shop.index}"${i === 0 ? ' checked' : ''}> ${escapeHtml(shop.name)} (${shop.market.region}, shop ${shop.shopId})</label>`,
    )
    .join('<br>');
  html(
    res,
    200,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TikTok Shop sandbox: authorize</title></head><body>
<h1>Authorize the refunds panel</h1><p>Sandbox app <code>${escapeHtml(profile.appKey)}</code> asks for access to returns and refunds of one shop.</p>
<form method="post" action="/open/authorize">${hidden}${shops}<p><button type="submit" name="decision" value="allow">Authorize</button> <button type="submit" name="decision" value="deny">Cancel</button></p></form></body></html>`,
  );
}

export async function consent(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { profile, state } = ctx;
  const form = new URLSearchParams(await readBody(req, 10_000));
  const redirect = form.get('redirect_uri') ?? '';
  let target: URL;
  try {
    target = new URL(redirect);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('scheme');
  } catch {
    html(res, 400, '<p>redirect_uri is missing or invalid</p>');
    return;
  }
  target.searchParams.set('state', form.get('state') ?? '');
  if (form.get('decision') !== 'allow') {
    target.searchParams.set('code', 'null');
    target.searchParams.set('error', 'auth_denied');
  } else {
    const shopIndex = Number(form.get('shop'));
    if (!state.shops[shopIndex]) {
      html(res, 400, '<p>unknown shop</p>');
      return;
    }
    target.searchParams.set('code', mintToken(profile.appSecret, 'code', { shopIndex, exp: state.now() + 1800, gen: randomBytes(6).toString('hex') }));
  }
  res.writeHead(302, { location: target.toString() });
  res.end();
}
