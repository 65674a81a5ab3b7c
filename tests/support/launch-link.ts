import { createHmac, randomBytes } from 'node:crypto';

/**
 * A store backend's side of a launch link, as the README's Node example writes it: HMAC-SHA256,
 * hex, over "v1\n<email>\n<timestamp>\n<nonce>\n<target>" with the shared EMBED_LAUNCH_SECRET.
 */
export function launchUrl(panelUrl: string, secret: string, email: string, target: string, options: { ts?: number; nonce?: string } = {}): string {
  const ts = options.ts ?? Math.floor(Date.now() / 1000);
  const nonce = options.nonce ?? randomBytes(16).toString('base64url');
  const sig = createHmac('sha256', secret)
    .update(['v1', email, String(ts), nonce, target].join('\n'))
    .digest('hex');
  return `${panelUrl}/embed/launch?${new URLSearchParams({ email, ts: String(ts), nonce, target, sig })}`;
}
