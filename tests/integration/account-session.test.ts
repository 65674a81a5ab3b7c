import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '@/features/accounts/repository';
import { clientForAccount } from '@/server/tiktok/account-client';
import { decryptSecret, parseEncryptionKey } from '@/server/crypto/envelope';
import { db } from '@/server/db';
import { TikTokApiError } from '@/server/tiktok/errors';
import { createTransport } from '@/server/tiktok/http';
import { mintToken } from '@tools/tiktok-sandbox/tokens';
import { control, FAST_RETRIES, startTestSandbox } from '../support/sandbox';

describe('stored accounts: tokens refreshed, persisted sealed, serialized', () => {
  let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
  const transport = () => createTransport(FAST_RETRIES);
  const key = () => parseEncryptionKey(process.env.APP_ENCRYPTION_KEY);
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => sandbox.close());
  beforeEach(() => sandbox.faults.clear());

  async function account(accessTtl: number, options: { refresh?: boolean } = {}) {
    const shop = sandbox.state.shops[0]!;
    const { id } = await createAccount({
      name: 'Session test',
      appKey: sandbox.profile.appKey,
      appSecret: sandbox.profile.appSecret,
      shopCipher: shop.cipher,
      accessToken: mintToken(sandbox.profile.appSecret, 'access', { shopIndex: 0, exp: now() + accessTtl, gen: `a${Math.random()}` }),
      accessTokenExpiresAt: new Date((now() + accessTtl) * 1000),
      ...(options.refresh === false
        ? {}
        : {
            refreshToken: mintToken(sandbox.profile.appSecret, 'refresh', { shopIndex: 0, exp: now() + 86400, gen: 'r' }),
            refreshTokenExpiresAt: new Date((now() + 86400) * 1000),
          }),
      apiBaseUrl: sandbox.url,
      authBaseUrl: sandbox.url,
      writeBack: false,
    });
    return id;
  }

  it('refreshes a token about to expire before calling, and stores the new pair sealed', async () => {
    const id = await account(60);
    const before = await db.shopAccount.findUniqueOrThrow({ where: { id } });
    const refreshes = sandbox.stats.tokenRefresh;
    const page = await (await clientForAccount(id, transport())).searchReturns({ pageSize: 10 });
    expect(page.items.length).toBe(10);
    expect(sandbox.stats.tokenRefresh - refreshes).toBe(1);
    const after = await db.shopAccount.findUniqueOrThrow({ where: { id } });
    expect(after.accessTokenEnc).not.toBe(before.accessTokenEnc);
    expect(after.accessTokenEnc).not.toContain('TTP_');
    expect(decryptSecret(after.accessTokenEnc!, key())).toMatch(/^TTP_/);
    expect(after.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 6 * 86400_000);
  });

  it('refreshes once after a 105002 and retries the call', async () => {
    const id = await account(3600);
    await control(sandbox, '/faults', { rules: [{ kind: 'expired_token', times: 1 }] });
    const refreshes = sandbox.stats.tokenRefresh;
    const page = await (await clientForAccount(id, transport())).searchCancellations({ pageSize: 5 });
    expect(page.items.length).toBe(5);
    expect(sandbox.stats.tokenRefresh - refreshes).toBe(1);
  });

  it('lets concurrent workers share one refresh', async () => {
    const id = await account(10);
    const refreshes = sandbox.stats.tokenRefresh;
    const clients = await Promise.all([1, 2, 3, 4].map(() => clientForAccount(id, transport())));
    const pages = await Promise.all(clients.map((client) => client.searchReturns({ pageSize: 10 })));
    expect(pages.every((p) => p.items.length === 10)).toBe(true);
    expect(sandbox.stats.tokenRefresh - refreshes).toBe(1);
  });

  it('asks for reconnection when the refresh token is gone', async () => {
    const id = await account(10, { refresh: false });
    const error = await (await clientForAccount(id, transport())).searchReturns({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokApiError);
    expect(error).toMatchObject({ kind: 'permission' });
    expect((error as TikTokApiError).message).toMatch(/reconnect/);
  });

  it("refuses to call when an account's environment contradicts its URLs", async () => {
    const id = await account(3600);
    await db.shopAccount.update({ where: { id }, data: { environment: 'Production' } });
    await expect(clientForAccount(id, transport())).rejects.toThrow(/Production account but its URLs point elsewhere/);
  });
});
