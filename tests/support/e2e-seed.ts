import { db } from '@/server/db';
import { newSandboxProfile } from '@/server/tiktok-sandbox/profile';
import { seedDemo } from '../factories/demo';

/** The e2e data set: the demo population at a fixed seed, as of now. */
export async function seedE2e(): Promise<string> {
  const profile = newSandboxProfile({ seed: 'e2e' });
  const result = await seedDemo(db, profile, 'http://127.0.0.1:9');
  return `seeded ${result.accounts.length} accounts and ${result.refunds} refunds`;
}
