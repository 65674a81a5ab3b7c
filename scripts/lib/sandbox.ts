import path from 'node:path';
import { db } from '@/server/db';
import { env } from '@/server/config';
import { loadOrCreateSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { startSandbox, type RunningSandbox } from '@tools/tiktok-sandbox/server';
import { dataDir, usesEmbeddedDatabase } from './runtime';

/**
 * The sandbox beside the panel (`npm start`): on by default for the embedded demo database, off
 * with DATABASE_URL (a real deployment) unless TIKTOK_SANDBOX=on. It evolves on a timer so the
 * demo has something to sync, and sandbox accounts are pointed at wherever it listens now.
 */
export function sandboxEnabled(embedded = usesEmbeddedDatabase()): boolean {
  const setting = env.TIKTOK_SANDBOX;
  return setting === 'on' || (setting === 'auto' && embedded);
}

export async function startDemoSandbox(log: (line: string) => void, webhookUrl?: string): Promise<{ sandbox: RunningSandbox; stop: () => Promise<void> }> {
  const profile = await loadOrCreateSandboxProfile(dataDir());
  const sandbox = await startSandbox({ profile, port: env.TIKTOK_SANDBOX_PORT, stateFile: path.join(dataDir(), 'sandbox-state.json'), webhookUrl, log });
  // Only accounts already marked Sandbox are re-pointed; a Production account is never touched.
  const { count } = await db.shopAccount.updateMany({
    where: { environment: 'Sandbox', apiBaseUrl: { not: sandbox.url } },
    data: { apiBaseUrl: sandbox.url, authBaseUrl: sandbox.url },
  });
  if (count) log(`pointed ${count} sandbox account(s) at ${sandbox.url}`);
  const everySeconds = env.SANDBOX_EVOLVE_SECONDS;
  const timer =
    everySeconds > 0
      ? setInterval(() => {
          const changes = sandbox.state.evolve({ advance: 3, arrive: 1 });
          sandbox.webhooks.push(changes);
        }, everySeconds * 1000)
      : undefined;
  timer?.unref();
  return {
    sandbox,
    stop: async () => {
      if (timer) clearInterval(timer);
      await sandbox.close();
    },
  };
}
