import { authorizeRequest } from '@/server/auth/current-user';
import { syncRunProgress } from '@/server/sync/runs';

/** Live progress of one sync run (polled by the grid's Sync Refunds panel). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const gate = await authorizeRequest('viewer');
  if (!gate.ok) return gate.response;
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id < 1) return Response.json({ error: 'NOT_FOUND' }, { status: 404 });
  const run = await syncRunProgress(id);
  if (!run) return Response.json({ error: 'NOT_FOUND' }, { status: 404 });
  return Response.json(run, { headers: { 'cache-control': 'no-store' } });
}
