import { db } from '@/server/db';

/** Liveness and database reachability, for process supervisors and the test runner. */
export async function GET() {
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false, error: 'DATABASE_UNAVAILABLE' }, { status: 503 });
  }
}

export const dynamic = 'force-dynamic';
