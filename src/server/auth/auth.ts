import 'server-only';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies } from 'better-auth/next-js';
import { admin as adminPlugin } from 'better-auth/plugins';
import { createAccessControl } from 'better-auth/plugins/access';
import { adminAc, defaultStatements } from 'better-auth/plugins/admin/access';
import { db } from '@/server/db';
import { appUrl, env } from '@/server/config';
import { CLIENT_ADDRESS_HEADER } from './client-address';
import { embedLaunchPlugin } from './embed-session';

/**
 * Email + password sign-in on better-auth: scrypt password hashes, sessions in Postgres, signed
 * HttpOnly cookies (Secure when APP_URL is https). Only its server API is used (through our server
 * actions); no /api/auth route is mounted, so none of its HTTP endpoints is reachable.
 */

const statements = { ...defaultStatements } as const;
const ac = createAccessControl(statements);
const roles = {
  viewer: ac.newRole({ user: [] }),
  operator: ac.newRole({ user: [] }),
  admin: ac.newRole({ ...adminAc.statements }),
};

const MIN_PASSWORD_LENGTH = 12;

/**
 * Inside a store's admin (EMBED_ALLOWED_ORIGINS) the panel is a cross-site frame, where browsers
 * send only SameSite=None cookies, and only Secure ones; Partitioned (CHIPS) keeps the cookie to
 * that store's frames, so it still works where third-party cookies are blocked. Top-level use is
 * unchanged (the cookie is sent to the panel's own pages too). Plain http cannot carry Secure
 * cookies, so an http panel keeps SameSite=Lax and cannot be embedded across sites.
 */
function crossSiteCookies(): boolean {
  return env.EMBED_ALLOWED_ORIGINS.length > 0 && appUrl().startsWith('https://');
}

function createAuth() {
  const secret = env.AUTH_SECRET;
  const baseURL = appUrl();
  const hours = env.SESSION_HOURS;
  return betterAuth({
    appName: 'TikTok Shop Refunds',
    baseURL,
    secret,
    trustedOrigins: [baseURL],
    telemetry: { enabled: false },
    database: prismaAdapter(db, { provider: 'postgresql' }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH, maxPasswordLength: 128, autoSignIn: false },
    // An absolute lifetime from sign-in: sessions are read in server components, which cannot
    // slide a cookie, so we make the fixed lifetime explicit rather than accidental.
    session: { expiresIn: Math.round(hours * 3600), disableSessionRefresh: true },
    // Sign-in is throttled by our own per-email and per-address rules (./throttle.ts), which also
    // cover server actions; better-auth's limiter only covers its HTTP routes, which we do not mount.
    rateLimit: { enabled: false },
    advanced: {
      useSecureCookies: baseURL.startsWith('https://'),
      cookiePrefix: 'refunds',
      // The address the proxy resolved (socket, or TRUSTED_PROXIES), never a client's own header.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      ...(crossSiteCookies() ? { defaultCookieAttributes: { sameSite: 'none', secure: true, partitioned: true } } : {}),
    },
    plugins: [adminPlugin({ ac, roles, defaultRole: 'viewer', adminRoles: ['admin'] }), embedLaunchPlugin(), nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const holder = globalThis as unknown as { refundsAuth?: Auth };

/** Created on first use, so `next build` needs no AUTH_SECRET. */
export function auth(): Auth {
  holder.refundsAuth ??= createAuth();
  return holder.refundsAuth;
}
