import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import type { RefundKind } from '@/generated/prisma/enums';
import { QUEUES } from '@/server/jobs/queues';
import { sendJob } from '@/server/jobs/send';
import type { JobContext, JobHandler, RunningJob } from '@/server/jobs/types';
import { logError } from '@/server/log';
import { observeWebhookToRow } from '@/server/metrics/counters';
import { sqlRows } from '@/server/sql';
import { clientForAccount, defaultTransport } from '@/server/tiktok/account-client';
import type { Transport } from '@/server/tiktok/http';
import { upsertRefunds } from './upsert';

/**
 * "Refresh this refund": what a TikTok webhook becomes. The job reads the refund from TikTok and
 * upserts it; every delivery about that refund received before the read is answered by it. The
 * queue keeps one waiting job per refund (pg-boss policy `short`, singleton key account + kind +
 * id), so a burst of notifications about one refund (TikTok retries, several status changes in a
 * second) costs one TikTok call, not one each. A failed read is retried by pg-boss; the periodic
 * sync stays the reconciliation path for anything a webhook missed.
 */

const sql = Prisma.sql;

export interface RefreshRequest {
  accountId: number;
  kind: RefundKind;
  /** TikTok's return_id or cancel_id. */
  id: string;
}

/** Queues the refresh; returns false when one for the same refund was already waiting (it covers this one). */
export async function enqueueRefresh(request: RefreshRequest): Promise<boolean> {
  const id = await sendJob(QUEUES.refundRefresh, request, { singletonKey: `${request.accountId}:${request.kind}:${request.id}` });
  return id !== null;
}

const webhookType = (kind: RefundKind) => (kind === 'Return' ? 12 : 11);

/** Reads the refund from TikTok, stores it, and marks the deliveries it answers. Returns how many it answered. */
export async function refreshRefund(request: RefreshRequest, transport: Transport = defaultTransport()): Promise<number> {
  const readAt = new Date();
  const client = await clientForAccount(request.accountId, transport);
  const refund = await client.findRefund(request.kind, request.id);
  if (refund) await upsertRefunds(request.accountId, [refund], { source: 'Webhook' });
  const answered = await sqlRows<{ seconds: number }>(sql`
    UPDATE webhook_events SET outcome = ${refund ? 'Processed' : 'Ignored'}::"WebhookOutcome", processed_at = now(),
      error = ${refund ? null : 'TikTok did not return the request'}
     WHERE account_id = ${request.accountId} AND subject_id = ${request.id} AND type = ${webhookType(request.kind)}
       AND outcome IN ('Received', 'Failed') AND received_at <= ${readAt}
    RETURNING extract(epoch FROM processed_at - received_at)::float8 AS seconds`);
  for (const row of answered) observeWebhookToRow(row.seconds);
  return answered.length;
}

async function run(job: RunningJob<RefreshRequest>, context: JobContext): Promise<undefined> {
  await refreshRefund(job.data, context.transport);
  return undefined;
}

/** Out of retries: the deliveries are marked failed; the next sync brings the refund anyway. */
async function onFinalFailure(job: RunningJob<RefreshRequest>, error: unknown): Promise<undefined> {
  logError('webhook.process_failed', { accountId: job.data.accountId, kind: job.data.kind, error });
  await sqlRows(sql`
    UPDATE webhook_events SET outcome = 'Failed', processed_at = now(), error = ${error instanceof Error ? error.name : 'error'}
     WHERE account_id = ${job.data.accountId} AND subject_id = ${job.data.id} AND type = ${webhookType(job.data.kind)} AND outcome = 'Received'
    RETURNING id`);
  return undefined;
}

export const refreshJobHandler: JobHandler<RefreshRequest> = { run, onFinalFailure };
