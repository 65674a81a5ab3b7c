import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { env } from '@/server/config';
import { db } from '@/server/db';
import { resumeStaleDecisions } from '@/server/decisions/resume';
import { syncAccountFinance } from '@/server/finance/sync';
import { PRIORITY, QUEUES, shopKey } from '@/server/jobs/queues';
import { completeJob, sendJob } from '@/server/jobs/send';
import { lockShop } from '@/server/jobs/shop-lock';
import type { JobContext, JobHandler, RunningJob } from '@/server/jobs/types';
import { logError } from '@/server/log';
import { sqlTransaction } from '@/server/sql';
import { clientForAccount, defaultTransport } from '@/server/tiktok/account-client';
import { TikTokApiError } from '@/server/tiktok/errors';
import { syncFeed, type Feed, type FeedResult } from './engine';
import { FeedPager, type FeedPosition } from './keyset';
import { newProgress, progressBase, progressFields, type Progress } from './progress';
import { closeRunAccount } from './run-finish';
import type { ShopJobData } from './shop-job-data';

/**
 * One job of a shop's sync: a slice of the account's window in one run. Per account, returns and
 * cancellations updated in [watermark - overlap, run start) are paged side by side (./engine.ts);
 * a slice reads at most SYNC_JOB_PAGES pages per feed, then commits, in one transaction, its
 * figures, the watermark up to where both feeds are complete, and the follow-up job that resumes
 * from exactly there (priority `backfill`, so other shops' incremental syncs go first: a shop with
 * 200,000 refunds to backfill holds one worker slot for one slice at a time, never the queue).
 * The last slice then finishes the decisions whose process stopped (../decisions/resume.ts), reads
 * the shop's money (../finance/sync.ts) and closes the account's share of the run.
 *
 * Crash safety: the watermark only moves past what is written, so a worker that dies mid-slice
 * loses nothing: the supervisor sees its shop lock gone (../jobs/reaper.ts) and pg-boss hands the
 * job, with the same data, to another worker, which resumes from the slice's start.
 */

const sql = Prisma.sql;
const FEEDS: readonly Feed[] = ['Return', 'Cancellation'];

/** Another live job holds the shop's lock (only possible around a crash): try again after pg-boss's backoff. */
class ShopBusy extends Error {
  override name = 'ShopBusy';
}

/** Where a first slice starts: the watermark minus the overlap, or the backfill's reach for a new shop. */
async function firstFeeds(accountId: number, until: Date): Promise<Record<Feed, FeedPosition>> {
  const account = await db.shopAccount.findUniqueOrThrow({ where: { id: accountId }, select: { syncWatermark: true } });
  const from = account.syncWatermark
    ? new Date(account.syncWatermark.getTime() - env.SYNC_OVERLAP_MINUTES * 60_000)
    : new Date(until.getTime() - env.SYNC_BACKFILL_DAYS * 86_400_000);
  const position = { from: Math.floor(from.getTime() / 1000), seen: [] };
  return { Return: position, Cancellation: position };
}

async function runShopJob(job: RunningJob<ShopJobData>, context: JobContext): Promise<'settled' | undefined> {
  const data = job.data;
  const lock = await lockShop(data.accountId);
  if (!lock) throw new ShopBusy(`shop ${data.accountId} is being synced by another job`);
  try {
    const row = await db.syncRunAccount.findUnique({ where: { id: data.runAccountId }, select: { finishedAt: true, startedAt: true } });
    if (!row || row.finishedAt) {
      // Closed meanwhile (the supervisor gave up on it): nothing left to do.
      await sqlTransaction((tx) => completeJob(QUEUES.syncShop, job.id, tx));
      return 'settled';
    }
    const attempt = await startAttempt(job, context, row.startedAt);
    try {
      return await runSlice(job, context, attempt);
    } catch (error) {
      // The job goes back to pg-boss (retried, or failed for good): this attempt is over either way.
      await db.syncJobAttempt.update({ where: { id: attempt.id }, data: { finishedAt: new Date(), outcome: 'error' } }).catch(() => undefined);
      throw error;
    }
  } finally {
    await lock.release();
  }
}

interface Attempt {
  id: number;
  feeds: Record<Feed, FeedPosition | null>;
}

/** Records who works this slice and from where (sync_job_attempts), and that the account has started. */
async function startAttempt(job: RunningJob<ShopJobData>, context: JobContext, startedAt: Date | null): Promise<Attempt> {
  const data = job.data;
  const feeds = data.feeds ?? (await firstFeeds(data.accountId, new Date(data.until)));
  const resumedFrom = Math.min(...FEEDS.map((kind) => feeds[kind]?.from ?? Infinity));
  const attempt = await db.syncJobAttempt.create({
    data: {
      runAccountId: data.runAccountId,
      accountId: data.accountId,
      jobId: job.id,
      slice: data.slice,
      worker: context.worker,
      resumedFrom: Number.isFinite(resumedFrom) ? new Date(resumedFrom * 1000) : null,
    },
    select: { id: true },
  });
  await db.syncRunAccount.update({
    where: { id: data.runAccountId },
    data: { startedAt: startedAt ?? new Date(), attempts: { increment: 1 }, worker: context.worker, jobId: job.id },
  });
  return { id: attempt.id, feeds };
}

async function runSlice(job: RunningJob<ShopJobData>, context: JobContext, attempt: Attempt): Promise<'settled'> {
  const data = job.data;
  const { accountId, runAccountId } = data;
  const until = new Date(data.until);
  const feeds = attempt.feeds;
  const transport = context.transport ?? defaultTransport();
  const progress = newProgress(data.base);
  const pagesBefore = progress.pages;
  const write = () => db.syncRunAccount.update({ where: { id: runAccountId }, data: progressFields(progress) });
  // Progress is for people watching: a write every 250 ms is live enough and keeps it off the hot path.
  let lastWrite = 0;
  const save = async () => {
    if (Date.now() - lastWrite < 250) return;
    lastWrite = Date.now();
    await write();
  };

  try {
    const client = await clientForAccount(accountId, transport);
    // Returns and cancellations are separate APIs: page them side by side.
    const results = await Promise.all(
      FEEDS.map((kind): Promise<FeedResult> => {
        const position = feeds[kind];
        if (!position) return Promise.resolve({ done: true });
        const pager = FeedPager.resumeAt(position, until);
        return syncFeed({ client, kind, accountId, pager, pageBudget: env.SYNC_JOB_PAGES, firstSlice: data.slice === 1, progress, save });
      }),
    );
    const next = Object.fromEntries(FEEDS.map((kind, i) => [kind, results[i]!.done ? null : (results[i] as { position: FeedPosition }).position])) as Record<
      Feed,
      FeedPosition | null
    >;
    if (FEEDS.some((kind) => next[kind])) {
      await continueLater(job, progress, next, { id: attempt.id, pages: progress.pages - pagesBefore });
      return 'settled';
    }
    await write();
    // Decisions whose process stopped between TikTok and our record are finished here (same key, never twice).
    await resumeStaleDecisions(accountId, client, context.now?.() ?? new Date());
    // Records without a usable id can never be stored: they are counted and shown on the run, but
    // they do not hold the watermark back (only a failed request does), or one bad record would
    // make every later run read the same window again.
    await db.$transaction([
      db.syncRunAccount.update({ where: { id: runAccountId }, data: { outcome: 'Succeeded', watermarkAfter: until } }),
      db.shopAccount.update({
        where: { id: accountId },
        data: { syncWatermark: until, lastSyncAt: new Date(), lastSuccessfulSyncAt: new Date(), lastSyncOutcome: 'Succeeded', lastSyncError: null },
      }),
    ]);
  } catch (error) {
    await write().catch(() => undefined);
    if (!(error instanceof TikTokApiError)) throw error;
    // TikTok still said 429 after the transport's retries (each honouring Retry-After): pg-boss
    // tries the slice again after its backoff, and the shop's budget holds every process back
    // until TikTok's Retry-After has passed.
    if (error.kind === 'rate_limited' && job.retryCount < job.retryLimit) throw error;
    await db.$transaction([
      db.syncRunAccount.update({
        where: { id: runAccountId },
        data: { outcome: 'Failed', errorCode: String(error.code ?? error.kind), error: error.describe() },
      }),
      db.shopAccount.update({ where: { id: accountId }, data: { lastSyncAt: new Date(), lastSyncOutcome: 'Failed', lastSyncError: error.describe() } }),
    ]);
  }
  // Statements, payments and reconciliation (src/server/finance); a failure there is added to this row.
  await syncAccountFinance(runAccountId, accountId, until, transport);
  await closeRunAccount({
    runId: data.runId,
    runAccountId,
    job: { id: job.id },
    attempt: { id: attempt.id, outcome: 'finished', pages: progress.pages - pagesBefore },
  });
  return 'settled';
}

/**
 * The slice read its share: its figures, the watermark (as far as both feeds are complete) and the
 * follow-up job commit together, with this job's completion, so a crash either keeps all or none.
 */
async function continueLater(
  job: RunningJob<ShopJobData>,
  progress: Progress,
  feeds: Record<Feed, FeedPosition | null>,
  attempt: { id: number; pages: number },
): Promise<void> {
  const data = job.data;
  const until = new Date(data.until);
  const complete = Math.min(...FEEDS.map((kind) => (feeds[kind] ? feeds[kind].from * 1000 : until.getTime())));
  const fields = progressFields(progress);
  await sqlTransaction(async (tx) => {
    const next: ShopJobData = { ...data, slice: data.slice + 1, feeds, base: progressBase(progress) };
    const nextId = await sendJob(QUEUES.syncShop, next, { singletonKey: shopKey(data.accountId), priority: PRIORITY.backfill }, tx);
    await tx.execute(sql`
      UPDATE sync_run_accounts SET pages = ${fields.pages}, fetched = ${fields.fetched}, created = ${fields.created}, updated = ${fields.updated},
        unchanged = ${fields.unchanged}, unmapped = ${fields.unmapped}, skipped = ${fields.skipped}, reported_total = ${fields.reportedTotal},
        notes = ${fields.notes}::text[], job_id = ${nextId}::uuid
       WHERE id = ${data.runAccountId}`);
    await tx.execute(sql`
      UPDATE shop_accounts SET sync_watermark = GREATEST(coalesce(sync_watermark, '-infinity'), ${new Date(complete)}) WHERE id = ${data.accountId}`);
    await tx.execute(sql`UPDATE sync_job_attempts SET finished_at = now(), outcome = 'continued', pages = ${attempt.pages} WHERE id = ${attempt.id}`);
    await completeJob(QUEUES.syncShop, job.id, tx, { continuedBy: nextId });
  });
}

/** The last attempt failed on something other than TikTok (the database, a bug): the account's share closes as failed. */
async function failShopJob(job: RunningJob<ShopJobData>, error: unknown): Promise<'settled'> {
  const rateLimited = error instanceof TikTokApiError && error.kind === 'rate_limited';
  if (!rateLimited) logError('sync.account_failed', { accountId: job.data.accountId, error });
  await db.syncJobAttempt.updateMany({ where: { jobId: job.id, finishedAt: null }, data: { finishedAt: new Date(), outcome: 'failed' } });
  await closeRunAccount({
    runId: job.data.runId,
    runAccountId: job.data.runAccountId,
    failure: rateLimited
      ? { errorCode: String(error.code ?? error.kind), error: error.describe() }
      : { errorCode: 'INTERNAL', error: 'internal error; see the server log' },
    job: { id: job.id, fail: true },
  });
  return 'settled';
}

export const shopJobHandler: JobHandler<ShopJobData> = { run: runShopJob, onFinalFailure: failShopJob };
