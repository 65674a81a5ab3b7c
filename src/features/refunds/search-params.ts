import { createLoader, createParser, createSerializer, parseAsArrayOf, parseAsInteger, parseAsNumberLiteral, parseAsStringLiteral } from 'nuqs/server';
import { ANSWER_SOURCES, DECISION_KINDS } from '@/lib/refund-answers';
import { REASON_GROUPS } from '@/lib/refund-reasons';
import { accountIdsParser, filterTextParser } from '@/lib/url-parsers';
import { isLocalDateTime } from '@/lib/store-time';
import { DEFAULT_SORT, SORT_COLUMNS } from './columns';
import { REFUND_STATUSES, REFUND_TYPES } from './labels';

/**
 * The refunds grid's URL contract, the one place where query parameters are read. The page parses
 * it on the server and the grid updates it on the client (nuqs), so both speak the same language.
 * Every value is validated against an allow-list or a format and clamped; anything else falls
 * back to its default, so no query string can produce an error page or reach SQL unchecked.
 */

export const PAGE_SIZES = [20, 50, 100, 200] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/** Checked here for the grid's filter panel too (it imports it from this module). */
export { isLocalDateTime };

export const FLAGS = ['needsReview', 'unmapped', 'manual', 'awaitingSeller'] as const;
export type Flag = (typeof FLAGS)[number];

/** How many ids one filter takes (a day's worth of pasted order ids). */
const MAX_IDS = 200;
const MAX_KEYWORD = 100;

/** A TikTok id, or a prefix of one when it ends in `*` (e.g. `5764*`). */
export interface IdTerm {
  value: string;
  prefix: boolean;
}

function parseIdTerms(text: string): IdTerm[] | null {
  const terms: IdTerm[] = [];
  const seen = new Set<string>();
  for (const token of text.split(/[\s,;]+/).filter(Boolean)) {
    const match = /^(\d{1,32})(\*)?$/.exec(token);
    if (!match) continue; // a stray character drops that token, not the filter
    const key = `${match[1]}${match[2] ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push({ value: match[1]!, prefix: Boolean(match[2]) });
    if (terms.length === MAX_IDS) break;
  }
  return terms.length ? terms : null;
}

export const idTermsParser = createParser<IdTerm[]>({
  parse: parseIdTerms,
  serialize: (terms) => terms.map((t) => `${t.value}${t.prefix ? '*' : ''}`).join(','),
  eq: (a, b) => a.length === b.length && a.every((t, i) => t.value === b[i]!.value && t.prefix === b[i]!.prefix),
});

const localDateTimeParser = createParser<string>({
  parse: (text) => (isLocalDateTime(text) ? text : null),
  serialize: (value) => value,
});

/** A list item that must match `pattern` (after `normalize`); items that do not are dropped. */
function listItem(pattern: RegExp, normalize: (text: string) => string = (text) => text) {
  return createParser<string>({
    parse: (text) => {
      const value = normalize(text.trim());
      return pattern.test(value) ? value : null;
    },
    serialize: (value) => value,
  });
}

/** ISO 4217 codes, as refunds.currency stores them. */
const currencyParser = listItem(/^[A-Z]{3}$/, (text) => text.toUpperCase());
/** TikTok's reason keys (`ecom_order_delivered_refund_and_return_reason_damaged`), compared as stored. */
const reasonKeyParser = listItem(/^[A-Za-z0-9_.-]{1,120}$/);
/** TikTok's SKU ids (digits in practice; sellers' own ids are letters, digits and dashes). */
const skuParser = listItem(/^[A-Za-z0-9_.-]{1,64}$/);
/** Who decided, as refund_decisions.actor_label records it (the operator's email then): no comma, the list separator. */
const actorParser = listItem(/^[^\s,]{1,200}$/);

const pageParser = createParser<number>({
  parse: (text) => {
    if (!/^\d{1,12}$/.test(text)) return null;
    const page = Number(text);
    return page >= 1 ? Math.min(page, 1_000_000) : null;
  },
  serialize: String,
});

/** Opaque keyset position for Next/Previous; ignored unless it matches the current sort. */
const cursorParser = createParser<string>({
  parse: (text) => (/^[ab]\.[A-Za-z0-9_-]{1,400}$/.test(text) ? text : null),
  serialize: (value) => value,
});

export const refundSearchParsers = {
  q: filterTextParser(MAX_KEYWORD),
  refundId: idTermsParser,
  orderId: idTermsParser,
  account: accountIdsParser,
  status: parseAsArrayOf(parseAsStringLiteral(REFUND_STATUSES)),
  type: parseAsArrayOf(parseAsStringLiteral(REFUND_TYPES)),
  flag: parseAsArrayOf(parseAsStringLiteral(FLAGS)),
  currency: parseAsArrayOf(currencyParser),
  /** TikTok reason keys, exactly as stored (the analytics' reason bars link here). */
  reason: parseAsArrayOf(reasonKeyParser),
  /** Seller fault / buyer remorse / other, by the one table in src/lib/refund-reasons.ts. */
  reasonGroup: parseAsArrayOf(parseAsStringLiteral(REASON_GROUPS)),
  /** Refunds with at least one unit of these SKUs (refunds.line_items). */
  sku: parseAsArrayOf(skuParser),
  /** Refunds with a decision applied here by these operators (and of these kinds, with `decision`). */
  decidedBy: parseAsArrayOf(actorParser),
  decision: parseAsArrayOf(parseAsStringLiteral(DECISION_KINDS)),
  /** Who first answered the request while TikTok waited for the seller (refund_answers). */
  answer: parseAsArrayOf(parseAsStringLiteral(ANSWER_SOURCES)),
  createdFrom: localDateTimeParser,
  createdTo: localDateTimeParser,
  updatedFrom: localDateTimeParser,
  updatedTo: localDateTimeParser,
  sort: parseAsStringLiteral(SORT_COLUMNS).withDefault(DEFAULT_SORT),
  dir: parseAsStringLiteral(['asc', 'desc'] as const).withDefault('desc'),
  page: pageParser.withDefault(1),
  size: parseAsNumberLiteral(PAGE_SIZES).withDefault(50),
  cursor: cursorParser,
  /**
   * The Refund Data modal, by our row id (TikTok's refund ids are the `refundId` filter): its own
   * URL, opened without reloading the grid.
   */
  detail: parseAsInteger,
  /** The saved view the grid came from, to show it as selected. */
  view: parseAsInteger,
};

const loadRefundSearchRaw = createLoader(refundSearchParsers);
/** Links made before the modal's parameter was renamed (`refund=<row id>`) still open it. */
const loadLegacyDetail = createLoader({ refund: parseAsInteger });

/** Row ids are Postgres integers: anything else opens nothing. */
function validRowId(id: number | null): number | null {
  return id !== null && id > 0 && id < 2 ** 31 ? id : null;
}

export type SearchInput = URLSearchParams | Record<string, string | string[] | undefined> | string;

/** Parses the query string (or Next's searchParams object) into a clean, clamped search. */
export function loadRefundSearch(input: SearchInput) {
  const search = loadRefundSearchRaw(input);
  const unique = <T>(list: T[] | null) => (list && list.length ? [...new Set(list)] : null);
  return {
    ...search,
    status: unique(search.status),
    type: unique(search.type),
    flag: unique(search.flag),
    currency: unique(search.currency),
    reason: unique(search.reason),
    reasonGroup: unique(search.reasonGroup),
    sku: unique(search.sku),
    decidedBy: unique(search.decidedBy),
    decision: unique(search.decision),
    answer: unique(search.answer),
    // A negative or zero refund id opens nothing.
    detail: validRowId(search.detail ?? loadLegacyDetail(input).refund),
    view: validRowId(search.view),
  };
}

export type Search = ReturnType<typeof loadRefundSearch>;

export const serializeRefundSearch = createSerializer(refundSearchParsers);

/** The parameters that filter rows (what an export, a count and a saved view carry). */
export const FILTER_KEYS = [
  'q',
  'refundId',
  'orderId',
  'account',
  'status',
  'type',
  'flag',
  'currency',
  'reason',
  'reasonGroup',
  'sku',
  'decidedBy',
  'decision',
  'answer',
  'createdFrom',
  'createdTo',
  'updatedFrom',
  'updatedTo',
] as const;

/** The query string for a search, without the modal, the cursor and the page: what a view or an export saves. */
export function viewQuery(search: Search): string {
  return serializeRefundSearch({ ...search, page: null, cursor: null, detail: null, view: null }).replace(/^\?/, '');
}

/** The filters alone (no order, page size or page): what the money totals depend on, so sorting or paging never reloads them. */
export function filterQuery(search: Search): string {
  return serializeRefundSearch({ ...search, sort: null, dir: null, size: null, page: null, cursor: null, detail: null, view: null }).replace(/^\?/, '');
}
