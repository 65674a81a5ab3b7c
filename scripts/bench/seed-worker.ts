import { parentPort, workerData } from 'node:worker_threads';
import { toRefundRow } from '@/server/sync/to-refund-row';
import { populationAt, type PopulationConfig } from '@tools/tiktok-sandbox/population';
import { parseMarketplaceJson } from '@tools/factories/refunds';
import { refundCopyLine } from './refund-lines';

/**
 * Generates the benchmark's refunds for some shops as COPY text, in ~4 MB chunks, through the same
 * parse and mapping the sync uses. Runs in a worker so two cores generate while Postgres loads; at
 * most two chunks wait for the loader at a time, so memory stays flat however many rows.
 */
export interface SeedJob {
  population: PopulationConfig;
  shops: { index: number; accountId: number }[];
  syncedAt: string;
}

const job = workerData as SeedJob;
const port = parentPort!;
const syncedAt = new Date(job.syncedAt);
const CHUNK = 4 * 1024 * 1024;
let unacknowledged = 0;
port.on('message', () => {
  unacknowledged -= 1;
});

async function send(text: string, rows: number, done = false) {
  unacknowledged += 1;
  port.postMessage({ text, rows, done });
  while (unacknowledged >= 2) await new Promise((resolve) => port.once('message', resolve));
}

let lines: string[] = [];
let size = 0;
for (const shop of job.shops) {
  for (const entry of populationAt(job.population, job.population.epoch, shop.index)) {
    const line = refundCopyLine(toRefundRow(shop.accountId, parseMarketplaceJson(entry.json)), syncedAt);
    lines.push(line);
    size += line.length;
    if (size >= CHUNK) {
      await send(lines.join(''), lines.length);
      lines = [];
      size = 0;
    }
  }
}
await send(lines.join(''), lines.length, true);
