import path from 'node:path';
import { startSandbox } from '@tools/tiktok-sandbox/server';
import { loadOrCreateSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { env } from '@/server/config';
import { dataDir, loadEnv, runMain } from './lib/runtime';

/**
 * `npm run sandbox`: the TikTok Shop sandbox on its own (127.0.0.1:TIKTOK_SANDBOX_PORT, default
 * 4010), with the same shops and population as the demo seed. `npm start` runs it in-process
 * when no real TikTok is configured; this command is for working on the sandbox or the client.
 */
runMain(async () => {
  loadEnv();
  const port = env.TIKTOK_SANDBOX_PORT;
  const profile = await loadOrCreateSandboxProfile(dataDir());
  const sandbox = await startSandbox({
    profile,
    port,
    stateFile: path.join(dataDir(), 'sandbox-state.json'),
    webhookUrl: env.SANDBOX_WEBHOOK_URL,
    log: (line) => console.log(`[sandbox] ${line}`),
  });
  console.log(`[sandbox] app key ${profile.appKey}; its app secret is in ${path.join(dataDir(), 'sandbox.json')}`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => undefined);
});
