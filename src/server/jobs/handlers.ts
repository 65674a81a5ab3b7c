import 'server-only';
import { runAlerts } from '@/server/alerts/digest';
import { refreshJobHandler } from '@/server/sync/refresh-job';
import { scheduledSync } from '@/server/sync/schedule';
import { shopJobHandler } from '@/server/sync/shop-job';
import { closeFinishedRuns, closeOrphanedAccounts } from '@/server/sync/supervise';
import { pruneBudget } from '@/server/tiktok/budget';
import { QUEUES, type QueueName } from './queues';
import { failDeadShopJobs } from './reaper';
import type { JobHandler } from './types';

/** What each queue's jobs do: the one place that knows every job of the app. */
export const JOB_HANDLERS: Record<QueueName, JobHandler> = {
  [QUEUES.syncShop]: shopJobHandler,
  [QUEUES.refundRefresh]: refreshJobHandler,
  // runAlerts keeps its own lease, so a direct call (a test, the settings page) never doubles a digest either.
  [QUEUES.alerts]: {
    run: async () => {
      await runAlerts();
      return undefined;
    },
  },
  [QUEUES.syncSchedule]: {
    run: async () => {
      await scheduledSync();
      return undefined;
    },
  },
};

/** The minute jobs, as pg-boss cron entries (registered by worker processes; pg-boss sends each once a minute). */
export const CRON: readonly { queue: QueueName; cron: string }[] = [
  { queue: QUEUES.alerts, cron: '* * * * *' },
  { queue: QUEUES.syncSchedule, cron: '* * * * *' },
];

/** The supervisor's checks (./reaper.ts), run by one worker at a time every few seconds. */
export const SUPERVISOR_CHECKS: readonly (() => Promise<unknown>)[] = [failDeadShopJobs, closeOrphanedAccounts, closeFinishedRuns, pruneBudget];
