import 'server-only';
import { env } from '@/server/config';
import { db } from '@/server/db';
import { requestSync, type StartedSync } from './runs';

/**
 * The schedule (SYNC_INTERVAL_MINUTES): pg-boss's cron sends a `sync-schedule` job every minute
 * (one per minute across every worker), and this starts a sync when the interval has passed since
 * the last scheduled run. A tick while every account is still being synced joins that run.
 */
export async function scheduledSync(now = new Date()): Promise<StartedSync | null> {
  const minutes = env.SYNC_INTERVAL_MINUTES;
  if (!minutes) return null;
  const last = await db.syncRun.findFirst({ where: { trigger: 'Schedule' }, orderBy: { startedAt: 'desc' }, select: { startedAt: true } });
  // Ticks arrive once a minute, give or take a few seconds: half a minute of slack keeps a
  // 15-minute schedule at 15 minutes rather than 16.
  if (last && now.getTime() - last.startedAt.getTime() < minutes * 60_000 - 30_000) return null;
  return requestSync({ trigger: 'Schedule', requestedBy: 'scheduler' });
}
