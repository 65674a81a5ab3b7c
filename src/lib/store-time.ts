import { TZDate } from '@date-fns/tz';
import { addDays, addMinutes, endOfMonth, startOfMonth, subMonths } from 'date-fns';

/**
 * Dates as the store sees them. Date filters are wall-clock values in STORE_TIMEZONE ("2026-11-20"
 * means that day in the store's zone, not in UTC and not in the server's zone); these turn them
 * into instants, and compute the presets in that zone.
 */

/** A wall-clock date or minute in the store's zone: 2026-11-20 or 2026-11-20T14:30 (a real calendar date). */
export function isLocalDateTime(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(text);
  if (!match) return false;
  const [, y, m, d, hh, mm] = match.map(Number) as [number, number, number, number, number, number];
  if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return false;
  if (match[4] !== undefined && (hh > 23 || mm > 59)) return false;
  return true;
}

/** The instant a local date or minute starts at; with `end`, the instant just after the range (exclusive). */
export function localToInstant(local: string, timeZone: string, end: boolean): Date {
  const [datePart, timePart] = local.split('T');
  const [y, m, d] = datePart!.split('-').map(Number) as [number, number, number];
  const [hh, mm] = timePart ? (timePart.split(':').map(Number) as [number, number]) : [0, 0];
  const start = new TZDate(y, m - 1, d, hh, mm, 0, 0, timeZone);
  if (!end) return new Date(start.getTime());
  // Adding days/minutes on a TZDate keeps wall-clock arithmetic (a 23- or 25-hour DST day stays one day).
  return new Date((timePart ? addMinutes(start, 1) : addDays(start, 1)).getTime());
}

/** Today's date in the store's zone, as YYYY-MM-DD. */
export function localDate(instant: Date, timeZone: string): string {
  const local = new TZDate(instant.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

export const DATE_PRESETS = ['today', 'yesterday', 'last7', 'last30', 'thisMonth', 'lastMonth'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

export const PRESET_LABELS: Record<DatePreset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  last7: 'Last 7 days',
  last30: 'Last 30 days',
  thisMonth: 'This month',
  lastMonth: 'Last month',
};

/** A preset as an inclusive range of local dates in the store's zone. */
export function presetRange(preset: DatePreset, timeZone: string, now: Date): { from: string; to: string } {
  const today = new TZDate(now.getTime(), timeZone);
  const day = (date: Date) => localDate(date, timeZone);
  switch (preset) {
    case 'today':
      return { from: day(today), to: day(today) };
    case 'yesterday':
      return { from: day(addDays(today, -1)), to: day(addDays(today, -1)) };
    case 'last7':
      return { from: day(addDays(today, -6)), to: day(today) };
    case 'last30':
      return { from: day(addDays(today, -29)), to: day(today) };
    case 'thisMonth':
      return { from: day(startOfMonth(today)), to: day(today) };
    case 'lastMonth': {
      const previous = subMonths(today, 1);
      return { from: day(startOfMonth(previous)), to: day(endOfMonth(previous)) };
    }
  }
}
