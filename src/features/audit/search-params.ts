import { createLoader, createParser, createSerializer, parseAsStringLiteral } from 'nuqs/server';
import { isLocalDateTime } from '@/lib/store-time';
import { filterTextParser } from '@/lib/url-parsers';
import { AUDIT_ACTION_FILTERS, AUDIT_OUTCOMES } from './labels';

/**
 * The audit page's URL contract (and its CSV export's): the one place its query parameters are
 * read. Like the grid's (features/refunds/search-params.ts), every value is checked against an
 * allow-list or a format and clamped; anything else falls back to "all", so no query string can
 * produce an error page or reach SQL unchecked.
 */

const dateParser = createParser<string>({
  parse: (text) => (isLocalDateTime(text) ? text : null),
  serialize: (value) => value,
});

/** Audit ids are PostgreSQL integers: 0, negatives, fractions and 2^31 and above name no entry. */
const beforeParser = createParser<number>({
  parse: (text) => {
    if (!/^\d{1,10}$/.test(text)) return null;
    const id = Number(text);
    return id >= 1 && id < 2 ** 31 ? id : null;
  },
  serialize: String,
});

const auditSearchParsers = {
  /** Who: part of the actor's email (or "cli", "scheduler", "tiktok-webhook"), case-insensitive. */
  actor: filterTextParser(254, /^[^\s,]+$/),
  action: parseAsStringLiteral(AUDIT_ACTION_FILTERS),
  outcome: parseAsStringLiteral(AUDIT_OUTCOMES),
  /** A TikTok refund id, an order id, a shop id, a user's email, or our own id of the target. */
  target: filterTextParser(64, /^[A-Za-z0-9_.@+:-]+$/),
  /** The first and last day (or minute) in the store's zone, inclusive. */
  from: dateParser,
  to: dateParser,
  before: beforeParser,
};

const loadAuditSearchRaw = createLoader(auditSearchParsers);

export type AuditSearchInput = URLSearchParams | Record<string, string | string[] | undefined>;

export function loadAuditSearch(input: AuditSearchInput) {
  return loadAuditSearchRaw(input);
}

export type AuditSearch = ReturnType<typeof loadAuditSearch>;

export const serializeAuditSearch = createSerializer(auditSearchParsers);

/** The filters alone (no page position): what the export and the "newest" link carry. */
export function auditFilterQuery(search: AuditSearch): string {
  return serializeAuditSearch({ ...search, before: null }).replace(/^\?/, '');
}
