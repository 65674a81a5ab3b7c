import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { db, locksPool } from '@/server/db';
import { logError } from '@/server/log';
import { sqlRows } from '@/server/sql';
import { QUEUES } from './queues';
import { failJob } from './send';
import { SHOP_LOCK_CLASS } from './shop-lock';

const sql = Prisma.sql;

/** One supervisor pass at a time across every worker (a session advisory lock, tried, never waited on). */
const SUPERVISOR_LOCK = 7_412_101;
/** A live worker takes its shop's lock within milliseconds of fetching the job; this leaves room for a very slow start. */
const GRACE_SECONDS = 10;

/**
 * Hands the jobs of dead workers to live ones. An active sync job whose shop lock nobody holds
 * (./shop-lock.ts) has lost its worker: it is failed now, so that pg-boss retries it after its
 * backoff (seconds) rather than when it would expire (30 minutes); the retry resumes from the
 * slice's start, i.e. from the last committed watermark.
 */
export async function failDeadShopJobs(): Promise<number> {
  const dead = await sqlRows<{ id: string }>(sql`
    SELECT j.id FROM pgboss.job j
     WHERE j.name = ${QUEUES.syncShop} AND j.state = 'active' AND j.started_on < now() - ${GRACE_SECONDS} * interval '1 second'
       AND NOT EXISTS (
         SELECT 1 FROM pg_locks l
          WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.classid::bigint = ${SHOP_LOCK_CLASS} AND l.objid::bigint = (j.data->>'accountId')::bigint)`);
  for (const job of dead) {
    await db.syncJobAttempt.updateMany({ where: { jobId: job.id, finishedAt: null }, data: { finishedAt: new Date(), outcome: 'died' } });
    await failJob(QUEUES.syncShop, job.id, { message: 'the worker stopped (its shop lock is gone); handed to another worker' });
  }
  return dead.length;
}

/** Runs every check of `checks` once, if no other worker is running them right now. */
export async function supervise(checks: readonly (() => Promise<unknown>)[]): Promise<void> {
  const client = await locksPool().connect();
  try {
    const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1) AS taken', [SUPERVISOR_LOCK]);
    if (!rows[0]?.taken) return;
    try {
      for (const check of checks) await check().catch((error: unknown) => logError('jobs.supervise_failed', { error }));
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SUPERVISOR_LOCK]);
    }
  } finally {
    client.release();
  }
}
