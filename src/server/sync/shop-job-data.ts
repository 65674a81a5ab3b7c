import type { Feed } from './engine';
import type { FeedPosition } from './keyset';
import type { ProgressBase } from './progress';

/** What a sync-shop job carries (JSON in pg-boss): which account of which run, and where its window stands. */
export interface ShopJobData {
  runId: number;
  runAccountId: number;
  accountId: number;
  /** The run's window end (ISO): every slice of the account pages up to it. */
  until: string;
  /** 1 for an account's first job in the run; each follow-up adds one. */
  slice: number;
  /** Where each feed resumes (null: paged to the end). Absent on the first slice: from the watermark. */
  feeds?: Record<Feed, FeedPosition | null>;
  /** The row's figures when this slice started. */
  base?: ProgressBase;
}
