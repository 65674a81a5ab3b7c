import pg from 'pg';
import { analyticsData } from '@/features/analytics/queries';
import { loadAnalyticsFilters } from '@/features/analytics/search-params';
import { presetRange } from '@/lib/store-time';
import { observeSql } from '@/server/sql';
import { metric, percentile, type Metric } from './metrics';
import type { BenchServer } from './server';
import { timePage } from './render';

/**
 * The analytics page at a million refunds. Its refund rollups are written by the triggers as the seed's
 * COPY loads the refunds; this adds what a real shop would have beside them: an answer for every
 * request TikTok no longer waits on (as if the panel had seen each one waiting, so the answer log
 * is as large as it can get), a decision here on one request in 20 by six operators, and TikTok's
 * orders for every day of every shop.
 */

export interface AnalyticsView {
  name: string;
  query: string;
  informational?: string;
}

export async function seedAnalytics(url: string, log: (line: string) => void): Promise<{ seconds: number; logRows: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    // The rows go in with their rollup triggers off and their logs are then written in one pass by
    // the same SQL the rebuild uses (analytics_rollups_rebuild's helpers): what the triggers would
    // have appended, grouped, without 900,000 trigger rows (the seed took 253 s with them).
    const triggers = [
      ['refund_answers', 'refund_answers_analytics_insert'],
      ['refund_decisions', 'refund_decisions_analytics_insert'],
    ] as const;
    for (const [table, trigger] of triggers) await client.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
    // Hours to the answer spread over 0-48 h by a hash of the id (deterministic); auto-approvals at 48 h.
    const answers = await client.query(`
      INSERT INTO refund_answers (refund_id, account_id, requested_at, currency, answered_at, source, deadline, answer_status)
      SELECT id, account_id, marketplace_created_at, coalesce(currency, ''),
             marketplace_created_at + make_interval(secs => CASE WHEN id % 10 < 2 THEN 172800 ELSE (hashint4(id) & 2147483647) % 172800 END),
             (CASE WHEN id % 10 < 2 THEN 'Auto' WHEN id % 10 < 3 THEN 'Panel' ELSE 'Seller' END)::"RefundAnswerSource",
             marketplace_created_at + interval '48 hours', marketplace_status
        FROM refunds
       WHERE upper(marketplace_status) NOT IN ('RETURN_OR_REFUND_REQUEST_PENDING', 'REPLACEMENT_REQUEST_PENDING', 'CANCELLATION_REQUEST_PENDING',
                                              'RETURN_OR_REFUND_REQUEST_CANCEL', 'REPLACEMENT_REQUEST_CANCEL', 'CANCELLATION_REQUEST_CANCEL', 'CANCELLATION_REQUEST_CANCELLED')`);
    const decisions = await client.query(`
      INSERT INTO refund_decisions (refund_id, action, kind, state, idempotency_key, actor_label, marketplace_status_before, created_at, sent_at, finished_at)
      SELECT id, 'complete', (ARRAY['Approved', 'Approved', 'Rejected', 'ConfirmedRefund', 'PartialOffered']::"RefundDecisionKind"[])[1 + (id / 20) % 5], 'Applied',
             'bench-' || id, 'operator' || (1 + (id / 7) % 6) || '@bench.test', marketplace_status,
             marketplace_created_at + interval '5 hours', marketplace_created_at + interval '5 hours', marketplace_created_at + interval '5 hours'
        FROM refunds WHERE id % 20 = 0`);
    // Statistics first: the decisions' SQL counts each refund's decisions through an index that a
    // planner without statistics on the new rows ignores (50,000 × 50,000 rows scanned: minutes).
    await client.query('ANALYZE refund_answers, refund_decisions');
    await client.query(`DO $$
      DECLARE zone text := (SELECT time_zone FROM analytics_rollup_state WHERE id = 1);
      BEGIN
        EXECUTE analytics_answer_delta_sql('SELECT 1 AS sign, * FROM refund_answers') USING zone;
        EXECUTE analytics_decision_delta_sql('SELECT 1 AS sign, refund_id, actor_label, kind, state FROM refund_decisions') USING zone;
      END $$`);
    for (const [table, trigger] of triggers) await client.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
    // Orders for every day of every shop from the data's first day to yesterday (TikTok reports
    // D-1; today is not reported yet): 12 to 30 per refund of the day (refund rates of 3-8%), and
    // 1 to 5 more, so a day without refunds has orders too. Until 2026-11-30 evening only the days
    // with refunds had a row, which left most of a small shop's month unreported.
    const days = await client.query(`
      INSERT INTO shop_daily_performance (account_id, date, orders, raw, synced_at)
      SELECT a.id, g.day::date,
             (coalesce(r.refunds, 0) * (12 + (hashint4(a.id * 1000 + extract(doy FROM g.day)::int) & 2147483647) % 19)
              + 1 + (hashint4(a.id * 7919 + extract(doy FROM g.day)::int) & 2147483647) % 5)::int,
             '{}'::jsonb, now()
        FROM shop_accounts a
       CROSS JOIN generate_series((SELECT min(day) FROM refund_day_deltas), current_date - 1, interval '1 day') AS g(day)
        LEFT JOIN (SELECT account_id, day, sum(refunds) AS refunds FROM refund_day_deltas GROUP BY 1, 2) r ON r.account_id = a.id AND r.day = g.day::date`);
    await client.query(
      'VACUUM (ANALYZE) refund_answers, refund_decisions, shop_daily_performance, refund_day_deltas, refund_sku_deltas, refund_answer_deltas, refund_decision_deltas, ' +
        'refund_shop_day_deltas, refund_shop_month_deltas, refund_all_shops_answer_deltas, refund_all_shops_answer_month_deltas',
    );
    const counts = await client.query<{ table: string; n: string }>(`
      SELECT 'day' AS table, count(*) AS n FROM refund_day_deltas UNION ALL SELECT 'sku', count(*) FROM refund_sku_deltas
      UNION ALL SELECT 'answer', count(*) FROM refund_answer_deltas UNION ALL SELECT 'decision', count(*) FROM refund_decision_deltas
      UNION ALL SELECT 'shop day', count(*) FROM refund_shop_day_deltas UNION ALL SELECT 'shop month', count(*) FROM refund_shop_month_deltas
      UNION ALL SELECT 'answers over shops', count(*) FROM refund_all_shops_answer_deltas`);
    const logRows = counts.rows.map((row) => `${row.table} ${Number(row.n).toLocaleString('en-US')}`).join(', ');
    log(
      `  ${answers.rowCount?.toLocaleString('en-US')} answers, ${decisions.rowCount?.toLocaleString('en-US')} decisions, ${days.rowCount?.toLocaleString('en-US')} days of orders; rollup rows: ${logRows}`,
    );
    return { seconds: (performance.now() - started) / 1000, logRows };
  } finally {
    await client.end();
  }
}

/** The default view, a year by month, and one shop's quarter by week in one currency and status; two years by month for information. */
export async function analyticsViews(url: string, accountIds: number[], timeZone: string): Promise<AnalyticsView[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const [shop] = (
    await client.query<{ currency: string }>(`SELECT currency FROM refunds WHERE account_id = $1 AND currency IS NOT NULL LIMIT 1`, [accountIds[3]])
  ).rows;
  await client.end();
  const today = presetRange('today', timeZone, new Date()).to;
  const daysBack = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
  return [
    { name: 'default (last 30 days by day)', query: '' },
    { name: 'last 12 months by month', query: `?createdFrom=${daysBack(364)}&createdTo=${today}&granularity=month` },
    {
      name: 'one shop, 90 days by week, one currency and status',
      query: `?account=${accountIds[3]}&createdFrom=${daysBack(89)}&createdTo=${today}&granularity=week&currency=${shop!.currency}&status=Refund`,
    },
    {
      name: 'two years by month',
      query: `?createdFrom=${daysBack(729)}&createdTo=${today}&granularity=month`,
      informational: 'every refund of the data set at once',
    },
  ];
}

const WARMUP = 3;

/**
 * The page's reads (analyticsData) for each view next to the floor: the statements it sent through
 * src/server/sql.ts, replayed with the same values over plain connections, in parallel as the page
 * sends them (one connection each). The zone check and the account names go through Prisma and
 * are not in the floor (two primary-key-sized reads).
 */
export async function measureAnalyticsQueries(
  views: AnalyticsView[],
  options: { url: string; timeZone: string; runs: number; log: (line: string) => void },
): Promise<{ metrics: Metric[]; floors: Map<string, number> }> {
  const metrics: Metric[] = [];
  const floors = new Map<string, number>();
  const clients: pg.Client[] = [];
  try {
    for (const view of views) {
      const filters = loadAnalyticsFilters(view.query, options.timeZone, new Date());
      const codePath = () => analyticsData(filters, options.timeZone);
      for (let i = 0; i < WARMUP; i++) await codePath();
      const statements: { text: string; values: unknown[] }[] = [];
      observeSql((text, values) => statements.push({ text, values }));
      try {
        await codePath();
      } finally {
        observeSql(null);
      }
      while (clients.length < statements.length) {
        const client = new pg.Client({ connectionString: options.url });
        await client.connect();
        clients.push(client);
      }
      const replay = () => Promise.all(statements.map((statement, i) => clients[i]!.query(statement.text, statement.values)));
      const code: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        let started = performance.now();
        await codePath();
        code.push(performance.now() - started);
        started = performance.now();
        await replay();
        floor.push(performance.now() - started);
      }
      options.log(
        `  ${view.name}: p50 ${percentile(code, 50).toFixed(1)} ms, p95 ${percentile(code, 95).toFixed(1)} ms (floor ${percentile(floor, 95).toFixed(1)} ms), ${statements.length} statements`,
      );
      floors.set(view.name, percentile(floor, 95));
      metrics.push(metric({ name: `analytics queries: ${view.name} p50`, value: percentile(code, 50), unit: 'ms', floor: percentile(floor, 50) }));
      metrics.push(
        metric({
          name: `analytics queries: ${view.name} p95`,
          value: percentile(code, 95),
          unit: 'ms',
          floor: percentile(floor, 95),
          note: `${statements.length} statements in parallel${view.informational ? `; ${view.informational}` : ''}`,
        }),
      );
    }
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
  return { metrics, floors };
}

/** `GET /analytics?…` on the production server as a signed-in admin: the whole HTML, beside its queries' floor. */
export async function measureAnalyticsRender(
  views: AnalyticsView[],
  server: BenchServer,
  options: { runs: number; floors: Map<string, number>; log: (line: string) => void },
): Promise<Metric[]> {
  const metrics: Metric[] = [];
  for (const view of views) {
    const { samples, bytes } = await timePage(server, `/analytics${view.query}`, 'Refund requests by shop', options.runs);
    options.log(
      `  ${view.name}: p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms, ${(bytes / 1024).toFixed(0)} KB of HTML`,
    );
    const note = `${(bytes / 1024).toFixed(0)} KB of HTML; floor: the page's queries on plain connections${view.informational ? `; ${view.informational}` : ''}`;
    const floor = options.floors.get(view.name);
    metrics.push(metric({ name: `render /analytics: ${view.name} p50`, value: percentile(samples, 50), unit: 'ms' }));
    metrics.push(
      metric({
        name: `render /analytics: ${view.name} p95`,
        value: percentile(samples, 95),
        unit: 'ms',
        ...(view.informational ? {} : { target: 200 }),
        ...(floor === undefined ? {} : { floor }),
        note,
      }),
    );
  }
  return metrics;
}
