import { Prisma } from '@/generated/prisma/client';
import { sqlRows } from '@/server/sql';

type PlanNode = Record<string, unknown>;

/** Rows a plan read from one table: returned by its scans of it, and removed by their filters. */
function rowsRead(node: PlanNode, relation: string): number {
  const loops = Number(node['Actual Loops'] ?? 1);
  const own = node['Relation Name'] === relation ? (Number(node['Actual Rows'] ?? 0) + Number(node['Rows Removed by Filter'] ?? 0)) * loops : 0;
  return own + ((node.Plans as PlanNode[] | undefined) ?? []).reduce((sum, child) => sum + rowsRead(child, relation), 0);
}

/** Runs a statement under EXPLAIN ANALYZE and says how many rows it read from `relation`. */
export async function rowsReadBy(query: Prisma.Sql, relation = 'refunds'): Promise<number> {
  const [explained] = await sqlRows<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${query}`);
  return rowsRead(explained!['QUERY PLAN'][0]!.Plan, relation);
}
