import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PrismaClient } from '@/generated/prisma/client';
import { sandboxShops, type PopulationConfig } from '@tools/tiktok-sandbox/population';
import { newSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { sandboxAccountData } from '@tools/factories/accounts';
import { REFUND_COPY_COLUMNS } from './refund-lines';
import type { SeedJob } from './seed-worker';

export interface SeedResult {
  rows: number;
  accountIds: number[];
  copySeconds: number;
  indexSeconds: number;
  vacuumSeconds: number;
}

/**
 * Loads `rows` refunds over `accounts` shops with COPY: two years of a big seller's history from the
 * sandbox's deterministic population (every status, type, reason, currency, sparse records), each
 * parsed and mapped by the sync's own code, with the "first seen" history event a backfill writes.
 * Secondary indexes are built after the load (the standard bulk-load order, ~3x faster than
 * maintaining them row by row); the count-delta triggers fire as they do for any insert.
 */
export async function seedRefunds(
  db: PrismaClient,
  url: string,
  options: { rows: number; accounts: number; log: (line: string) => void },
): Promise<SeedResult> {
  const now = Math.floor(Date.now() / 1000);
  const population: PopulationConfig = {
    seed: 'bench',
    size: options.rows,
    shopCount: options.accounts,
    // Hundreds of shops (--scale large) are an agency's: a few large, many small.
    spread: options.accounts > 100 ? 'realistic' : 'even',
    windowDays: 730,
    arrivalsPerHour: 0,
    unknownStatusRate: 0.005,
    // Two years with a steady flow: about 3 days' worth of requests in the last 3 days.
    recentShare: 3 / 730,
    epoch: now,
  };
  const profile = newSandboxProfile(population, now);
  const shops = sandboxShops(population.seed, population.shopCount);
  const accounts: { id: number }[] = [];
  for (const shop of shops)
    accounts.push(
      await db.shopAccount.create({
        data: { ...sandboxAccountData(profile, shop, 'http://127.0.0.1:9', now), syncWatermark: new Date(now * 1000) },
        select: { id: true },
      }),
    );
  const syncedAt = new Date(now * 1000);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const indexes = (
      await client.query<{ name: string; definition: string }>(
        `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'refunds'
         AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'refunds'::regclass)`,
      )
    ).rows;
    let started = performance.now();
    for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);
    const loaded = await copyRows(
      client,
      { population, shops: shops.map((shop, i) => ({ index: shop.index, accountId: accounts[i]!.id })), syncedAt: syncedAt.toISOString() },
      options.log,
    );
    await client.query(`INSERT INTO refund_events (refund_id, source, occurred_at, recorded_at, actor_label, action, to_status, to_marketplace_status)
      SELECT id, 'Sync', marketplace_updated_at, last_synced_at, 'sync', 'first_seen', status, marketplace_status FROM refunds`);
    const copySeconds = (performance.now() - started) / 1000;
    options.log(`loaded ${loaded.toLocaleString('en-US')} refunds in ${copySeconds.toFixed(0)} s; building ${indexes.length} indexes`);
    started = performance.now();
    await client.query(`SET maintenance_work_mem = '512MB'`);
    for (const index of indexes) await client.query(index.definition);
    const indexSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    // What autovacuum does after a bulk insert: statistics, and the visibility map index-only scans need.
    await client.query('VACUUM (ANALYZE) refunds, refund_events, refund_count_deltas');
    // Flush the load's ~2 GB of dirty pages now rather than in a timed checkpoint mid-measurement,
    // where it skewed the first ingest runs by up to 2x.
    await client.query('CHECKPOINT');
    const vacuumSeconds = (performance.now() - started) / 1000;
    return { rows: loaded, accountIds: accounts.map((a) => a.id), copySeconds, indexSeconds, vacuumSeconds };
  } finally {
    await client.end();
  }
}

async function copyRows(client: pg.Client, job: SeedJob, log: (line: string) => void): Promise<number> {
  const stream = client.query(copyFrom(`COPY refunds (${REFUND_COPY_COLUMNS.join(', ')}) FROM STDIN`));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  // Two workers: shops split between them, so generation uses both cores while Postgres loads.
  const halves = [job.shops.filter((_, i) => i % 2 === 0), job.shops.filter((_, i) => i % 2 === 1)].filter((part) => part.length);
  let rows = 0;
  let nextReport = 100_000;
  await Promise.all(
    halves.map(
      (shops) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
            workerData: { script: './seed-worker.ts', ...job, shops } satisfies SeedJob & { script: string },
          });
          worker.on('message', (message: { text: string; rows: number; done: boolean }) => {
            rows += message.rows;
            if (rows >= nextReport) {
              log(`  ${rows.toLocaleString('en-US')} rows`);
              nextReport += 100_000;
            }
            // The worker waits for this before generating more than two chunks ahead of the loader.
            const ack = () => (message.done ? void worker.terminate().then(() => resolve()) : worker.postMessage('ack'));
            if (stream.write(message.text)) ack();
            else stream.once('drain', ack);
          });
          worker.on('error', reject);
        }),
    ),
  );
  stream.end();
  await finished;
  return rows;
}
