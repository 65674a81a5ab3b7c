import path from 'node:path';
import { parseArgs } from 'node:util';
import { startSandbox } from '@tools/tiktok-sandbox/server';
import { loadOrCreateSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { env } from '@/server/config';
import { dataDir, loadEnv, runMain, UsageError } from './lib/runtime';

/**
 * `npm run sandbox`: the TikTok Shop sandbox on its own (127.0.0.1:TIKTOK_SANDBOX_PORT, default
 * 4010), with the same shops and population as the demo seed. `npm start` runs it in-process
 * when no real TikTok is configured; this command is for working on the sandbox or the client.
 *
 *   npm run sandbox [-- --shops 500 --spread realistic --size 1000000 --limit 50]
 *
 * `--shops` serves a profile of its own with that many shops (`--spread realistic`: a few large,
 * many small; `--size`: requests in all), kept in <DATA_DIR>/sandbox-<shops>-<spread>.json;
 * `--limit` answers 429 beyond that many requests per shop and second, as TikTok does.
 */
const USAGE = 'usage: npm run sandbox [-- --shops <n> --spread even|realistic --size <n> --limit <per shop per second>]';

runMain(async () => {
  loadEnv();
  const { values } = parseArgs({ options: { shops: { type: 'string' }, spread: { type: 'string' }, size: { type: 'string' }, limit: { type: 'string' } } });
  const number = (name: string, text: string | undefined, max: number) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}\n${USAGE}`);
    return n;
  };
  const shops = number('shops', values.shops, 999);
  const size = number('size', values.size, 50_000_000);
  const limit = number('limit', values.limit, 10_000);
  const spread = (['even', 'realistic'] as const).find((name) => name === values.spread);
  if (values.spread !== undefined && !spread) throw new UsageError(USAGE);
  const named = shops ? { name: `${shops}-${spread ?? 'even'}`, population: { shopCount: shops, spread, ...(size ? { size } : {}) } } : undefined;
  const port = env.TIKTOK_SANDBOX_PORT;
  const profile = await loadOrCreateSandboxProfile(dataDir(), named);
  const sandbox = await startSandbox({
    profile,
    port,
    perShopPerSecond: limit,
    stateFile: path.join(dataDir(), named ? `sandbox-${named.name}-state.json` : 'sandbox-state.json'),
    webhookUrl: env.SANDBOX_WEBHOOK_URL,
    log: (line) => console.log(`[sandbox] ${line}`),
  });
  console.log(`[sandbox] app key ${profile.appKey}; its app secret is in ${path.join(dataDir(), 'sandbox.json')}`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => undefined);
});
