import 'server-only';
import type PgBoss from 'pg-boss';
import type { SqlTx } from '@/server/sql';
import type { QueueName } from './queues';
import { jobBoss } from './runtime';
import { announceJobs } from './wakeups';

/**
 * Sends a job and wakes the workers. With `tx`, the job is part of that transaction: it exists
 * exactly when the rest of the transaction commits (a run's rows and their jobs; a slice's
 * progress and its follow-up). Returns the job id, or null when the queue's policy dropped it as a
 * duplicate (a refresh of the same refund already waiting).
 */
export async function sendJob(queue: QueueName, data: object, options: PgBoss.SendOptions = {}, tx?: SqlTx): Promise<string | null> {
  const boss = await jobBoss();
  const id = await boss.send(queue, data, tx ? { ...options, db: tx } : options);
  if (id) await announceJobs(queue, tx);
  return id;
}

/** Marks a job done inside `tx` (so a slice's results and the end of its job commit together). */
export async function completeJob(queue: QueueName, id: string, tx: SqlTx, output: object = {}): Promise<void> {
  const boss = await jobBoss();
  await boss.complete(queue, id, output, { db: tx });
}

/** Fails a job (pg-boss retries it while it has retries left), optionally inside `tx`. */
export async function failJob(queue: QueueName, id: string, output: object, tx?: SqlTx): Promise<void> {
  const boss = await jobBoss();
  await boss.fail(queue, id, output, tx ? { db: tx } : {});
}
