import type { PopulationConfig } from '@tools/tiktok-sandbox/population';
import type { PlantedDiscrepancy } from '@tools/tiktok-sandbox/finance-truth';
import { control, startTestSandbox } from './sandbox';

export const DAY = 86_400;

/**
 * A sandbox whose clock the test moves: it starts `daysBehind` days behind the real clock (every
 * refund update and statement it makes stays inside a sync's window, which ends at the real now),
 * at 01:00 UTC, an hour after a statement was cut and before its payment exists, and stands still
 * until `advance` is called. Three shops unless told: USD, GBP and EUR.
 */
export async function startClockSandbox(population: Partial<PopulationConfig> = {}, daysBehind = 12) {
  let now = Math.floor((Date.now() / 1000 - daysBehind * DAY) / DAY) * DAY + 3600;
  const sandbox = await startTestSandbox(
    { seed: 'finance', size: 300, shopCount: 3, windowDays: 40, epoch: now, finance: { ordersPerDay: 4 }, ...population },
    { clock: () => now },
  );
  return {
    ...sandbox,
    now: () => now,
    advance(seconds: number) {
      now += seconds;
    },
  };
}

export type ClockSandbox = Awaited<ReturnType<typeof startClockSandbox>>;

export interface FinanceTruth {
  now: number;
  shops: {
    shopId: string;
    currency: string;
    statements: (Record<string, unknown> & { id: string; statement_time: number; settlement_amount: string; transactions: Record<string, unknown>[] })[];
    payments: (Record<string, unknown> & { id: string })[];
    discrepancies: PlantedDiscrepancy[];
  }[];
}

export const financeTruth = (sandbox: ClockSandbox) => control<FinanceTruth>(sandbox, '/finance/truth');
