import 'server-only';
import os from 'node:os';
import type PgBoss from 'pg-boss';
import { logError, logInfo, scrub } from '@/server/log';
import { CRON, JOB_HANDLERS, SUPERVISOR_CHECKS } from './handlers';
import { QUEUE_ORDER, type QueueName } from './queues';
import { supervise } from './reaper';
import { jobBoss, onJobRuntimeStop } from './runtime';
import type { JobContext, RunningJob } from './types';
import { onJobsSent } from './wakeups';

/**
 * A worker: takes jobs from pg-boss and runs up to `concurrency` of them at once, in this process.
 * Any number of workers, in any number of processes on any machines pointing at the same database,
 * share the queues (pg-boss fetches with FOR UPDATE SKIP LOCKED: a job goes to exactly one). The
 * loop fetches for its free slots in QUEUE_ORDER, each queue by priority then age; when there is
 * nothing to do it sleeps until a job is sent (./wakeups.ts), a slot frees, or 2 s pass.
 *
 * A worker also runs the supervisor every few seconds (./reaper.ts: one worker at a time hands
 * the jobs of dead workers on, and closes what they left open); a long-running worker (the
 * `maintenance` option: `npm run worker`, the panel's in-process worker) also registers the minute
 * jobs with pg-boss's cron and runs pg-boss's maintenance.
 */

export interface WorkerOptions {
  concurrency: number;
  /** The queues this worker takes jobs from (default: all, in QUEUE_ORDER). */
  queues?: readonly QueueName[];
  /** A long-running worker: pg-boss maintenance and cron in this process. */
  maintenance?: boolean;
  /** Tests: a transport with short retries, a fixed clock. */
  context?: Omit<JobContext, 'worker'>;
  /** Stop taking jobs once this says so (`npm run sync` works its own run, then leaves). */
  until?: () => Promise<boolean> | boolean;
  pollMs?: number;
  /** How often this worker tries to run the supervisor (one worker at a time runs it). */
  superviseMs?: number;
}

export interface JobWorker {
  name: string;
  /** Resolves when the worker has stopped (on stop(), or when `until` said so and its jobs ended). */
  done: Promise<void>;
  /** Stops taking jobs and waits for the running ones to end. */
  stop(): Promise<void>;
}

let sequence = 0;

/** The error as pg-boss keeps it in the job's output: its kind and a message that cannot carry a secret. */
function output(error: unknown): object {
  return error instanceof Error ? { name: error.name, message: scrub(error.message) } : { message: 'error' };
}

export async function startWorker(options: WorkerOptions): Promise<JobWorker> {
  const boss = await jobBoss({ maintenance: options.maintenance });
  sequence += 1;
  const name = `${os.hostname()}:${process.pid}${sequence > 1 ? `#${sequence}` : ''}`;
  const context: JobContext = { ...options.context, worker: name };
  const queues = options.queues ?? QUEUE_ORDER;
  const pollMs = options.pollMs ?? 2000;
  const superviseMs = options.superviseMs ?? 5000;
  if (options.maintenance) for (const entry of CRON) await boss.schedule(entry.queue, entry.cron);

  const running = new Set<Promise<void>>();
  // `woken`: a nudge while the loop is not asleep (mid-fetch) is remembered, so it fetches again at once.
  const flags = { stopping: false, woken: false };
  // Read through functions: both change in callbacks, which TypeScript's narrowing does not follow.
  const stopped = () => flags.stopping;
  const woken = () => flags.woken;
  let wake: (() => void) | null = null;
  const nudge = () => {
    flags.woken = true;
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const stopListening = await onJobsSent((queue) => {
    if ((queues as readonly string[]).includes(queue)) nudge();
  });

  const execute = async (queue: QueueName, fetched: PgBoss.JobWithMetadata<unknown>) => {
    const handler = JOB_HANDLERS[queue];
    const job: RunningJob<unknown> = { id: fetched.id, name: fetched.name, data: fetched.data, retryCount: fetched.retryCount, retryLimit: fetched.retryLimit };
    try {
      const settled = await handler.run(job, context);
      if (settled !== 'settled') await boss.complete(queue, job.id);
    } catch (error) {
      try {
        const last = job.retryCount >= job.retryLimit;
        if (last && handler.onFinalFailure && (await handler.onFinalFailure(job, error, context)) === 'settled') return;
        if (!last) logInfo('jobs.retry', { queue, job: job.id, attempt: job.retryCount + 1, error: output(error) });
        await boss.fail(queue, job.id, output(error));
      } catch (failure) {
        logError('jobs.fail_failed', { queue, job: job.id, error: failure });
      }
    }
  };

  let lastSupervised = 0;
  let supervising: Promise<void> | null = null;
  const loop = async () => {
    while (!flags.stopping) {
      if (!supervising && Date.now() - lastSupervised >= superviseMs) {
        lastSupervised = Date.now();
        supervising = supervise(SUPERVISOR_CHECKS)
          .catch((error: unknown) => logError('jobs.supervise_failed', { error }))
          .finally(() => {
            supervising = null;
          });
      }
      if (options.until && (await options.until())) break;
      flags.woken = false;
      let fetched = 0;
      for (const queue of queues) {
        const free = options.concurrency - running.size;
        if (free <= 0 || stopped()) break;
        let jobs: PgBoss.JobWithMetadata<unknown>[] = [];
        try {
          jobs = await boss.fetch<unknown>(queue, { batchSize: free, includeMetadata: true });
        } catch (error) {
          logError('jobs.fetch_failed', { queue, error });
        }
        for (const job of jobs) {
          fetched += 1;
          const task: Promise<void> = execute(queue, job).finally(() => {
            running.delete(task);
            nudge();
          });
          running.add(task);
        }
      }
      if ((fetched > 0 && running.size < options.concurrency) || woken() || stopped()) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await Promise.allSettled([...running]);
    await supervising;
  };

  let done: Promise<void> = Promise.resolve();
  const stop = async () => {
    flags.stopping = true;
    nudge();
    await done;
  };
  const unregister = onJobRuntimeStop(stop);
  done = loop().finally(async () => {
    unregister();
    await stopListening();
  });
  return { name, done, stop };
}

/** Works jobs in this process until `finished` says so: `npm run sync` and the tests work a run of their own this way. */
export async function workUntil(finished: () => Promise<boolean>, options: Omit<WorkerOptions, 'until'>): Promise<void> {
  const worker = await startWorker({ ...options, until: finished });
  await worker.done;
}
