import type { Prisma, PrismaClient } from '@/generated/prisma/client';
import { sealSecret } from '@/server/crypto/secrets';
import type { SandboxShop } from '@tools/tiktok-sandbox/population';
import type { SandboxProfile } from '@tools/tiktok-sandbox/profile';
import { mintToken } from '@tools/tiktok-sandbox/tokens';

const DAY = 86400;

/** A shop account connected to the sandbox, with tokens the sandbox accepts. */
export function sandboxAccountData(
  profile: SandboxProfile,
  shop: SandboxShop,
  sandboxUrl: string,
  now = Math.floor(Date.now() / 1000),
): Prisma.ShopAccountCreateInput {
  const accessExp = now + 7 * DAY;
  const refreshExp = now + 365 * DAY;
  const gen = `seed-${now}`;
  return {
    name: shop.name,
    environment: 'Sandbox',
    shopId: shop.shopId,
    shopCipher: shop.cipher,
    shopCode: shop.code,
    region: shop.market.region,
    sellerType: shop.sellerType,
    appKey: profile.appKey,
    appSecretEnc: sealSecret(profile.appSecret),
    accessTokenEnc: sealSecret(mintToken(profile.appSecret, 'access', { shopIndex: shop.index, exp: accessExp, gen })),
    accessTokenExpiresAt: new Date(accessExp * 1000),
    refreshTokenEnc: sealSecret(mintToken(profile.appSecret, 'refresh', { shopIndex: shop.index, exp: refreshExp, gen })),
    refreshTokenExpiresAt: new Date(refreshExp * 1000),
    grantedScopes: ['seller.return_refund.basic', 'seller.authorization.info', 'seller.finance.info', 'data.shop_analytics.public.read'],
    apiBaseUrl: sandboxUrl,
    authBaseUrl: sandboxUrl,
    writeBack: true,
  };
}

let sequence = 0;

/** A plain account row for tests that do not talk to any TikTok server. */
export async function createAccount(db: PrismaClient, overrides: Partial<Prisma.ShopAccountCreateInput> = {}) {
  sequence += 1;
  return db.shopAccount.create({
    data: {
      name: `Test Shop ${sequence}`,
      environment: 'Sandbox',
      shopId: `74940${Date.now()}${sequence}`,
      shopCipher: `ROW_test_${sequence}`,
      region: 'US',
      appKey: `testapp${sequence}`,
      appSecretEnc: sealSecret(`test-secret-${sequence}`),
      apiBaseUrl: 'http://127.0.0.1:9',
      authBaseUrl: 'http://127.0.0.1:9',
      ...overrides,
    },
  });
}
