import { sandboxBaseUrl } from '@/server/config';
import { db } from '@/server/db';
import { loadOrCreateSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { seedDemo } from '@tools/factories/demo';
import { dataDir } from './runtime';

/** Loads the demo data set unless the database already has accounts (starting twice seeds once). */
export async function seedIfEmpty(options: { reset?: boolean } = {}): Promise<string> {
  if (options.reset) {
    await db.$executeRawUnsafe('TRUNCATE refund_events, refunds, sync_run_accounts, sync_runs, shop_accounts RESTART IDENTITY CASCADE');
  }
  const accounts = await db.shopAccount.count();
  if (accounts > 0) return `database already has ${accounts} shop account(s): demo seed skipped (use --reset to replace everything)`;
  const profile = await loadOrCreateSandboxProfile(dataDir());
  const result = await seedDemo(db, profile, sandboxBaseUrl());
  return `seeded ${result.accounts.length} demo accounts and ${result.refunds} refunds`;
}
