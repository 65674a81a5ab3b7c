import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { childEnv, setEnv } from '@/server/config';
import { db } from '@/server/db';
import { requestSync } from '@/server/sync/runs';
import { sandboxShops, shopSize, type PopulationConfig } from '@tools/tiktok-sandbox/population';
import { newSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { sandboxAccountData } from '@tools/factories/accounts';
import { ROOT } from '../lib/runtime';
import { cpuSince, cpuSnapshot, describeCpu, processCpuSeconds } from './cpu';
import { startSandboxWorker, type SandboxWorker } from './ingest';
import { metric, type Metric } from './metrics';

/**
 * Sync over many shops with 1, 2 and 4 worker processes (`npm run worker`, spawned as in
 * production, WORKER_CONCURRENCY each): for each count, a sandbox of `shops` shops with a
 * realistic spread (a few large, many small) and TikTok's limit on (429 beyond 50 requests per shop
 * and second), then a backfill of `rows` refunds, an incremental sync after `changes` changes,
 * and an incremental cycle over the quiet shops. This process only requests the runs; the workers
 * do all the work. Finance is left out as in the ingest stage (the targets are refunds/s).
 */

const LIMIT = 50;
const CONCURRENCY = 16;

interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<unknown>;
}

async function startWorkers(count: number): Promise<WorkerProcess[]> {
  const workers: WorkerProcess[] = [];
  for (let n = 0; n < count; n++) {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['--conditions=react-server', path.join(ROOT, 'scripts', 'worker.ts')], {
      cwd: ROOT,
      env: childEnv({ WORKER_CONCURRENCY: String(CONCURRENCY), TIKTOK_REQUESTS_PER_SECOND: String(LIMIT), FINANCE_SYNC: 'off' }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Ready when it says so: the figures are the sync's, not tsx's start-up.
    await new Promise<void>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('started')) resolve();
      });
      void exited.then(() => reject(new Error(`worker process ${n + 1} exited before it started`)));
    });
    child.stdout.resume();
    workers.push({ child, exited });
  }
  return workers;
}

async function stopWorkers(workers: WorkerProcess[]): Promise<void> {
  for (const worker of workers) worker.child.kill('SIGTERM');
  await Promise.all(workers.map((worker) => worker.exited));
}

/** CPU seconds the worker processes (and their children: tsx runs node) have used so far. */
const workersCpu = (workers: WorkerProcess[]) => workers.reduce((total, worker) => total + processCpuSeconds(worker.child.pid!), 0);

/** Where a run's CPU went, whole machine first. */
const runCpu = (cpu: { machine: number; postgres: number; workers: number; sandbox: number }) =>
  describeCpu(cpu.machine, { PostgreSQL: cpu.postgres, workers: cpu.workers, "the sandbox's thread": cpu.sandbox }, 1);

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

/** Requests a run of these accounts and waits until the workers have finished it. */
async function timedRun(accountIds: number[], workers: WorkerProcess[], sandbox: SandboxWorker) {
  const cpuBefore = cpuSnapshot();
  const workersBefore = workersCpu(workers);
  const sandboxBefore = await sandbox.busySeconds();
  const { runId, joined } = await requestSync({ trigger: 'Cli', accountIds });
  if (joined) throw new Error(`run ${runId} was already running`);
  while ((await db.syncRun.count({ where: { id: runId, outcome: 'Running' } })) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  const used = cpuSince(cpuBefore);
  const cpu = {
    machine: used.machine,
    postgres: used.postgres,
    workers: workersCpu(workers) - workersBefore,
    sandbox: (await sandbox.busySeconds()) - sandboxBefore,
  };
  const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId }, include: { accounts: true } });
  if (run.outcome !== 'Succeeded') throw new Error(`sync run ${runId} ${run.outcome}: ${run.accounts.find((a) => a.error)?.error ?? ''}`);
  const seconds = (run.finishedAt!.getTime() - run.startedAt.getTime()) / 1000;
  const lags = run.accounts.map((a) => (a.finishedAt!.getTime() - run.startedAt.getTime()) / 1000);
  const sum = (field: 'fetched' | 'created' | 'updated' | 'pages') => run.accounts.reduce((total, a) => total + a[field], 0);
  return { seconds, cpu, lags, fetched: sum('fetched'), created: sum('created'), updated: sum('updated'), pages: sum('pages') };
}

async function round(workerCount: number, options: { shops: number; rows: number; changes: number; log: (line: string) => void }) {
  const epoch = Math.floor(Date.now() / 1000);
  const population: PopulationConfig = {
    seed: `bench-workers-${workerCount}-${epoch}`,
    size: options.rows,
    shopCount: options.shops,
    spread: 'realistic',
    windowDays: 60,
    arrivalsPerHour: 0,
    unknownStatusRate: 0.005,
    recentShare: 0,
    epoch,
  };
  const profile = newSandboxProfile(population, epoch);
  const sandbox = await startSandboxWorker(profile, LIMIT);
  const accountIds: number[] = [];
  const workers = await startWorkers(workerCount);
  try {
    for (const shop of sandboxShops(population.seed, population.shopCount))
      accountIds.push((await db.shopAccount.create({ data: sandboxAccountData(profile, shop, sandbox.url, epoch), select: { id: true } })).id);
    const backfill = await timedRun(accountIds, workers, sandbox);
    // Each shop's share is rounded (at least one request each): the total is theirs, not exactly `rows`.
    const expected = Array.from({ length: options.shops }, (_, i) => shopSize(population, i)).reduce((sum, n) => sum + n, 0);
    if (backfill.created !== expected) throw new Error(`the backfill created ${backfill.created} refunds, expected ${expected}`);
    options.log(
      `  ${workerCount} worker(s): backfill ${backfill.created.toLocaleString('en-US')} refunds in ${backfill.seconds.toFixed(1)} s (${Math.round(backfill.created / backfill.seconds).toLocaleString('en-US')}/s)`,
    );
    const evolved = await fetch(`${sandbox.url}/_sandbox/evolve`, {
      method: 'POST',
      headers: { 'x-sandbox-key': profile.appSecret, 'content-type': 'application/json' },
      body: JSON.stringify({ advance: options.changes }),
    });
    const changes = ((await evolved.json()) as { data: { changes: unknown[] } }).data.changes.length;
    const incremental = await timedRun(accountIds, workers, sandbox);
    options.log(
      `  ${workerCount} worker(s): incremental after ${changes} changes: ${incremental.fetched} fetched, ${incremental.updated} updated in ${incremental.seconds.toFixed(1)} s (${Math.round(incremental.fetched / incremental.seconds).toLocaleString('en-US')}/s); ${runCpu(incremental.cpu)}`,
    );
    const quiet = await timedRun(accountIds, workers, sandbox);
    options.log(
      `  ${workerCount} worker(s): quiet cycle over ${options.shops} shops in ${quiet.seconds.toFixed(1)} s; per-shop lag p50 ${percentile(quiet.lags, 50).toFixed(1)} s, p95 ${percentile(quiet.lags, 95).toFixed(1)} s; ${runCpu(quiet.cpu)}`,
    );
    const limits = (await (await fetch(`${sandbox.url}/_sandbox/limits`, { headers: { 'x-sandbox-key': profile.appSecret } })).json()) as {
      data: { refused: number; shops: { maxPerSecond: number }[] };
    };
    return { backfill, incremental, quiet, changes, refused: limits.data.refused, busiest: Math.max(...limits.data.shops.map((s) => s.maxPerSecond)) };
  } finally {
    await stopWorkers(workers);
    await db.shopAccount.updateMany({ where: { id: { in: accountIds } }, data: { active: false } });
    await sandbox.stop();
  }
}

export async function measureSyncWorkers(options: { shops: number; rows: number; changes: number; log: (line: string) => void }): Promise<Metric[]> {
  // The bench process only requests runs; its own budget settings do not matter, the workers' do.
  setEnv('FINANCE_SYNC', 'off');
  const metrics: Metric[] = [];
  for (const count of [1, 2, 4]) {
    const r = await round(count, options);
    const label = `sync ${options.shops} shops, ${count} worker${count === 1 ? '' : 's'}`;
    const limitNote = `TikTok limit ${LIMIT}/s per shop on: ${r.refused} answered 429, busiest shop-second ${r.busiest} requests`;
    metrics.push(
      metric({
        name: `${label}: backfill refunds per second`,
        value: r.backfill.created / r.backfill.seconds,
        unit: 'refunds/s',
        note: `${r.backfill.created} refunds, ${r.backfill.pages} pages in ${r.backfill.seconds.toFixed(1)} s; ${limitNote}`,
      }),
      metric({
        name: `${label}: incremental refunds per second`,
        value: r.incremental.fetched / r.incremental.seconds,
        unit: 'refunds/s',
        target: 5000,
        comparison: '>=',
        note: `${r.changes} changes: ${r.incremental.fetched} fetched (overlap included), ${r.incremental.updated} updated in ${r.incremental.seconds.toFixed(1)} s; ${runCpu(r.incremental.cpu)}; a quiet cycle alone takes ${r.quiet.seconds.toFixed(1)} s`,
      }),
      metric({
        name: `${label}: quiet incremental cycle`,
        value: r.quiet.seconds,
        unit: 's',
        target: 60,
        note: `every shop's incremental sync with nothing new, request to last shop done; ${runCpu(r.quiet.cpu)}, ${((r.quiet.cpu.machine / options.shops) * 1000).toFixed(1)} ms of CPU per shop`,
      }),
      metric({
        name: `${label}: per-shop lag p95 (quiet cycle)`,
        value: percentile(r.quiet.lags, 95),
        unit: 's',
        note: `p50 ${percentile(r.quiet.lags, 50).toFixed(1)} s; from the request to the shop's sync done`,
      }),
    );
  }
  return metrics;
}
