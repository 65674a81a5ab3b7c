import 'server-only';
import PgBoss from 'pg-boss';
import { jobsPool } from '@/server/db';
import { logError } from '@/server/log';
import { QUEUE_OPTIONS } from './queues';

/**
 * This process's handle on pg-boss, the job engine, on the app's own PostgreSQL (schema `pgboss`,
 * created and migrated by pg-boss itself on first start, under its advisory lock, so any number of
 * processes may start at once). Every process can send jobs; worker processes (`npm run worker`,
 * the panel's in-process worker) also run pg-boss's maintenance (expiring, archiving and deleting
 * old jobs) and its cron (the minute jobs), each of which pg-boss lets one process do at a time.
 */

interface Runtime {
  boss: PgBoss;
  started: Promise<PgBoss>;
  maintenance: boolean;
}

/** Workers of this process, stopped before pg-boss itself. */
const holder = globalThis as unknown as { refundsJobs?: Runtime; refundsJobStoppers?: Set<() => Promise<void>> };

async function createQueues(boss: PgBoss): Promise<void> {
  // createQueue is idempotent (ON CONFLICT DO NOTHING); updateQueue keeps an existing queue's
  // options in step with this code after an upgrade.
  for (const [name, options] of Object.entries(QUEUE_OPTIONS)) {
    await boss.createQueue(name, { name, ...options });
    await boss.updateQueue(name, { name, ...options });
  }
}

function create(maintenance: boolean): Runtime {
  const boss = new PgBoss({
    // Its statements go through the app's jobs pool (src/server/db.ts), closed with the others.
    db: { executeSql: async (text: string, values?: unknown[]) => jobsPool().query(text, values) },
    schema: 'pgboss',
    migrate: true,
    supervise: maintenance,
    schedule: maintenance,
    maintenanceIntervalSeconds: 60,
    // Finished jobs stay queryable for an hour (the sync runs page keeps its own record), then
    // move to pgboss.archive, which keeps them a week.
    archiveCompletedAfterSeconds: 3600,
    deleteAfterDays: 7,
    cronMonitorIntervalSeconds: 30,
  });
  boss.on('error', (error) => logError('jobs.error', { error }));
  const started = boss.start().then(async () => {
    await createQueues(boss);
    return boss;
  });
  // The first caller sees a failed start; the next one tries again.
  started.catch(() => {
    if (holder.refundsJobs?.boss === boss) holder.refundsJobs = undefined;
  });
  return { boss, started, maintenance };
}

/**
 * The started pg-boss of this process. `maintenance` is for long-running workers and only counts
 * on the first call of the process: that is where its pg-boss is created.
 */
export function jobBoss(options: { maintenance?: boolean } = {}): Promise<PgBoss> {
  holder.refundsJobs ??= create(options.maintenance ?? false);
  return holder.refundsJobs.started;
}

/** Registers a worker to stop before pg-boss when the process shuts down; returns the unregister. */
export function onJobRuntimeStop(stop: () => Promise<void>): () => void {
  holder.refundsJobStoppers ??= new Set();
  const stoppers = holder.refundsJobStoppers;
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

/** Stops this process's workers, then pg-boss (called by disconnectDb). Safe to call when nothing runs. */
export async function stopJobRuntime(): Promise<void> {
  for (const stop of [...(holder.refundsJobStoppers ?? [])]) await stop().catch((error: unknown) => logError('jobs.stop_failed', { error }));
  const runtime = holder.refundsJobs;
  if (!runtime) return;
  holder.refundsJobs = undefined;
  const boss = await runtime.started.catch(() => null);
  await boss?.stop({ graceful: false, close: false, wait: true }).catch((error: unknown) => logError('jobs.stop_failed', { error }));
}

/** Installs pg-boss's schema and the app's queues in the database at `url` (the tests' template, which every test database is cloned from). */
export async function installJobSchema(url: string): Promise<void> {
  const boss = new PgBoss({ connectionString: url, max: 1, supervise: false, schedule: false, migrate: true });
  await boss.start();
  try {
    await createQueues(boss);
  } finally {
    await boss.stop({ graceful: false, close: true, wait: true });
  }
}
