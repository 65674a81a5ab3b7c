import 'server-only';
import pg from 'pg';
import { env } from '@/server/config';
import { jobsPool } from '@/server/db';
import { logError } from '@/server/log';
import type { SqlTx } from '@/server/sql';

/**
 * New jobs wake idle workers at once instead of at their next poll: whoever sends a job NOTIFYs
 * `refund_jobs` (inside the sending transaction, so the notice goes out when the job is committed)
 * and every worker process LISTENs on one connection of its own. A webhook's refresh is thus
 * picked up in milliseconds by whichever process is free; polling (every 2 s) remains the fallback
 * when a notice is lost (a reconnect).
 */

const CHANNEL = 'refund_jobs';

type Listener = (queue: string) => void;

interface State {
  client: pg.Client | null;
  connecting: Promise<void> | null;
  retry: NodeJS.Timeout | null;
  listeners: Set<Listener>;
}

const holder = globalThis as unknown as { refundsJobWakeups?: State };

function state(): State {
  holder.refundsJobWakeups ??= { client: null, connecting: null, retry: null, listeners: new Set() };
  return holder.refundsJobWakeups;
}

function tell(queue: string) {
  for (const listener of state().listeners) listener(queue);
}

async function connect(current: State): Promise<void> {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  client.on('notification', (message) => tell(message.payload ?? ''));
  client.on('error', (error) => logError('jobs.listen_error', { code: (error as { code?: string }).code }));
  client.on('end', () => {
    if (current.client === client) current.client = null;
    // Reopened after 2 s while a worker still listens (a database restart, a failover).
    if (current.listeners.size && !current.retry) {
      current.retry = setTimeout(() => {
        current.retry = null;
        void ensure(current);
      }, 2000);
      current.retry.unref();
    }
  });
  await client.connect();
  await client.query(`LISTEN ${CHANNEL}`);
  current.client = client;
}

function ensure(current: State): Promise<void> {
  if (current.client || !current.listeners.size) return Promise.resolve();
  current.connecting ??= connect(current)
    .catch((error: unknown) => logError('jobs.listen_failed', { error }))
    .finally(() => {
      current.connecting = null;
    });
  return current.connecting;
}

/** Calls `listener` with a queue's name whenever a job is sent to it (by any process); returns the unsubscribe. */
export async function onJobsSent(listener: Listener): Promise<() => Promise<void>> {
  const current = state();
  current.listeners.add(listener);
  await ensure(current);
  return async () => {
    current.listeners.delete(listener);
    if (current.listeners.size) return;
    if (current.retry) clearTimeout(current.retry);
    current.retry = null;
    const client = current.client;
    current.client = null;
    await client?.end().catch(() => undefined);
  };
}

/** Tells every worker that `queue` has work: now in this process, at commit in the others. */
export async function announceJobs(queue: string, tx?: SqlTx): Promise<void> {
  if (tx) await tx.executeSql('SELECT pg_notify($1, $2)', [CHANNEL, queue]);
  else await jobsPool().query('SELECT pg_notify($1, $2)', [CHANNEL, queue]);
  // Outside a transaction the job is already committed: this process's workers need not wait for the round trip.
  if (!tx) tell(queue);
}
