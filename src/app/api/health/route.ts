import { db } from '@/server/db';
import { defineRoute, jsonError } from '@/server/route';

/** Liveness and database reachability, for process supervisors and the test runner. */
export const GET = defineRoute({ name: 'health', role: null }, async () => {
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ ok: true });
  } catch {
    return jsonError('DATABASE_UNAVAILABLE', 503);
  }
});

export const dynamic = 'force-dynamic';
