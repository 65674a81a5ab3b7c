import { createLoader, createParser, createSerializer, parseAsStringLiteral } from 'nuqs/server';
import { filterTextParser } from '@/lib/url-parsers';

/**
 * The Accounts page's URL contract: find a shop by name, shop id or code, show the ones in a given
 * state, page through them. Like the grid's, every value is checked or clamped; anything else falls
 * back to "all" and the first page, so no query string can produce an error page.
 */

export const ACCOUNT_STATES = ['failing', 'never', 'unconnected', 'inactive'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

export const ACCOUNT_STATE_LABELS: Record<AccountState, string> = {
  failing: 'Last sync failed',
  never: 'Never synced',
  unconnected: 'Needs connecting',
  inactive: 'Inactive',
};

/** 50 rows: each carries its own edit form, and 500 of them were 2.9 MB of HTML. */
export const ACCOUNTS_PER_PAGE = 50;

const pageParser = createParser<number>({
  parse: (text) => (/^\d{1,6}$/.test(text) && Number(text) >= 1 ? Number(text) : null),
  serialize: String,
});

const accountSearchParsers = {
  /** Part of the name, the shop id or the shop code, case-insensitive. */
  q: filterTextParser(100),
  state: parseAsStringLiteral(ACCOUNT_STATES),
  page: pageParser.withDefault(1),
};

const loadAccountSearchRaw = createLoader(accountSearchParsers);

/** The loader for synchronous input (nuqs' own is overloaded for promises too, which its return type then carries). */
export function loadAccountSearch(input: URLSearchParams | Record<string, string | string[] | undefined>) {
  return loadAccountSearchRaw(input);
}

export type AccountSearch = ReturnType<typeof loadAccountSearch>;
export const serializeAccountSearch = createSerializer(accountSearchParsers);
