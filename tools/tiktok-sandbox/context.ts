import type { FaultPlan } from './faults';
import type { RequestLimits } from './limits';
import type { SandboxProfile } from './profile';
import type { SandboxState } from './state';
import type { WebhookPusher } from './webhooks';

/** What every part of one running sandbox shares: its profile, its world, its faults and webhooks, and its counters. */
export interface SandboxContext {
  profile: SandboxProfile;
  state: SandboxState;
  faults: FaultPlan;
  limits: RequestLimits;
  webhooks: WebhookPusher;
  stats: SandboxStats;
  /** Records served per feed window (shop, kind, update_time_lt), for the shifting and duplicate faults. */
  served: Map<string, number[]>;
  accessTtl: number;
  refreshTtl: number;
  log: (line: string) => void;
}

export interface SandboxStats {
  api: number;
  /** TCP connections accepted: a client that reuses its connections opens far fewer than it sends requests. */
  connections: number;
  tokenGet: number;
  tokenRefresh: number;
  byPath: Record<string, number>;
}
