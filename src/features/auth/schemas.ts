import { z } from 'zod';

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().check(z.email('Enter your email address')).max(254),
  password: z.string().min(1, 'Enter your password').max(128),
  next: z.string().optional(),
});

const PANEL = 'http://panel.invalid';
/** Longer than any grid URL the panel makes (a full filter is ~600 characters). */
const MAX_NEXT = 2000;
/** C0 and C1 controls, DEL and backslashes: browsers drop or rewrite them, so `/\t/evil.example` is `//evil.example` to one. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORGIVEN_BY_BROWSERS = /[\u0000-\u001f\u007f-\u009f\\]/;

/** The text percent-decoded until it stops changing (at most 3 times: `%252f` is `%2f` is `/`); null when it is not valid encoding. */
function fullyDecoded(text: string): string | null {
  let current = text;
  for (let round = 0; round < 3; round++) {
    try {
      const next = decodeURIComponent(current);
      if (next === current) return current;
      current = next;
    } catch {
      return null;
    }
  }
  return current;
}

/**
 * Where to go after signing in (or after a launch link): a path on this panel, or `fallback`. An
 * open redirect hides another site in a path a browser forgives, so controls, backslashes, white
 * space and `//` are refused raw and percent-decoded; the result is re-serialised by the URL
 * parser, so what is not ASCII is percent-encoded and the Location header can always be written.
 */
export function safeNextPath(next: string | undefined | null, fallback = '/refunds'): string {
  if (!next || next.length > MAX_NEXT || !next.startsWith('/')) return fallback;
  const decoded = fullyDecoded(next);
  if (decoded === null || /\s/u.test(next)) return fallback;
  for (const text of [next, decoded]) {
    if (FORGIVEN_BY_BROWSERS.test(text) || text.split(/[?#]/, 1)[0]!.includes('//')) return fallback;
  }
  let url: URL;
  try {
    url = new URL(next, PANEL);
  } catch {
    return fallback;
  }
  if (url.origin !== PANEL || url.pathname.startsWith('/login') || url.pathname.startsWith('/embed/')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
