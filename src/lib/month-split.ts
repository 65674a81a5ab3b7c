/**
 * A range of whole store days (YYYY-MM-DD, both ends included, either open) as the logs kept by
 * month and by day answer it: its whole months from a month log, the days left at its ends from
 * the day log. The grid's status counts (src/features/refunds/sql-filters.ts) and the analytics
 * page (src/features/analytics/queries.ts) read their logs this way. Calendar dates only: the logs
 * are keyed by the store's day already.
 */

export interface MonthSplit {
  /** Whole months from `from` (a month's first day, included) until `until` (a first day, excluded); an open end is null; null when the range holds none. */
  months: { from: string | null; until: string | null } | null;
  /** The days outside the whole months (both ends included): none, one or two spans; the whole range when it holds no whole month. */
  days: { from: string; to: string }[];
}

const DAY_MS = 86_400_000;
const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

function monthStart(date: string, offset = 0): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + offset, 1)).toISOString().slice(0, 10);
}

export function splitByMonth(from: string | null, to: string | null): MonthSplit {
  // Whole months are those from `first` (included) to `end` (excluded).
  const first = from === null ? null : from.endsWith('-01') ? from : monthStart(from, 1);
  const end = to === null ? null : shift(to, 1).endsWith('-01') ? shift(to, 1) : monthStart(to);
  if (from !== null && to !== null && first! >= end!) return { months: null, days: [{ from, to }] };
  const days: { from: string; to: string }[] = [];
  if (from !== null && first !== from) days.push({ from, to: shift(first!, -1) });
  if (to !== null && end !== shift(to, 1)) days.push({ from: end!, to });
  return { months: { from: first, until: end }, days };
}
