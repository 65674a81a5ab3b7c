import 'server-only';
import { db } from '@/server/db';
import { QUEUES } from '@/server/jobs/queues';
import type { JobContext } from '@/server/jobs/types';
import { workUntil } from '@/server/jobs/worker';
import { requestSync, type StartedSync, type SyncRequest } from './runs';

/**
 * Requests a sync and works its jobs in this process until it (and any run covering some of its
 * accounts) has ended; other workers, if any run, share the jobs. `npm run sync`, the benchmark and
 * the tests sync this way; the panel only requests and lets the workers run it.
 */
export async function syncNow(request: SyncRequest, options: { concurrency?: number; context?: Omit<JobContext, 'worker'> } = {}): Promise<StartedSync> {
  const started = await requestSync(request);
  await waitForRuns([started.runId, ...started.alongside.map((other) => other.runId)], options);
  return started;
}

/** Works sync jobs here until none of `runIds` is running any more. */
export async function waitForRuns(runIds: number[], options: { concurrency?: number; context?: Omit<JobContext, 'worker'> } = {}): Promise<void> {
  const finished = async () => (await db.syncRun.count({ where: { id: { in: runIds }, outcome: 'Running' } })) === 0;
  await workUntil(finished, { concurrency: options.concurrency ?? 4, queues: [QUEUES.syncShop], context: options.context, pollMs: 250 });
}
