import { createLoader, createParser, parseAsArrayOf, parseAsStringLiteral } from 'nuqs/server';
import { presetRange } from '@/lib/store-time';
import { accountIdsParser } from '@/lib/url-parsers';
import { DEFAULT_PRESET, GRANULARITIES, STATUSES, type Granularity } from './constants';
import { addDays, autoGranularity } from './periods';

/**
 * The analytics page's URL contract: shops, the creation range (store dates, both included),
 * currencies, statuses and the granularity. The page parses it on the server, the filter bar
 * writes it on the client (nuqs), both through these parsers. Anything invalid falls back: an
 * unknown value is dropped, a missing range is the last 30 days, a missing granularity follows
 * the range's length. The names are the grid's (account, createdFrom, createdTo, currency, status),
 * so a figure links to /refunds with the same values.
 */

/** A real calendar date from 2000 to 2100. */
export function isLocalDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const dateParser = createParser<string>({ parse: (text) => (isLocalDate(text) ? text : null), serialize: (value) => value });

const currencyParser = createParser<string>({
  parse: (text) => (/^[A-Za-z]{3}$/.test(text.trim()) ? text.trim().toUpperCase() : null),
  serialize: (value) => value,
});

export const analyticsSearchParsers = {
  account: accountIdsParser,
  createdFrom: dateParser,
  createdTo: dateParser,
  currency: parseAsArrayOf(currencyParser),
  status: parseAsArrayOf(parseAsStringLiteral(STATUSES)),
  granularity: parseAsStringLiteral(GRANULARITIES),
};

const load = createLoader(analyticsSearchParsers);

export type AnalyticsInput = URLSearchParams | Record<string, string | string[] | undefined> | string;

/** What the page shows: every value resolved (range and granularity filled in), lists null when empty. */
export interface AnalyticsFilters {
  accounts: number[] | null;
  currencies: string[] | null;
  statuses: (typeof STATUSES)[number][] | null;
  from: string;
  to: string;
  granularity: Granularity;
}

export function loadAnalyticsFilters(input: AnalyticsInput, timeZone: string, now: Date): AnalyticsFilters {
  const search = load(input);
  const unique = <T>(list: T[] | null) => (list?.length ? [...new Set(list)] : null);
  const fallback = presetRange(DEFAULT_PRESET, timeZone, now);
  // One end alone: the other is today, or 30 days before the end given.
  let to = search.createdTo ?? fallback.to;
  let from = search.createdFrom ?? (search.createdTo ? addDays(search.createdTo, -29) : fallback.from);
  if (from > to) [from, to] = [to, from];
  return {
    accounts: search.account,
    currencies: unique(search.currency),
    statuses: unique(search.status),
    from,
    to,
    granularity: search.granularity ?? autoGranularity(from, to),
  };
}
