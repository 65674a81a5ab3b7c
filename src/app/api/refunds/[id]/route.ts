import { refundDetail } from '@/features/refunds/detail';
import { authorizeRequest } from '@/server/auth/current-user';
import { logError } from '@/server/log';

/** The Refund Data modal's data (viewer and up). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const gate = await authorizeRequest('viewer');
  if (!gate.ok) return gate.response;
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id < 1 || id > 2 ** 31) return Response.json({ error: 'NOT_FOUND' }, { status: 404 });
  try {
    const detail = await refundDetail(id);
    if (!detail) return Response.json({ error: 'NOT_FOUND' }, { status: 404 });
    return Response.json(detail, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    logError('refund.detail_failed', { id, error });
    return Response.json({ error: 'INTERNAL_ERROR' }, { status: 500 });
  }
}
