import { sqlRows } from '@/server/sql';
import { Prisma } from '@/generated/prisma/client';
import type { QueueName } from '@/server/jobs/queues';
import type { JobContext } from '@/server/jobs/types';
import { workUntil } from '@/server/jobs/worker';

/** Jobs of a queue that are waiting (created, retry) or running. */
export async function openJobs(queue: QueueName, singletonKey?: string): Promise<{ id: string; state: string; singleton_key: string | null }[]> {
  return sqlRows(Prisma.sql`
    SELECT id, state::text, singleton_key FROM pgboss.job
     WHERE name = ${queue} AND state IN ('created', 'retry', 'active') AND (${singletonKey ?? null}::text IS NULL OR singleton_key = ${singletonKey ?? null})`);
}

/** Works a queue's jobs in this process until none is waiting or running. */
export async function drainQueue(queue: QueueName, context: Omit<JobContext, 'worker'> = {}): Promise<void> {
  await workUntil(async () => (await openJobs(queue)).length === 0, { concurrency: 2, queues: [queue], context, pollMs: 100 });
}
