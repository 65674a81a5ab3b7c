import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deployMigrations } from '@tools/database/migrations';
import { envIsSet, setEnv } from '@/server/config';
import { db, disconnectDb } from '@/server/db';
import { ensureRollupZone } from '@/server/rollups';
import { analyticsViews, measureAnalyticsQueries, measureAnalyticsRender, seedAnalytics } from './bench/analytics';
import { openBenchDatabase } from './bench/database';
import { measureExport } from './bench/export';
import { measureGrid } from './bench/grid';
import { measureIngest } from './bench/ingest';
import { formatTable, metric, type Metric } from './bench/metrics';
import { measureLoad, measurePageWeight } from './bench/load';
import { measureRender } from './bench/render';
import { measureSyncWorkers } from './bench/sync-workers';
import { seedRefunds } from './bench/seed';
import { startBenchServer, treeRss } from './bench/server';
import { benchViews } from './bench/views';
import { measureWeight } from './bench/weight';
import { loadEnv, ROOT, runMain, UsageError } from './lib/runtime';

/**
 * `npm run bench`: the performance figures of docs/performance.md. Seeds a million refunds over 10
 * accounts into a throwaway database, then measures the grid's queries against their raw-SQL
 * floor, page renders and the CSV export on a production server, the analytics page's reads and
 * render, sync ingest against the sandbox, and the client weight of the grid and the analytics page.
 * Prints a table and writes bench/results.json (and the grid statements' plans to bench/plans.md).
 *
 * Then sync with 1, 2 and 4 worker processes over 500 shops (./bench/sync-workers.ts).
 *
 *   npm run bench [-- --rows 1000000 --runs 100 --ingest-rows 100000 --ingest-rounds 3 --workers-rows 50000 --users 50 --load-seconds 60 --only grid,render,load,export,analytics,ingest,workers,weight]
 *   npm run bench -- --scale large     # 10,000,000 refunds over 500 accounts (on demand: about an hour of seeding alone)
 */

const STAGES = ['grid', 'render', 'load', 'export', 'analytics', 'ingest', 'workers', 'weight'] as const;
/** `--scale`: the default million over 10 accounts, or the agency-sized 10 million over 500. */
const SCALES = { default: { rows: 1_000_000, accounts: 10 }, large: { rows: 10_000_000, accounts: 500 } } as const;
/** Runs per analytics figure: its views are slower than the grid's, and 50 keep the stage near a minute. */
const ANALYTICS_RUNS = 50;
/** A store zone that is not UTC, as in the e2e tests: date filters must pay for their conversion. */
const TIME_ZONE = 'America/New_York';

function options() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'default' },
      rows: { type: 'string' },
      'workers-rows': { type: 'string', default: '50000' },
      'workers-shops': { type: 'string', default: '500' },
      'workers-changes': { type: 'string', default: '5000' },
      users: { type: 'string', default: '50' },
      'load-seconds': { type: 'string', default: '60' },
      runs: { type: 'string', default: '100' },
      'ingest-rows': { type: 'string', default: '100000' },
      'ingest-rounds': { type: 'string', default: '3' },
      only: { type: 'string', default: STAGES.join(',') },
    },
  });
  const count = (name: string, value: string, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  if (values.scale !== 'default' && values.scale !== 'large') throw new UsageError('--scale takes default or large');
  const scale = SCALES[values.scale];
  const only = values.only.split(',').map((s) => s.trim());
  const unknown = only.filter((stage) => !(STAGES as readonly string[]).includes(stage));
  if (unknown.length) throw new UsageError(`--only takes ${STAGES.join(', ')}; not ${unknown.join(', ')}`);
  return {
    // The deep page sits in the middle of the table: at least two pages are needed.
    rows: count('rows', values.rows ?? String(scale.rows), 200, 20_000_000),
    accounts: scale.accounts,
    // The large profile's figures live beside the default's, not over them.
    suffix: values.scale === 'large' ? '-large' : '',
    workersRows: count('workers-rows', values['workers-rows'], 1000, 10_000_000),
    workersShops: count('workers-shops', values['workers-shops'], 1, 999),
    workersChanges: count('workers-changes', values['workers-changes'], 1, 100_000),
    users: count('users', values.users, 1, 1000),
    loadSeconds: count('load-seconds', values['load-seconds'], 5, 3600),
    runs: count('runs', values.runs, 30, 1000),
    ingestRows: count('ingest-rows', values['ingest-rows'], 1000, 1_000_000),
    ingestRounds: count('ingest-rounds', values['ingest-rounds'], 1, 9),
    stages: new Set(only),
  };
}

runMain(async () => {
  loadEnv();
  const settings = options();
  const started = performance.now();
  const log = (line: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  // The bench's accounts seal their (sandbox) secrets like any other; a key of its own when none is set.
  if (!envIsSet('APP_ENCRYPTION_KEY')) setEnv('APP_ENCRYPTION_KEY', randomBytes(32).toString('base64'));
  setEnv('STORE_TIMEZONE', TIME_ZONE);
  const database = await openBenchDatabase(log);
  const metrics: Metric[] = [];
  let plans: string | undefined;
  let serverAfterRenders: number | undefined;
  try {
    setEnv('DATABASE_URL', database.url);
    await deployMigrations(database.url);
    // The analytics rollups count in the store's days from the first row on (the migration builds them in UTC).
    await ensureRollupZone(TIME_ZONE);
    log(`seeding ${settings.rows.toLocaleString('en-US')} refunds over ${settings.accounts} accounts with COPY`);
    const seeded = await seedRefunds(db, database.url, { rows: settings.rows, accounts: settings.accounts, log });
    log(
      `seeded in ${(seeded.copySeconds + seeded.indexSeconds + seeded.vacuumSeconds).toFixed(0)} s (load ${seeded.copySeconds.toFixed(0)} s, indexes ${seeded.indexSeconds.toFixed(0)} s, vacuum ${seeded.vacuumSeconds.toFixed(0)} s)`,
    );
    metrics.push(
      metric({
        name: 'seed: COPY, indexes, vacuum',
        value: seeded.copySeconds + seeded.indexSeconds + seeded.vacuumSeconds,
        unit: 's',
        note: `${seeded.rows} refunds and their first history event`,
      }),
    );
    const views = await benchViews(seeded.accountIds, TIME_ZONE, seeded.rows);
    let analytics: { views: Awaited<ReturnType<typeof analyticsViews>>; floors: Map<string, number> } | undefined;
    if (settings.stages.has('analytics')) {
      log('analytics: answers, decisions and orders beside the refunds (their rollups in one pass, as the triggers would write them)');
      const seededAnalytics = await seedAnalytics(database.url, log);
      metrics.push(
        metric({
          name: 'seed: analytics answers, decisions, orders',
          value: seededAnalytics.seconds,
          unit: 's',
          note: `rollup rows: ${seededAnalytics.logRows}`,
        }),
      );
      const analyticsViewList = await analyticsViews(database.url, seeded.accountIds, TIME_ZONE);
      log(`analytics queries through analyticsData, ${Math.min(settings.runs, ANALYTICS_RUNS)} runs each, next to the same SQL on plain connections`);
      const measured = await measureAnalyticsQueries(analyticsViewList, {
        url: database.url,
        timeZone: TIME_ZONE,
        runs: Math.min(settings.runs, ANALYTICS_RUNS),
        log,
      });
      metrics.push(...measured.metrics);
      analytics = { views: analyticsViewList, floors: measured.floors };
    }

    if (settings.stages.has('grid')) {
      log(`grid queries through searchRefunds, ${settings.runs} runs each, next to the same SQL on a plain connection`);
      const grid = await measureGrid(views, { url: database.url, timeZone: TIME_ZONE, runs: settings.runs, log });
      metrics.push(...grid.metrics);
      plans = grid.plans;
    }
    if (settings.stages.has('render') || settings.stages.has('load') || settings.stages.has('weight') || analytics) {
      log('production server (next build when the sources changed, then next start)');
      const server = await startBenchServer({ databaseUrl: database.url, timeZone: TIME_ZONE, log });
      try {
        if (settings.stages.has('render')) {
          log(`GET /refunds for each view, ${settings.runs} runs each`);
          metrics.push(...(await measureRender(views, server, { runs: settings.runs, log })));
          serverAfterRenders = treeRss(server.pid);
        }
        if (settings.stages.has('load')) {
          metrics.push(...(await measurePageWeight(server)));
          for (const model of ['browser', 'reload'] as const) {
            log(
              `${settings.users} signed-in users on the grid for ${settings.loadSeconds} s, ${model === 'browser' ? 'as a browser browses it' : 'every click a full page load'}`,
            );
            metrics.push(...(await measureLoad(views, server, { users: settings.users, seconds: settings.loadSeconds, model, processes: 1, log })));
          }
        }
        if (analytics) {
          log(`GET /analytics for each view, ${Math.min(settings.runs, ANALYTICS_RUNS)} runs each`);
          metrics.push(
            ...(await measureAnalyticsRender(analytics.views, server, { runs: Math.min(settings.runs, ANALYTICS_RUNS), floors: analytics.floors, log })),
          );
        }
      } finally {
        await server.stop();
      }
      if (settings.stages.has('load')) {
        // The same users on two server processes on the one port (WEB_PROCESSES=2): a Node process
        // renders on one core, and the machine has two.
        const pair = await startBenchServer({ databaseUrl: database.url, timeZone: TIME_ZONE, processes: 2, log });
        try {
          log(`${settings.users} signed-in users browsing the grid for ${settings.loadSeconds} s, two server processes`);
          metrics.push(...(await measureLoad(views, pair, { users: settings.users, seconds: settings.loadSeconds, model: 'browser', processes: 2, log })));
        } finally {
          await pair.stop();
        }
      }
    }
    if (settings.stages.has('export')) {
      // A server of its own, so that the figure is the export's footprint, not the heap V8 kept
      // after hundreds of renders (reported beside it; docs/performance.md explains the difference).
      log('CSV export of every refund through the route handler, on a freshly started server');
      const server = await startBenchServer({ databaseUrl: database.url, timeZone: TIME_ZONE, log });
      try {
        metrics.push(...(await measureExport(server, { rows: seeded.rows, log })));
      } finally {
        await server.stop();
      }
      if (serverAfterRenders !== undefined) {
        metrics.push(
          metric({
            name: 'server: resident memory after the renders',
            value: serverAfterRenders / 1e6,
            unit: 'MB',
            note: 'the long-running server of the render stage; V8 keeps its grown heap (not a leak: see docs/performance.md)',
          }),
        );
      }
    }
    if (settings.stages.has('ingest')) {
      log(`sync ingest: ${settings.ingestRounds} x ${settings.ingestRows.toLocaleString('en-US')} refunds from the sandbox over 4 shops`);
      metrics.push(...(await measureIngest({ rows: settings.ingestRows, rounds: settings.ingestRounds, log })));
    }
    if (settings.stages.has('workers')) {
      log(
        `sync with 1, 2 and 4 worker processes over ${settings.workersShops} shops (${settings.workersRows.toLocaleString('en-US')} refunds, realistic spread)`,
      );
      metrics.push(...(await measureSyncWorkers({ shops: settings.workersShops, rows: settings.workersRows, changes: settings.workersChanges, log })));
    }
    if (settings.stages.has('weight')) metrics.push(...measureWeight(log));

    const results = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        database: database.description,
      },
      rows: seeded.rows,
      runs: settings.runs,
      timeZone: TIME_ZONE,
      metrics,
    };
    await mkdir(path.join(ROOT, 'bench'), { recursive: true });
    await writeFile(path.join(ROOT, 'bench', `results${settings.suffix}.json`), `${JSON.stringify(results, null, 2)}\n`);
    if (plans)
      await writeFile(
        path.join(ROOT, 'bench', `plans${settings.suffix}.md`),
        `# Grid query plans at ${seeded.rows.toLocaleString('en-US')} rows (${results.date})\n\nWritten by \`npm run bench\`: every statement each view sends, with EXPLAIN (ANALYZE, BUFFERS).\n\n${plans}`,
      );
    console.log(`\n${formatTable(metrics)}\n`);
    const missed = metrics.filter((m) => m.ok === false);
    log(
      `done in ${((performance.now() - started) / 60000).toFixed(1)} min; ${missed.length ? `${missed.length} target(s) missed` : 'every target met'}; written to bench/results${settings.suffix}.json`,
    );
  } finally {
    await disconnectDb();
    await database.stop();
  }
});
