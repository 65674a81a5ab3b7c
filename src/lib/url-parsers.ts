import { createParser } from 'nuqs/server';

/**
 * URL parsers several pages share (the grid's and the analytics' `account`, so an analytics figure
 * links to the grid with the same value). Client-safe: nuqs/server's parsers run in both places.
 */

/** Account ids: positive integers within PostgreSQL's int range, deduplicated, at most 100; invalid entries dropped. */
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
    return ids.length ? ids.slice(0, 100) : null;
  },
  serialize: (ids) => ids.join(','),
  eq: (a, b) => a.length === b.length && a.every((v, i) => v === b[i]),
});
