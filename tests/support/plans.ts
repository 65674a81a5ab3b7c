import { Prisma } from '@/generated/prisma/client';
import { sqlRows } from '@/server/sql';

type PlanNode = Record<string, unknown>;

/**
 * Rows a plan read from one table: returned by its scans of it, and removed by their filters.
 * With `heapOnly`, only what came from the table itself: an index-only scan's entries do not
 * count, its heap fetches do.
 */
function rowsRead(node: PlanNode, relation: string, heapOnly: boolean): number {
  const loops = Number(node['Actual Loops'] ?? 1);
  let own = 0;
  if (node['Relation Name'] === relation) {
    own =
      heapOnly && node['Node Type'] === 'Index Only Scan'
        ? Number(node['Heap Fetches'] ?? 0)
        : (Number(node['Actual Rows'] ?? 0) + Number(node['Rows Removed by Filter'] ?? 0)) * loops;
  }
  return own + ((node.Plans as PlanNode[] | undefined) ?? []).reduce((sum, child) => sum + rowsRead(child, relation, heapOnly), 0);
}

/** Runs a statement under EXPLAIN ANALYZE and says how many rows it read from `relation` (its index entries included unless `heapOnly`). */
export async function rowsReadBy(query: Prisma.Sql, relation = 'refunds', options: { heapOnly?: boolean } = {}): Promise<number> {
  const [explained] = await sqlRows<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${query}`);
  return rowsRead(explained!['QUERY PLAN'][0]!.Plan, relation, options.heapOnly ?? false);
}

function scans(node: PlanNode, relation: string): string[] {
  const own = node['Relation Name'] === relation ? [String(node['Node Type'])] : [];
  return [...own, ...((node.Plans as PlanNode[] | undefined) ?? []).flatMap((child) => scans(child, relation))];
}

/** The kinds of scan (Index Only Scan, Seq Scan, ...) a statement's plan makes of `relation`. */
export async function scansOf(query: Prisma.Sql, relation = 'refunds'): Promise<string[]> {
  const [explained] = await sqlRows<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(Prisma.sql`EXPLAIN (FORMAT JSON) ${query}`);
  return scans(explained!['QUERY PLAN'][0]!.Plan, relation);
}
