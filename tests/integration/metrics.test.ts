import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEnv } from '@/server/config';
import { db } from '@/server/db';
import { QUEUES } from '@/server/jobs/queues';
import { sendJob } from '@/server/jobs/send';
import { observeHttp, observeWebhookToRow } from '@/server/metrics/counters';
import { metricsResponse } from '@/server/metrics/endpoint';
import { requestSync } from '@/server/sync/runs';
import { waitForRuns } from '@/server/sync/sync-now';
import { control } from '../support/sandbox';
import { connectAccounts, startFrozenSandbox, type TestSandbox } from '../support/sync';

const TOKEN = 'metrics-token-for-the-test-0123456789';
const scrape = (authorization?: string) => metricsResponse(new Request('http://localhost/api/metrics', { headers: authorization ? { authorization } : {} }));

/** The value of one series in a text exposition (labels as written, sorted by key). */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/api/metrics', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startFrozenSandbox({ size: 120, shopCount: 1 });
    await connectAccounts(sandbox);
  });
  afterAll(async () => {
    setEnv('METRICS_TOKEN', undefined);
    await sandbox.close();
  });

  it('does not exist without METRICS_TOKEN, and answers 401 without the token', async () => {
    setEnv('METRICS_TOKEN', undefined);
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
    setEnv('METRICS_TOKEN', TOKEN);
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(TOKEN)).status).toBe(401);
  });

  it('reports sync lag per shop, jobs and their age, TikTok calls by outcome (429 too), webhook latency, auto-approvals due and HTTP latency', async () => {
    setEnv('METRICS_TOKEN', TOKEN);
    // One 429 from TikTok during a real sync through the process's own transport, on the returns'
    // search (the returns and cancellations feeds run side by side: unaimed, it hit whichever went first).
    await control(sandbox, '/faults', { rules: [{ kind: 'rate_limit', times: 1, match: 'returns/search', retryAfterSeconds: 1 }] });
    const { runId } = await requestSync({ trigger: 'Cli' });
    await waitForRuns([runId]);
    const account = await db.shopAccount.findFirstOrThrow();
    // A request TikTok auto-approves in an hour, and a job that has waited.
    const due = { respondBy: { gt: new Date(), lte: new Date(Date.now() + 12 * 3_600_000) }, sellerNextAction: { not: null }, decisionClaimId: null };
    const dueBefore = await db.refund.count({ where: due });
    const refund = await db.refund.findFirstOrThrow({ where: { accountId: account.id, sellerNextAction: null } });
    await db.refund.update({
      where: { id: refund.id },
      data: { respondBy: new Date(Date.now() + 3_600_000), sellerNextAction: 'SELLER_RESPOND_RETURN', decisionClaimId: null },
    });
    await sendJob(QUEUES.refundRefresh, { accountId: account.id, kind: 'Return', id: '1' }, { singletonKey: 'metrics-test' });
    await db.$executeRaw`UPDATE pgboss.job SET created_on = now() - interval '90 seconds' WHERE singleton_key = 'metrics-test'`;
    observeWebhookToRow(0.3);
    observeHttp('/refunds', 'GET', 200, 0.02);

    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).not.toContain(TOKEN);
    expect(value(text, `refunds_sync_lag_seconds{account_id="${account.id}",shop="${account.name}"}`)).toBeGreaterThanOrEqual(0);
    expect(value(text, 'refunds_jobs_queued{queue="refund-refresh"}')).toBe(1);
    expect(value(text, 'refunds_jobs_oldest_queued_age_seconds{queue="refund-refresh"}')).toBeGreaterThanOrEqual(89);
    expect(value(text, 'refunds_jobs_queued{queue="sync-shop"}')).toBe(0);
    expect(value(text, 'refunds_tiktok_calls_total{api="return_refund/returns/search",outcome="rate_limited"}')).toBe(1);
    expect(value(text, 'refunds_tiktok_calls_total{api="return_refund/returns/search",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'refunds_webhook_to_row_seconds_bucket{le="0.5"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'refunds_webhook_to_row_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'refunds_auto_approve_within_warning')).toBe(dueBefore + 1);
    expect(value(text, 'refunds_http_request_duration_seconds_bucket{le="0.025",method="GET",route="/refunds",status="2xx"}')).toBeGreaterThanOrEqual(1);
    for (const family of [
      'refunds_sync_lag_seconds',
      'refunds_jobs_queued',
      'refunds_jobs_active',
      'refunds_jobs_oldest_queued_age_seconds',
      'refunds_tiktok_calls_total',
      'refunds_webhook_to_row_seconds',
      'refunds_auto_approve_within_warning',
      'refunds_http_request_duration_seconds',
    ])
      expect(text).toContain(`# HELP ${family} `);
  });
});
