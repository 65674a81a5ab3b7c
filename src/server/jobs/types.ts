import type { Transport } from '@/server/tiktok/http';

/** What a worker hands every job: its name (host:pid) and, in tests, a transport and a clock of their own. */
export interface JobContext {
  worker: string;
  transport?: Transport;
  now?: () => Date;
}

/** A fetched job, with what the handler needs of pg-boss's metadata. */
export interface RunningJob<T> {
  id: string;
  name: string;
  data: T;
  retryCount: number;
  retryLimit: number;
}

export interface JobHandler<T = unknown> {
  /**
   * Works the job. Resolves 'settled' when the handler completed the job itself (inside the
   * transaction that recorded its results); otherwise the worker completes it. Throwing fails the
   * job: pg-boss retries it after its backoff while it has retries left.
   */
  run(job: RunningJob<T>, context: JobContext): Promise<'settled' | undefined>;
  /** The job's last attempt failed with `error`: record it, and settle the job (or leave that to the worker). */
  onFinalFailure?(job: RunningJob<T>, error: unknown, context: JobContext): Promise<'settled' | undefined>;
}
