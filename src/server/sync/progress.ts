/**
 * What one account's share of a sync run has done so far, as the sync_run_accounts row shows it.
 * A long window is synced by a chain of jobs (slices, ./shop-job.ts); each job starts from the
 * figures the previous one committed (`ProgressBase`, carried in the job's data), so that the row
 * shows the whole account's progress and a retried slice never counts its work twice.
 */

export interface Progress {
  pages: number;
  /** Distinct records received (both feeds). */
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Distinct records (kind:id) whose status or type the mapping does not know, however often they came (this slice). */
  unmapped: Set<string>;
  /** The same count from the slices before this one. */
  unmappedBefore: number;
  skipped: number;
  /** total_count of each feed's first page (the whole window), a diagnostic only. */
  reported: { Return: number | null; Cancellation: number | null };
  /** Diagnostics aggregated: "returns: update_time missing (create_time used)" → how many records. */
  notes: Map<string, number>;
}

/** What an account's sync counts (its run row's columns): pages, records and what became of them. */
export interface SyncCounters {
  pages: number;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  unmapped: number;
  skipped: number;
}

/** The figures a slice starts from: the previous slices' (JSON, so it travels in a job's data). */
export interface ProgressBase extends SyncCounters {
  reported: { Return: number | null; Cancellation: number | null };
  notes: [string, number][];
}

/** Nothing counted yet. */
export const NO_COUNTS: SyncCounters = { pages: 0, fetched: 0, created: 0, updated: 0, unchanged: 0, unmapped: 0, skipped: 0 };

const EMPTY_BASE: ProgressBase = {
  ...NO_COUNTS,
  reported: { Return: null, Cancellation: null },
  notes: [],
};

export function newProgress(base: ProgressBase = EMPTY_BASE): Progress {
  return {
    pages: base.pages,
    fetched: base.fetched,
    created: base.created,
    updated: base.updated,
    unchanged: base.unchanged,
    unmapped: new Set(),
    unmappedBefore: base.unmapped,
    skipped: base.skipped,
    reported: { ...base.reported },
    notes: new Map(base.notes),
  };
}

/** The counters the next slice's base and the run's row both carry. */
function counters(progress: Progress): SyncCounters {
  return {
    pages: progress.pages,
    fetched: progress.fetched,
    created: progress.created,
    updated: progress.updated,
    unchanged: progress.unchanged,
    unmapped: progress.unmappedBefore + progress.unmapped.size,
    skipped: progress.skipped,
  };
}

/** The figures so far, as the next slice's base. */
export function progressBase(progress: Progress): ProgressBase {
  return {
    ...counters(progress),
    reported: { ...progress.reported },
    // Bounded like the row's own list: the rarest diagnostics are summed, not carried.
    notes: [...progress.notes].sort((a, b) => b[1] - a[1]).slice(0, 50),
  };
}

const FEED_NAMES = { Return: 'returns', Cancellation: 'cancellations' } as const;

export function addNote(progress: Progress, kind: 'Return' | 'Cancellation', text: string): void {
  const key = `${FEED_NAMES[kind]}: ${text}`;
  progress.notes.set(key, (progress.notes.get(key) ?? 0) + 1);
}

/** Most distinct diagnostics kept on a run's account row; the rest are summed into one line. */
const MAX_NOTES = 12;

function noteLines(notes: Map<string, number>): string[] {
  const sorted = [...notes].sort((a, b) => b[1] - a[1]);
  const lines = sorted.map(([note, count]) => `${count}× ${note}`);
  if (lines.length <= MAX_NOTES) return lines;
  const rest = sorted.slice(MAX_NOTES - 1);
  return [...lines.slice(0, MAX_NOTES - 1), `${rest.reduce((sum, [, n]) => sum + n, 0)}× other diagnostics (${rest.length} kinds)`];
}

/** Both feeds' total_count summed; null when TikTok reported none. */
function reportedTotal(progress: Progress): number | null {
  const { Return, Cancellation } = progress.reported;
  return Return === null && Cancellation === null ? null : (Return ?? 0) + (Cancellation ?? 0);
}

/** The sync_run_accounts columns for `progress`. */
export function progressFields(progress: Progress) {
  return {
    ...counters(progress),
    reportedTotal: reportedTotal(progress),
    notes: noteLines(progress.notes),
  };
}
