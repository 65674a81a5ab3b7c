import 'server-only';
import { accountEnvironment } from '@/server/tiktok/environment';
import { env } from '@/server/config';
import { openSecret, sealSecret } from '@/server/crypto/secrets';
import { db } from '@/server/db';
import { refreshTokenPair } from '@/server/tiktok/auth';
import { TikTokShopClient, type TokenProvider } from '@/server/tiktok/client';
import { TikTokApiError } from '@/server/tiktok/errors';
import { createTransport, type CallObserver, type Transport } from '@/server/tiktok/http';
import { countTikTokCall } from '@/server/metrics/counters';
import { databaseBudget } from './budget';

/**
 * The bridge between a stored account and the TikTok client: the only place that decrypts an
 * account's secrets, refreshes its tokens (ahead of expiry, or after a 105002) and stores the new
 * pair. Refreshes are serialized per account with a row lock, so two syncs in two processes do
 * not both spend the refresh token.
 */

/** Refresh this long before TikTok's stated expiry, so no call goes out with a dying token. */
const REFRESH_MARGIN_MS = 5 * 60_000;

let sharedTransport: Transport | undefined;
let interactive: Transport | undefined;

/** "/return_refund/202309/returns/4035.../approve" → "return_refund/returns/:id/approve": one metrics label per API, not per refund. */
function apiLabel(path: string): string {
  return path
    .split('/')
    .filter((part) => part && !/^\d{6}$/.test(part))
    .map((part) => (/^\d+$/.test(part) || part.length > 40 ? ':id' : part))
    .join('/');
}

/** Every attempt to TikTok, counted by API and outcome (refunds_tiktok_calls_total). */
const countCall: CallObserver = (call, outcome) => countTikTokCall(apiLabel(call.path), outcome);

/**
 * The process's transport, tuned by TIKTOK_TIMEOUT_MS; it sends within each shop's budget of
 * TIKTOK_REQUESTS_PER_SECOND, shared with every other process through the database (./budget.ts).
 */
export function defaultTransport(): Transport {
  sharedTransport ??= createTransport({
    timeoutMs: env.TIKTOK_TIMEOUT_MS,
    requestsPerSecond: env.TIKTOK_REQUESTS_PER_SECOND,
    budget: databaseBudget(env.TIKTOK_REQUESTS_PER_SECOND),
    observe: countCall,
  });
  return sharedTransport;
}

/**
 * For calls a person waits on (the decision dialog, a decision, Refund Data): one retry and at
 * most 8 s per attempt, so "TikTok did not answer" comes in seconds, not after the sync's four
 * backed-off retries (~8 s of waiting alone). A decision whose answer is lost is finished later
 * with the same idempotency key, so fewer retries never risk a double write-back.
 */
export function interactiveTransport(): Transport {
  interactive ??= createTransport({
    timeoutMs: Math.min(env.TIKTOK_TIMEOUT_MS, 8000),
    retries: 1,
    backoffMs: 300,
    requestsPerSecond: env.TIKTOK_REQUESTS_PER_SECOND,
    budget: databaseBudget(env.TIKTOK_REQUESTS_PER_SECOND),
    observe: countCall,
  });
  return interactive;
}

/** TikTok counts requests per app and shop: the budget's key (an account is one shop of one app). */
const budgetKey = (appKey: string, accountId: number) => `${appKey}/${accountId}`;

const accountSelect = {
  id: true,
  environment: true,
  appKey: true,
  appSecretEnc: true,
  shopCipher: true,
  apiBaseUrl: true,
  authBaseUrl: true,
  accessTokenEnc: true,
  accessTokenExpiresAt: true,
  refreshTokenEnc: true,
  refreshTokenExpiresAt: true,
} as const;

class StoredTokens implements TokenProvider {
  private current: { token: string; expiresAt: Date | null } | null;

  constructor(
    private readonly accountId: number,
    private readonly transport: Transport,
    private readonly app: { authBaseUrl: string; appKey: string; appSecret: string },
    initial: { token: string; expiresAt: Date | null } | null,
  ) {
    this.current = initial;
  }

  async accessToken(): Promise<string> {
    const current = this.current;
    if (current && (!current.expiresAt || current.expiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS)) return current.token;
    return this.refresh(current?.token ?? null);
  }

  renewAfterRejection(expired: string): Promise<string> {
    return this.refresh(expired);
  }

  /** Refreshes unless another worker already replaced `seen`; either way returns the token to use. */
  private async refresh(seen: string | null): Promise<string> {
    const token = await db.$transaction(
      async (tx) => {
        // Row lock: a concurrent refresher waits here, then finds the new token and reuses it.
        await tx.$queryRaw`SELECT id FROM shop_accounts WHERE id = ${this.accountId} FOR UPDATE`;
        const row = await tx.shopAccount.findUniqueOrThrow({ where: { id: this.accountId }, select: accountSelect });
        const stored = row.accessTokenEnc ? openSecret(row.accessTokenEnc) : null;
        const storedValid = row.accessTokenExpiresAt === null || row.accessTokenExpiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS;
        if (stored && stored !== seen && storedValid) return { token: stored, expiresAt: row.accessTokenExpiresAt };
        if (!row.refreshTokenEnc || (row.refreshTokenExpiresAt && row.refreshTokenExpiresAt <= new Date())) {
          throw new TikTokApiError('permission', 'the shop authorization has expired: reconnect the account');
        }
        const pair = await refreshTokenPair(
          this.transport,
          { ...this.app, rateKey: budgetKey(this.app.appKey, this.accountId) },
          openSecret(row.refreshTokenEnc),
        );
        await tx.shopAccount.update({
          where: { id: this.accountId },
          data: {
            accessTokenEnc: sealSecret(pair.accessToken),
            accessTokenExpiresAt: pair.accessTokenExpiresAt,
            refreshTokenEnc: sealSecret(pair.refreshToken),
            refreshTokenExpiresAt: pair.refreshTokenExpiresAt,
            ...(pair.grantedScopes.length ? { grantedScopes: pair.grantedScopes } : {}),
          },
        });
        return { token: pair.accessToken, expiresAt: pair.accessTokenExpiresAt };
      },
      { timeout: 60_000, maxWait: 60_000 },
    );
    this.current = token;
    return token.token;
  }
}

/** A TikTok client for a stored account, refusing accounts whose URLs contradict their environment. */
export async function clientForAccount(accountId: number, transport: Transport = defaultTransport()): Promise<TikTokShopClient> {
  const row = await db.shopAccount.findUnique({ where: { id: accountId }, select: accountSelect });
  if (!row) throw new TikTokApiError('permission', `no account ${accountId}`);
  const environment = accountEnvironment(row.apiBaseUrl, row.authBaseUrl);
  if (!environment.ok || environment.environment !== row.environment) {
    throw new TikTokApiError('permission', `account ${accountId} is a ${row.environment} account but its URLs point elsewhere; refusing to call`);
  }
  const appSecret = openSecret(row.appSecretEnc);
  const initial = row.accessTokenEnc ? { token: openSecret(row.accessTokenEnc), expiresAt: row.accessTokenExpiresAt } : null;
  const tokens = new StoredTokens(accountId, transport, { authBaseUrl: row.authBaseUrl, appKey: row.appKey, appSecret }, initial);
  return new TikTokShopClient(
    transport,
    { rateKey: budgetKey(row.appKey, accountId), apiBaseUrl: row.apiBaseUrl, appKey: row.appKey, appSecret, shopCipher: row.shopCipher },
    tokens,
  );
}
