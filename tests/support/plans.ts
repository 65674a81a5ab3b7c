import { Prisma } from '@/generated/prisma/client';
import { observeSql, sqlRows } from '@/server/sql';

type PlanNode = Record<string, unknown>;

async function planOf(query: Prisma.Sql, analyze: boolean): Promise<PlanNode> {
  const options = analyze ? Prisma.sql`ANALYZE, FORMAT JSON` : Prisma.sql`FORMAT JSON`;
  const [explained] = await sqlRows<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(Prisma.sql`EXPLAIN (${options}) ${query}`);
  return explained!['QUERY PLAN'][0]!.Plan;
}

/** Every node of a plan that scans `relation`. */
function scansIn(node: PlanNode, relation: string): PlanNode[] {
  const own = node['Relation Name'] === relation ? [node] : [];
  return [...own, ...((node.Plans as PlanNode[] | undefined) ?? []).flatMap((child) => scansIn(child, relation))];
}

/**
 * Runs a statement under EXPLAIN ANALYZE and says how many rows it read from `relation`: returned
 * by its scans of it, and removed by their filters. With `heapOnly`, only what came from the table
 * itself: an index-only scan's entries do not count, its heap fetches do.
 */
export async function rowsReadBy(query: Prisma.Sql, relation = 'refunds', options: { heapOnly?: boolean } = {}): Promise<number> {
  return scansIn(await planOf(query, true), relation).reduce(
    (sum, node) =>
      sum +
      (options.heapOnly && node['Node Type'] === 'Index Only Scan'
        ? Number(node['Heap Fetches'] ?? 0)
        : (Number(node['Actual Rows'] ?? 0) + Number(node['Rows Removed by Filter'] ?? 0)) * Number(node['Actual Loops'] ?? 1)),
    0,
  );
}

/** The kinds of scan (Index Only Scan, Seq Scan, ...) a statement's plan makes of `relation`. */
export async function scansOf(query: Prisma.Sql, relation = 'refunds'): Promise<string[]> {
  return scansIn(await planOf(query, false), relation).map((node) => String(node['Node Type']));
}

/**
 * The statements the app's SQL pool sent while `work` ran, each with its bind values, ready for
 * rowsReadBy or scansOf: so a test examines the very statements the grid sends, not a copy of
 * them. (Prisma.sql numbers its placeholders in order, so the text splits back into its parts.)
 */
export async function sqlSentBy(work: () => Promise<unknown>): Promise<{ text: string; query: Prisma.Sql }[]> {
  const sent: { text: string; query: Prisma.Sql }[] = [];
  observeSql((text, values) => sent.push({ text, query: new Prisma.Sql(text.split(/\$\d+/), values) }));
  try {
    await work();
  } finally {
    observeSql(null);
  }
  return sent;
}
