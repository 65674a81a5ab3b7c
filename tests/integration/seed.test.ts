import { describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { newSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { seedDemo } from '@tools/factories/demo';

describe('demo seed', () => {
  it('loads a few hundred refunds over three accounts, covering every internal status', async () => {
    const profile = newSandboxProfile({ seed: 'seed-test' }, 1_780_000_000);
    const result = await seedDemo(db, profile, 'http://127.0.0.1:4010');
    expect(result.accounts).toHaveLength(3);
    expect(result.refunds).toBeGreaterThanOrEqual(300);
    const byStatus = await db.refund.groupBy({ by: ['status'], _count: true });
    expect(byStatus.map((s) => s.status).sort()).toEqual(['Accepted', 'Pending', 'Refund', 'Rejected', 'Requested']);
    const byType = await db.refund.groupBy({ by: ['type'], _count: true });
    expect(byType.map((s) => s.type).sort()).toEqual(['Refund', 'Replacement', 'ReturnAndRefund']);
    expect(await db.refundEvent.count()).toBe(result.refunds);
    // Secrets are sealed, never stored in the clear.
    const account = await db.shopAccount.findFirstOrThrow();
    expect(account.appSecretEnc).not.toContain(profile.appSecret);
    expect(account.appSecretEnc.startsWith('v1.')).toBe(true);
  });

  it('stores money exactly and ids as text', async () => {
    const rows = await db.$queryRaw<{ amount: string; id: string }[]>`SELECT refund_amount::text AS amount, marketplace_refund_id AS id FROM refunds LIMIT 50`;
    for (const row of rows) {
      expect(row.id).toMatch(/^\d{19}$/);
      expect(row.amount).toMatch(/^\d+\.\d{4}$/);
    }
  });
});
