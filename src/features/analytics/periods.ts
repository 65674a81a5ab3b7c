import type { Granularity } from './constants';

/**
 * Calendar arithmetic on the store's local dates (YYYY-MM-DD). The rollups are keyed by the
 * store's day already, so no time zone is involved here: a date is a calendar date, computed in
 * UTC only to use Date's calendar. Weeks start on Monday, as PostgreSQL's date_trunc('week').
 */

const DAY_MS = 86_400_000;
const toTime = (date: string) => Date.parse(`${date}T00:00:00Z`);
const toDate = (time: number) => new Date(time).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return toDate(toTime(date) + days * DAY_MS);
}

/** Days from `from` to `to`, both included. */
function daysBetween(from: string, to: string): number {
  return Math.round((toTime(to) - toTime(from)) / DAY_MS) + 1;
}

/** The first day of the period holding `date` (what date_trunc gives). */
export function periodStart(date: string, granularity: Granularity): string {
  if (granularity === 'day') return date;
  if (granularity === 'month') return `${date.slice(0, 7)}-01`;
  const weekday = (new Date(toTime(date)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(date, -weekday);
}

/** The last day of the period starting at `start`. */
function periodEnd(start: string, granularity: Granularity): string {
  if (granularity === 'day') return start;
  if (granularity === 'week') return addDays(start, 6);
  const [y, m] = start.split('-').map(Number) as [number, number];
  return toDate(Date.UTC(y, m, 0));
}

export interface Period {
  /** The period's first day: the key the queries group by. */
  key: string;
  /** The days of it inside the range (the first and last periods may be cut by the range). */
  from: string;
  to: string;
  label: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function label(start: string, granularity: Granularity): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const month = MONTHS[m - 1]!;
  if (granularity === 'month') return `${month} ${y}`;
  return granularity === 'week' ? `Wk ${month} ${d}` : `${month} ${d}`;
}

/** Every period of the range, in order, each clipped to the range. */
export function periodsOf(from: string, to: string, granularity: Granularity): Period[] {
  const periods: Period[] = [];
  for (let key = periodStart(from, granularity); key <= to; key = addDays(periodEnd(key, granularity), 1)) {
    const end = periodEnd(key, granularity);
    periods.push({ key, from: key < from ? from : key, to: end > to ? to : end, label: label(key, granularity) });
  }
  return periods;
}

/** Day by day up to two months, then weeks up to ~six months, then months: about 30 bars or fewer. */
export function autoGranularity(from: string, to: string): Granularity {
  const days = daysBetween(from, to);
  return days <= 62 ? 'day' : days <= 186 ? 'week' : 'month';
}
