import { auth } from '@/server/auth/auth';
import { db } from '@/server/db';
import { syncNow } from '@/server/sync/sync-now';
import type { SandboxProfile } from '@tools/tiktok-sandbox/profile';
import { seedDemo } from '@tools/factories/demo';
import { E2E_USERS } from './e2e-users';

/**
 * The e2e data set: three of the e2e sandbox's four shops connected, with their requests as of now
 * (the fourth is left for the connect-flow test), and one user per role.
 */
export async function seedE2e(profile: SandboxProfile, sandboxUrl: string): Promise<string> {
  const result = await seedDemo(db, profile, sandboxUrl, { accounts: 3 });
  // One sync, as the app would run on start: the refunds are already there, so it brings TikTok's
  // statements, payouts and the reconciliation (the Reconciliation page and its e2e tests need them).
  const started = await syncNow({ trigger: 'Cli' });
  const run = await db.syncRun.findUniqueOrThrow({ where: { id: started.runId } });
  if (run.outcome !== 'Succeeded') throw new Error(`the e2e seed's sync ended ${run.outcome}`);
  for (const [role, user] of Object.entries(E2E_USERS)) {
    await auth().api.createUser({ body: { email: user.email, password: user.password, name: `E2E ${role}`, role: role as 'admin' } });
  }
  const exceptions = await db.reconciliationException.count();
  return `seeded ${result.accounts.length} accounts, ${result.refunds} refunds, ${await db.financeStatement.count()} statements (${exceptions} reconciliation exceptions) and ${Object.keys(E2E_USERS).length} users`;
}
