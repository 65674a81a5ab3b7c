import 'server-only';
import { randomBytes } from 'node:crypto';
import { audit, type AuditActor } from '@/server/audit';
import { AccountError, createAccount, setAccountActive, updateAccount } from '@/features/accounts/repository';
import { defaultTransport } from '@/server/tiktok/account-client';
import { openSecret, sealSecret } from '@/server/crypto/secrets';
import { db } from '@/server/db';
import { exchangeAuthCode } from '@/server/tiktok/auth';
import { TikTokShopClient } from '@/server/tiktok/client';
import { TikTokApiError } from '@/server/tiktok/errors';
import type { CreateAccountInput, UpdateAccountInput } from './schemas';

/**
 * Shop account changes as the Accounts page and the CLI make them: validated input in, audited
 * outcome out. Connecting runs TikTok's authorization flow: a single-use `state` bound to the admin
 * and the account, the code exchanged for tokens, Authorized Shops read for the shop id and cipher.
 */

export type AccountResult<T = { id: number }> = { ok: true; data: T } | { ok: false; code: string; message: string };

/** Seller authorization link hosts (API doc 1.1). */
const TIKTOK_AUTHORIZE_URL = 'https://services.tiktokshop.com/open/authorize';
/** TikTok's auth codes live 30 minutes; our state a little less. */
const STATE_TTL_MS = 20 * 60_000;

async function guarded<T>(
  actor: AuditActor,
  action: string,
  targetId: number | undefined,
  work: () => Promise<T>,
  details?: Record<string, string | boolean>,
): Promise<AccountResult<T>> {
  try {
    const data = await work();
    const id = targetId ?? (data as { id?: number }).id;
    await audit({ actor, action, outcome: 'ok', targetType: 'shop_account', targetId: id, details });
    return { ok: true, data };
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    await audit({ actor, action, outcome: 'failed', targetType: 'shop_account', targetId, details: { ...details, reason: error.code } });
    return { ok: false, code: error.code, message: error.message };
  }
}

/** Fields whose values may be shown in the audit log; secrets and tokens are recorded as "changed" only. */
const PLAIN_FIELDS = [
  'name',
  'appKey',
  'serviceId',
  'shopId',
  'shopCipher',
  'apiBaseUrl',
  'authBaseUrl',
  'writeBack',
  'accessTokenExpiresAt',
  'refreshTokenExpiresAt',
] as const;
type Plain = (typeof PLAIN_FIELDS)[number];
type AuditValue = string | boolean | null;

const auditValue = (value: unknown): AuditValue =>
  value instanceof Date
    ? value.toISOString()
    : typeof value === 'boolean' || typeof value === 'string'
      ? value
      : typeof value === 'number'
        ? String(value)
        : null;

/** What an update changed, old → new (`{ writeBack: { from: true, to: false } }`); secrets as `"changed"`, never their values. */
function changes(before: Record<Plain, unknown>, input: UpdateAccountInput): Record<string, { from: AuditValue; to: AuditValue } | 'changed'> {
  const result: Record<string, { from: AuditValue; to: AuditValue } | 'changed'> = {};
  for (const field of PLAIN_FIELDS) {
    if (input[field] === undefined) continue;
    const from = auditValue(before[field]);
    const to = auditValue(input[field]);
    if (from !== to) result[field] = { from, to };
  }
  for (const field of ['appSecret', 'accessToken', 'refreshToken'] as const) if (input[field] !== undefined) result[field] = 'changed';
  return result;
}

export function addAccount(actor: AuditActor, input: CreateAccountInput) {
  return guarded(actor, 'account.create', undefined, () => createAccount(input), {
    name: input.name,
    environment: input.apiBaseUrl.startsWith('https://') ? 'Production' : 'Sandbox',
  });
}

export async function editAccount(actor: AuditActor, id: number, input: UpdateAccountInput): Promise<AccountResult> {
  const before = await db.shopAccount.findUnique({ where: { id }, select: Object.fromEntries(PLAIN_FIELDS.map((f) => [f, true])) as Record<Plain, true> });
  try {
    const data = await updateAccount(id, input);
    await audit({ actor, action: 'account.update', outcome: 'ok', targetType: 'shop_account', targetId: id, details: before ? changes(before, input) : {} });
    return { ok: true, data };
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    await audit({ actor, action: 'account.update', outcome: 'failed', targetType: 'shop_account', targetId: id, details: { reason: error.code } });
    return { ok: false, code: error.code, message: error.message };
  }
}

export function changeAccountActive(actor: AuditActor, id: number, active: boolean) {
  return guarded(actor, active ? 'account.activate' : 'account.deactivate', id, async () => {
    await setAccountActive(id, active);
    return { id };
  });
}

/** Creates the `state` and returns the TikTok (or sandbox) authorize URL to send the admin to. */
export async function startConnect(actor: AuditActor & { id: string }, accountId: number, callbackUrl: string): Promise<AccountResult<{ url: string }>> {
  const account = await db.shopAccount.findUnique({
    where: { id: accountId },
    select: { id: true, environment: true, serviceId: true, authBaseUrl: true, active: true },
  });
  if (!account) return { ok: false, code: 'NOT_FOUND', message: 'No such account.' };
  if (!account.active) return { ok: false, code: 'INACTIVE', message: 'Activate the account before connecting it.' };
  if (account.environment === 'Production' && !account.serviceId) {
    return { ok: false, code: 'NEEDS_SERVICE_ID', message: "Add the app's service id (Partner Center > App) before connecting." };
  }
  const state = randomBytes(24).toString('base64url');
  await db.accountConnectState.create({ data: { state, accountId, userId: actor.id, expiresAt: new Date(Date.now() + STATE_TTL_MS) } });
  const url =
    account.environment === 'Production'
      ? `${TIKTOK_AUTHORIZE_URL}?${new URLSearchParams({ service_id: account.serviceId!, state })}`
      : // The sandbox has no Partner Center to hold a registered redirect URL, so it is passed along.
        `${account.authBaseUrl}/open/authorize?${new URLSearchParams({ service_id: 'sandbox', state, redirect_uri: callbackUrl })}`;
  await audit({ actor, action: 'account.connect_start', outcome: 'ok', targetType: 'shop_account', targetId: accountId });
  return { ok: true, data: { url } };
}

/** Handles TikTok's redirect back: checks the state, exchanges the code, stores tokens and cipher. */
export async function completeConnect(
  actor: AuditActor & { id: string },
  params: { state?: string | null; code?: string | null; error?: string | null },
): Promise<AccountResult<{ id: number; shopName: string | null }>> {
  const fail = async (code: string, message: string, accountId?: number) => {
    await audit({ actor, action: 'account.connect', outcome: 'failed', targetType: 'shop_account', targetId: accountId, details: { reason: code } });
    return { ok: false as const, code, message };
  };
  if (!params.state) return fail('INVALID_STATE', 'The authorization answer has no state; start again from the Accounts page.');
  // Single use: the state is consumed whatever happens next.
  const consumed = await db.accountConnectState.updateMany({
    where: { state: params.state, usedAt: null, userId: actor.id, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  const row = await db.accountConnectState.findUnique({ where: { state: params.state } });
  if (consumed.count !== 1 || !row)
    return fail('INVALID_STATE', 'This authorization link was already used, has expired, or was started by someone else. Start again from the Accounts page.');
  if (params.error || !params.code || params.code === 'null') return fail('DENIED', 'TikTok authorization was cancelled.', row.accountId);
  const account = await db.shopAccount.findUniqueOrThrow({ where: { id: row.accountId } });
  const appSecret = openSecret(account.appSecretEnc);
  const transport = defaultTransport();
  try {
    const pair = await exchangeAuthCode(
      transport,
      { authBaseUrl: account.authBaseUrl, appKey: account.appKey, appSecret, rateKey: String(account.id) },
      params.code,
    );
    if (pair.userType !== undefined && pair.userType !== 0)
      return await fail('NOT_A_SELLER', 'The authorization came from a creator or partner account; return APIs need a seller.', account.id);
    const client = new TikTokShopClient(
      transport,
      { rateKey: String(account.id), apiBaseUrl: account.apiBaseUrl, appKey: account.appKey, appSecret },
      {
        accessToken: () => Promise.resolve(pair.accessToken),
        renewAfterRejection: () => Promise.resolve(pair.accessToken),
      },
    );
    const { shops, leftOut } = await client.getAuthorizedShops();
    const shop = shops.find((s) => s.shopId === account.shopId) ?? shops[0];
    if (!shop) return await fail('NO_SHOP', ['TikTok authorized no usable shop for this app.', ...leftOut].join(' '), account.id);
    const taken = await db.shopAccount.findFirst({ where: { shopId: shop.shopId, id: { not: account.id } }, select: { id: true } });
    if (taken) return await fail('DUPLICATE_SHOP', `Shop ${shop.shopId} is already connected as account ${taken.id}.`, account.id);
    await db.shopAccount.update({
      where: { id: account.id },
      data: {
        shopId: shop.shopId,
        shopCipher: shop.cipher,
        shopCode: shop.code,
        region: shop.region ?? pair.region,
        sellerType: shop.sellerType,
        accessTokenEnc: sealSecret(pair.accessToken),
        accessTokenExpiresAt: pair.accessTokenExpiresAt,
        refreshTokenEnc: sealSecret(pair.refreshToken),
        refreshTokenExpiresAt: pair.refreshTokenExpiresAt,
        grantedScopes: pair.grantedScopes,
      },
    });
    await audit({ actor, action: 'account.connect', outcome: 'ok', targetType: 'shop_account', targetId: account.id, details: { shopId: shop.shopId } });
    return { ok: true, data: { id: account.id, shopName: shop.name ?? null } };
  } catch (error) {
    if (error instanceof TikTokApiError) return fail(`TIKTOK_${error.code ?? error.kind}`, `TikTok refused the connection: ${error.describe()}`, account.id);
    throw error;
  }
}
