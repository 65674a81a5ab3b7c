import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { hasRole, type Role } from '@/lib/roles';
import { audit, type AuditActor } from '@/server/audit';
import { db } from '@/server/db';
import { COLUMN_IDS, DEFAULT_HIDDEN } from './columns';
import { columnsSchema, type GridColumns } from './schemas';
import { loadRefundSearch, viewQuery } from './search-params';

/** Per-admin grid columns and saved views (private or shared with the team). */

const GRID = 'refunds';

const DEFAULT_COLUMNS: GridColumns = { order: [...COLUMN_IDS], hidden: [...DEFAULT_HIDDEN], density: 'compact' };

export async function gridColumns(userId: string): Promise<GridColumns> {
  const row = await db.gridPreference.findUnique({ where: { userId_grid: { userId, grid: GRID } } });
  const parsed = columnsSchema.safeParse(row?.columns);
  return parsed.success ? parsed.data : DEFAULT_COLUMNS;
}

export async function saveGridColumns(userId: string, columns: GridColumns): Promise<void> {
  await db.gridPreference.upsert({
    where: { userId_grid: { userId, grid: GRID } },
    create: { userId, grid: GRID, columns },
    update: { columns },
  });
}

export async function listViews(userId: string) {
  return db.savedView.findMany({
    where: { grid: GRID, OR: [{ ownerId: userId }, { shared: true }] },
    select: { id: true, name: true, query: true, columns: true, shared: true, ownerId: true, ownerName: true },
    orderBy: [{ shared: 'asc' }, { name: 'asc' }],
  });
}

export type ViewResult = { ok: true; id: number } | { ok: false; code: 'NAME_TAKEN' | 'NOT_FOUND' | 'NOT_OWNER' | 'NOT_ALLOWED'; message: string };

export async function saveView(
  actor: AuditActor & { id: string },
  role: Role,
  input: { name: string; query: string; columns?: GridColumns; shared: boolean },
): Promise<ViewResult> {
  // A view shared with the team shows on everyone's grid: publishing is for operators and admins.
  if (input.shared && !hasRole(role, 'operator')) {
    await audit({ actor, action: 'view.save', outcome: 'denied', details: { name: input.name, shared: true, role } });
    return { ok: false, code: 'NOT_ALLOWED', message: 'Only operators and admins can share a view with the team; save it as a private view.' };
  }
  // Stored normalized: only what the URL contract accepts survives.
  const query = viewQuery(loadRefundSearch(input.query));
  try {
    const view = await db.savedView.upsert({
      where: { ownerId_grid_name: { ownerId: actor.id, grid: GRID, name: input.name } },
      create: {
        ownerId: actor.id,
        ownerName: actor.label,
        grid: GRID,
        name: input.name,
        query,
        columns: input.columns ?? Prisma.JsonNull,
        shared: input.shared,
      },
      update: { query, columns: input.columns ?? Prisma.JsonNull, shared: input.shared },
    });
    await audit({
      actor,
      action: 'view.save',
      outcome: 'ok',
      targetType: 'saved_view',
      targetId: view.id,
      details: { name: input.name, shared: input.shared },
    });
    return { ok: true, id: view.id };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      return { ok: false, code: 'NAME_TAKEN', message: 'You already have a view with that name.' };
    throw error;
  }
}

export async function deleteView(actor: AuditActor & { id: string }, role: Role, id: number): Promise<ViewResult> {
  const view = await db.savedView.findUnique({ where: { id } });
  if (!view || (!view.shared && view.ownerId !== actor.id)) return { ok: false, code: 'NOT_FOUND', message: 'No such view.' };
  // A shared view can be removed by its owner or by an admin, never by a colleague.
  if (view.ownerId !== actor.id && !hasRole(role, 'admin'))
    return { ok: false, code: 'NOT_OWNER', message: 'Only its owner or an admin can delete a shared view.' };
  await db.savedView.delete({ where: { id } });
  await audit({ actor, action: 'view.delete', outcome: 'ok', targetType: 'saved_view', targetId: id, details: { name: view.name } });
  return { ok: true, id };
}
