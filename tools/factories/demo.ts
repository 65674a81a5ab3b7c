import type { PrismaClient } from '@/generated/prisma/client';
import { populationAt, sandboxShops } from '@tools/tiktok-sandbox/population';
import type { SandboxProfile } from '@tools/tiktok-sandbox/profile';
import { sandboxAccountData } from './accounts';
import { insertRefunds } from './refunds';

/**
 * The demo data set: the sandbox's shops as connected accounts, and their requests as a first
 * sync at the profile's epoch would have stored them. The sandbox serves the same population, so
 * a later Sync Refunds updates these rows rather than adding strangers.
 */
export async function seedDemo(db: PrismaClient, profile: SandboxProfile, sandboxUrl: string, options: { accounts?: number } = {}) {
  const { population } = profile;
  // `accounts` leaves the remaining sandbox shops unconnected (the connect-flow test needs one).
  const shops = sandboxShops(population.seed, population.shopCount).slice(0, options.accounts ?? population.shopCount);
  const syncedAt = new Date(population.epoch * 1000);
  const accounts = [];
  let refunds = 0;
  for (const shop of shops) {
    const account = await db.shopAccount.create({
      data: {
        ...sandboxAccountData(profile, shop, sandboxUrl, population.epoch),
        // The rows are TikTok's as of the epoch, so the next sync starts there; no sync has run,
        // and the grid does not say one did (Sync runs would contradict it).
        syncWatermark: syncedAt,
      },
    });
    accounts.push(account);
    const objects = [...populationAt(population, population.epoch, shop.index)].map((entry) => entry.json);
    refunds += (await insertRefunds(db, account.id, objects, syncedAt)).length;
  }
  return { accounts, refunds };
}
