/**
 * The panel's Content-Security-Policy and companion headers, built per request (the nonce) and
 * from the environment (which store admins may embed the panel). Pure so it can be unit-tested.
 */

/** EMBED_ALLOWED_ORIGINS: space or comma separated https origins allowed to frame the panel. */
export function parseEmbedOrigins(value: string | undefined): { origins: string[]; invalid: string[] } {
  const origins: string[] = [];
  const invalid: string[] = [];
  for (const item of (value ?? '').split(/[\s,]+/).filter(Boolean)) {
    try {
      const url = new URL(item);
      if (
        (url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname))) &&
        url.origin === item.replace(/\/$/, '')
      ) {
        origins.push(url.origin);
      } else {
        invalid.push(item);
      }
    } catch {
      invalid.push(item);
    }
  }
  return { origins, invalid };
}

export function contentSecurityPolicy(nonce: string, embedOrigins: string[], development = false): string {
  return [
    `default-src 'self'`,
    // 'strict-dynamic': scripts Next loads from a nonced script are trusted; nothing else runs.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // Product images in the Refund Data modal come from TikTok's CDNs.
    `img-src 'self' data: https:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors ${embedOrigins.length ? embedOrigins.join(' ') : "'none'"}`,
  ].join('; ');
}

export function securityHeaders(nonce: string, options: { embedOrigins: string[]; https: boolean; development?: boolean }): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(nonce, options.embedOrigins, options.development),
    // Refund ids in URLs never leave for another site (Seller Center links included).
    'Referrer-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // Browsers that predate frame-ancestors: forbid framing unless embedding is configured.
    ...(options.embedOrigins.length ? {} : { 'X-Frame-Options': 'DENY' }),
    ...(options.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** The origin state-changing requests must come from: APP_URL's when it is set, else the one the request was made to. */
export function expectedOrigin(appUrl: string | undefined, requestOrigin: string): string {
  if (appUrl) {
    try {
      return new URL(appUrl).origin;
    } catch {
      // An invalid APP_URL is reported at start-up.
    }
  }
  return requestOrigin;
}

/**
 * Whether a state-changing request comes from the panel's own pages: its Origin is the expected
 * origin, scheme and port included (an https page of the same host is another origin).
 */
export function sameOrigin(origin: string | null, expected: string): boolean {
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).origin === expected;
  } catch {
    return false;
  }
}
