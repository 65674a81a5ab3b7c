import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { freePort } from '@tools/database/embedded';
import type { SandboxProfile } from '@tools/tiktok-sandbox/profile';
import { startSandbox } from '@tools/tiktok-sandbox/server';

/**
 * The sandbox TikTok for the ingest benchmark, on its own thread (and so its own core) as the real
 * TikTok is another machine: serving 100,000 records must not share the sync's event loop. Its
 * clock is frozen at the population's epoch so that nothing moves while the backfill pages.
 */
const { profile, perShopPerSecond } = workerData as { profile: SandboxProfile; perShopPerSecond?: number };
// perShopPerSecond: TikTok's limit per shop, answered with 429 beyond (the workers stage runs with it on).
const sandbox = await startSandbox({ profile, port: await freePort(), clock: () => profile.population.epoch, perShopPerSecond });
parentPort!.postMessage({ url: sandbox.url });
parentPort!.on('message', (message: string) => {
  if (message === 'stop') void sandbox.close().then(() => process.exit(0));
  // The time this thread's event loop was busy (TikTok's stand-in at work), for the benchmark's CPU accounting.
  if (message === 'busy') parentPort!.postMessage({ busyMs: performance.eventLoopUtilization().active });
});
