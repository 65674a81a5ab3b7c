/**
 * Text PostgreSQL refuses: U+0000 in `text` ("invalid byte sequence for encoding UTF8: 0x00") and
 * in `jsonb` (`\u0000`), and unpaired UTF-16 surrogates, whose escapes `jsonb` refuses ("Unicode
 * low surrogate must follow a high surrogate") and which `text` would silently turn into U+FFFD.
 * Requests are checked for these at the edge (action and route wrappers, the webhook, the grid's
 * URL contract) so that nothing a browser or a script sends can reach SQL with them.
 */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** The text without what PostgreSQL refuses (for values that are dropped or cleaned, never refused). */
export function stripUnstorable(text: string): string {
  return text.replaceAll('\u0000', '').replace(LONE_SURROGATES, '');
}

/** Deeper than any input of ours (a bulk decision is 4 levels): anything past it is refused unread. */
const MAX_DEPTH = 32;

/**
 * Whether a value (a string, or any string or key inside arrays, plain objects and FormData) holds
 * text PostgreSQL refuses, or nests deeper than MAX_DEPTH.
 */
export function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return !isStorableText(value);
  if (value === null || typeof value !== 'object') return false;
  if (depth > MAX_DEPTH) return true;
  if (typeof FormData !== 'undefined' && value instanceof FormData) {
    for (const [key, entry] of value.entries()) if (!isStorableText(key) || (typeof entry === 'string' && !isStorableText(entry))) return true;
    return false;
  }
  if (Array.isArray(value)) return value.some((item) => hasUnstorableText(item, depth + 1));
  return Object.entries(value).some(([key, item]) => !isStorableText(key) || hasUnstorableText(item, depth + 1));
}
