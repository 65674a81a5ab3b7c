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

/** Whether a state-changing request comes from the panel's own pages. */
export function sameOrigin(origin: string | null, host: string | null, appUrl: string | undefined): boolean {
  if (!origin || origin === 'null') return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  if (appUrl) {
    try {
      if (new URL(appUrl).host === originHost) return true;
    } catch {
      // An invalid APP_URL is reported at start-up.
    }
  }
  return originHost === host;
}
