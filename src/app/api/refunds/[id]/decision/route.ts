import { decisionContext } from '@/features/refunds/mutations';
import { authorizeRequest } from '@/server/auth/current-user';
import { logError } from '@/server/log';

/** What the Completed / Reject dialog shows: TikTok's current status, re-fetched (operator and up). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const gate = await authorizeRequest('operator');
  if (!gate.ok) return gate.response;
  const id = Number((await params).id);
  const action = new URL(request.url).searchParams.get('action');
  if (!Number.isInteger(id) || id < 1 || id > 2 ** 31 || (action !== 'complete' && action !== 'reject')) return Response.json({ error: 'INVALID_INPUT' }, { status: 400 });
  try {
    const context = await decisionContext(id, action);
    if (!context) return Response.json({ error: 'NOT_FOUND' }, { status: 404 });
    return Response.json(context, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    logError('refund.decision_context_failed', { id, error });
    return Response.json({ error: 'INTERNAL_ERROR' }, { status: 500 });
  }
}
