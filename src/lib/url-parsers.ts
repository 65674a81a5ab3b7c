import { createParser } from 'nuqs/server';
import { stripUnstorable } from './safe-text';

/**
 * URL parsers several pages share (the grid's and the analytics' `account`, so an analytics figure
 * links to the grid with the same value). Client-safe: nuqs/server's parsers run in both places.
 */

/** The most shops one URL can pick (the parser keeps the first this many). */
export const MAX_ACCOUNT_IDS = 100;

/** Account ids: positive integers within PostgreSQL's int range, deduplicated, at most MAX_ACCOUNT_IDS; invalid entries dropped. */
export const accountIdsParser = createParser<number[]>({
  parse: (text) => {
    const ids = [
      ...new Set(
        text
          .split(',')
          .map(Number)
          .filter((n) => Number.isInteger(n) && n > 0 && n < 2 ** 31),
      ),
    ];
    return ids.length ? ids.slice(0, MAX_ACCOUNT_IDS) : null;
  },
  serialize: (ids) => ids.join(','),
  eq: (a, b) => a.length === b.length && a.every((v, i) => v === b[i]),
});

/**
 * Text typed into a filter (a keyword, a name, an actor): U+0000 and lone surrogates stripped
 * (PostgreSQL refuses them), spaces collapsed, clamped to `max` characters; empty, or not matching
 * `pattern` when one is given, reads as no filter.
 */
export function filterTextParser(max: number, pattern?: RegExp) {
  return createParser<string>({
    parse: (text) => {
      const value = stripUnstorable(text).trim().replace(/\s+/g, ' ').slice(0, max);
      return value && (!pattern || pattern.test(value)) ? value : null;
    },
    serialize: (value) => value,
  });
}
