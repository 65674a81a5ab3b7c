import { auth } from '@/server/auth/auth';
import { db } from '@/server/db';
import { storePerformance } from '@/server/finance/store';
import { syncNow } from '@/server/sync/sync-now';
import { clientForAccount } from '@/server/tiktok/account-client';
import { TikTokFinanceClient } from '@/server/tiktok/finance-client';
import type { SandboxProfile } from '@tools/tiktok-sandbox/profile';
import { seedDemo } from '@tools/factories/demo';
import { E2E_USERS } from './e2e-users';

/**
 * The e2e data set: three of the e2e sandbox's four shops connected, with their requests as of now
 * (the fourth is left for the connect-flow test), their orders per day as the finance sync stores
 * them from the sandbox's Get Shop Performance (the analytics' refund rate), and one user per role.
 */
export async function seedE2e(profile: SandboxProfile, sandboxUrl: string): Promise<string> {
  const result = await seedDemo(db, profile, sandboxUrl, { accounts: 3 });
  // One sync, as the app would run on start: the refunds are already there, so it brings TikTok's
  // statements, payouts and the reconciliation (the Reconciliation page and its e2e tests need them).
  const started = await syncNow({ trigger: 'Cli' });
  const run = await db.syncRun.findUniqueOrThrow({ where: { id: started.runId } });
  if (run.outcome !== 'Succeeded') throw new Error(`the e2e seed's sync ended ${run.outcome}`);
  // TikTok's orders per day over the whole population window (the sync brings only recent days), for the
  // analytics' refund rate.
  let days = 0;
  const day = (offset: number) => new Date((profile.population.epoch + offset * 86_400) * 1000).toISOString().slice(0, 10);
  for (const account of result.accounts) {
    const finance = new TikTokFinanceClient(await clientForAccount(account.id));
    for (let from = -(profile.population.windowDays + 5); from <= 0; from += 30) {
      const performance = await finance.getShopPerformance({ startDate: day(from), endDate: day(Math.min(from + 30, 1)) });
      days += await storePerformance(account.id, performance.days);
    }
  }
  for (const [role, user] of Object.entries(E2E_USERS)) {
    await auth().api.createUser({ body: { email: user.email, password: user.password, name: `E2E ${role}`, role: role as 'admin' } });
  }
  const exceptions = await db.reconciliationException.count();
  return `seeded ${result.accounts.length} accounts, ${result.refunds} refunds, ${await db.financeStatement.count()} statements (${exceptions} reconciliation exceptions), ${days} days of orders and ${Object.keys(E2E_USERS).length} users`;
}
