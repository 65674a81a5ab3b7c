import { isDeepStrictEqual } from 'node:util';
import { db } from '@/server/db';
import { requestSync } from '@/server/sync/runs';
import { waitForRuns } from '@/server/sync/sync-now';
import { createTransport } from '@/server/tiktok/http';
import { sandboxAccountData } from '@tools/factories/accounts';
import { control, FAST_RETRIES, startTestSandbox } from './sandbox';

export type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;

/**
 * A sandbox whose clock stands still 30 s behind the real one: nothing changes unless the test
 * evolves it, and what it changes falls inside the next sync's window (watermark minus overlap).
 */
export async function startFrozenSandbox(population: Parameters<typeof startTestSandbox>[0] = {}) {
  const now = Math.floor(Date.now() / 1000) - 30;
  return startTestSandbox(population, { clock: () => now });
}

/** One connected account per sandbox shop, with no refunds yet (a first sync backfills). */
export async function connectAccounts(sandbox: TestSandbox) {
  const accounts = [];
  for (const shop of sandbox.state.shops) {
    accounts.push(await db.shopAccount.create({ data: sandboxAccountData(sandbox.profile, shop, sandbox.url) }));
  }
  return accounts;
}

/** Requests a sync and works its jobs in this process (fast retries) until the run ends. */
export async function runSync(options: { accountIds?: number[]; transport?: Parameters<typeof createTransport>[0]; now?: () => Date } = {}) {
  const started = await requestSync({ trigger: 'Cli', accountIds: options.accountIds });
  if (started.joined || started.alongside.length) throw new Error(`run ${started.runId} is still running: the test left a sync behind`);
  await waitForRuns([started.runId], { context: { transport: createTransport({ ...FAST_RETRIES, ...options.transport }), now: options.now } });
  return db.syncRun.findUniqueOrThrow({ where: { id: started.runId }, include: { accounts: { orderBy: { accountId: 'asc' } } } });
}

interface Truth {
  shops: {
    shopId: string;
    returns: (Record<string, unknown> & { return_id: string; return_status: string })[];
    cancellations: (Record<string, unknown> & { cancel_id: string; cancel_status: string })[];
  }[];
}

/** Differences between the refunds table and what the sandbox serves now (empty when they agree). */
export async function differencesFromTruth(sandbox: TestSandbox): Promise<string[]> {
  const truth = await control<Truth>(sandbox, '/truth');
  const problems: string[] = [];
  for (const shop of truth.shops) {
    const account = await db.shopAccount.findUniqueOrThrow({ where: { shopId: shop.shopId } });
    const rows = await db.refund.findMany({
      where: { accountId: account.id },
      select: { kind: true, marketplaceRefundId: true, raw: true, marketplaceStatus: true },
    });
    // Keyed by kind and id: a return and a cancellation may share an id (reference mode does).
    const byKey = new Map(rows.map((r) => [`${r.kind}:${r.marketplaceRefundId}`, r]));
    const expected = [
      ...shop.returns.map((r) => [`Return:${r.return_id}`, r, r.return_status] as const),
      ...shop.cancellations.map((c) => [`Cancellation:${c.cancel_id}`, c, c.cancel_status] as const),
    ];
    if (rows.length !== expected.length) problems.push(`shop ${shop.shopId}: ${rows.length} rows, sandbox has ${expected.length}`);
    for (const [key, json, status] of expected) {
      const row = byKey.get(key);
      if (!row) problems.push(`missing ${key}`);
      else if (!isDeepStrictEqual(row.raw, json)) problems.push(`differs ${key}: ${row.marketplaceStatus} vs ${status}`);
    }
  }
  return problems;
}
