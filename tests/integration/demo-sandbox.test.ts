import { describe, expect, it } from 'vitest';
import { clientForAccount } from '@/server/tiktok/account-client';
import { db } from '@/server/db';
import { createTransport } from '@/server/tiktok/http';
import { newSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { startSandbox } from '@tools/tiktok-sandbox/server';
import { seedDemo } from '@tools/factories/demo';
import { FAST_RETRIES } from '../support/sandbox';

describe('demo data and sandbox', () => {
  it('seeds accounts connected to the sandbox, holding the same requests the sandbox serves', async () => {
    const profile = newSandboxProfile({ seed: 'demo-link', arrivalsPerHour: 0 });
    const sandbox = await startSandbox({ profile, port: 0 });
    try {
      const { accounts } = await seedDemo(db, profile, sandbox.url);
      for (const account of accounts) {
        const client = await clientForAccount(account.id, createTransport(FAST_RETRIES));
        const remote: string[] = [];
        let token: string | undefined;
        do {
          const page = await client.searchReturns({ pageSize: 50 }, token);
          remote.push(...page.items.map((i) => i.id));
          token = page.nextPageToken ?? undefined;
        } while (token);
        const local = await db.refund.findMany({ where: { accountId: account.id, kind: 'Return' }, select: { marketplaceRefundId: true } });
        expect(remote.sort()).toEqual(local.map((r) => r.marketplaceRefundId).sort());
      }
    } finally {
      await sandbox.close();
    }
  });
});
