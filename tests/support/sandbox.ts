import { TikTokShopClient, type TokenProvider } from '@/server/tiktok/client';
import { createTransport, type TransportOptions } from '@/server/tiktok/http';
import { newSandboxProfile, type SandboxProfile } from '@tools/tiktok-sandbox/profile';
import type { PopulationConfig } from '@tools/tiktok-sandbox/population';
import { startSandbox, type SandboxOptions } from '@tools/tiktok-sandbox/server';
import { mintToken } from '@tools/tiktok-sandbox/tokens';

/** A sandbox on a free port with a small deterministic population, for one test file. */
export async function startTestSandbox(population: Partial<PopulationConfig> = {}, options: Partial<SandboxOptions> = {}) {
  const profile = newSandboxProfile({ seed: 'contract', size: 240, shopCount: 2, arrivalsPerHour: 0, ...population });
  const sandbox = await startSandbox({ profile, port: 0, ...options });
  return { ...sandbox, profile };
}

/** Fast retries for tests: the behaviour is the same, only the waits are shorter. */
export const FAST_RETRIES: Partial<TransportOptions> = { backoffMs: 20, timeoutMs: 2000, retries: 4, requestsPerSecond: 1000 };

export function sandboxToken(profile: SandboxProfile, shopIndex: number, ttlSeconds = 3600): string {
  return mintToken(profile.appSecret, 'access', { shopIndex, exp: Math.floor(Date.now() / 1000) + ttlSeconds, gen: 'test' });
}

/** A client for one sandbox shop with a fixed token (no database). */
export function sandboxClient(
  sandbox: { url: string; profile: SandboxProfile; state: { shops: { cipher: string }[] } },
  shopIndex = 0,
  overrides: { transport?: Partial<TransportOptions>; tokens?: TokenProvider; appSecret?: string; shopCipher?: string } = {},
) {
  const token = sandboxToken(sandbox.profile, shopIndex);
  const tokens: TokenProvider = overrides.tokens ?? { accessToken: () => Promise.resolve(token), renewAfterRejection: () => Promise.resolve(token) };
  return new TikTokShopClient(
    createTransport({ ...FAST_RETRIES, ...overrides.transport }),
    {
      rateKey: `shop-${shopIndex}`,
      apiBaseUrl: sandbox.url,
      appKey: sandbox.profile.appKey,
      appSecret: overrides.appSecret ?? sandbox.profile.appSecret,
      shopCipher: overrides.shopCipher ?? sandbox.state.shops[shopIndex]!.cipher,
    },
    tokens,
  );
}

/** Calls the sandbox's control API. */
export async function control<T = unknown>(
  sandbox: { url: string; profile: SandboxProfile },
  path: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
): Promise<T> {
  const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method,
    headers: { 'x-sandbox-key': sandbox.profile.appSecret, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as { code: number; data: T; message: string };
  if (json.code !== 0) throw new Error(`control ${path}: ${json.message}`);
  return json.data;
}
