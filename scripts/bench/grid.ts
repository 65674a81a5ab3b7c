import pg from 'pg';
import { searchRefunds } from '@/features/refunds/queries';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { observeSql } from '@/server/sql';
import { metric, percentile, type Metric } from './metrics';
import type { BenchView } from './views';

interface Statement {
  text: string;
  values: unknown[];
}

/** The statements one call sends (the grid reads through src/server/sql.ts). */
async function captureStatements(work: () => Promise<unknown>): Promise<Statement[]> {
  const statements: Statement[] = [];
  observeSql((text, values) => statements.push({ text, values }));
  try {
    await work();
    return statements;
  } finally {
    observeSql(null);
  }
}

const WARMUP = 3;

/**
 * Each view through `searchRefunds` (the page's own call: keyword resolution, total, status counts,
 * rows) next to the floor: the very statements it sent, with the same bind values, sent again in
 * the same order over one plain `pg` connection. Runs alternate between the two so both meet the
 * same cache state. Returns the figures and every statement's EXPLAIN (ANALYZE, BUFFERS), as
 * Markdown, for docs/performance.md.
 */
export async function measureGrid(
  views: BenchView[],
  options: { url: string; timeZone: string; runs: number; log: (line: string) => void },
): Promise<{ metrics: Metric[]; plans: string }> {
  const floorClient = new pg.Client({ connectionString: options.url });
  await floorClient.connect();
  const metrics: Metric[] = [];
  const plans: string[] = [];
  try {
    for (const view of views) {
      const search = loadRefundSearch(view.query);
      const codePath = () => searchRefunds(search, options.timeZone);
      for (let i = 0; i < WARMUP; i++) await codePath();
      let page: Awaited<ReturnType<typeof codePath>> | undefined;
      const statements = await captureStatements(async () => (page = await codePath()));
      const replay = async () => {
        let last: pg.QueryResult | undefined;
        for (const statement of statements) last = await floorClient.query(statement.text, statement.values);
        return last;
      };
      const replayed = await replay();
      if (replayed?.rowCount !== page!.rows.length)
        throw new Error(`${view.name}: the floor returned ${replayed?.rowCount} rows, the grid ${page!.rows.length}`);
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
      const total = page!.total.toLocaleString('en-US');
      options.log(
        `  ${view.name}: p50 ${percentile(code, 50).toFixed(1)} ms, p95 ${percentile(code, 95).toFixed(1)} ms (floor ${percentile(floor, 95).toFixed(1)} ms), ${statements.length} statements, total ${total}`,
      );
      const note = `${statements.length} statements; ${total} matching rows${view.informational ? `; ${view.informational}` : ''}`;
      plans.push(`## ${view.name}${view.query ? ` (\`${view.query}\`)` : ''}\n`);
      for (const statement of statements) {
        const explained = await floorClient.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
        plans.push(
          `\`\`\`sql\n${statement.text.replace(/\s+/g, ' ').trim()}\n\`\`\`\n\`\`\`\n${explained.rows.map((row) => row['QUERY PLAN']).join('\n')}\n\`\`\`\n`,
        );
      }
      metrics.push(metric({ name: `grid: ${view.name} p50`, value: percentile(code, 50), unit: 'ms', floor: percentile(floor, 50) }));
      metrics.push(
        view.informational
          ? metric({ name: `grid: ${view.name} p95`, value: percentile(code, 95), unit: 'ms', floor: percentile(floor, 95), note })
          : metric({
              name: `grid: ${view.name} p95`,
              value: percentile(code, 95),
              unit: 'ms',
              target: 50,
              floor: percentile(floor, 95),
              ratioTarget: 1.5,
              note,
            }),
      );
    }
  } finally {
    await floorClient.end();
  }
  return { metrics, plans: plans.join('\n') };
}
