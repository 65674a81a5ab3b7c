import 'server-only';
import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthEndpoint } from 'better-auth/api';
import { setSessionCookie } from 'better-auth/cookies';
import { z } from 'zod';

/**
 * A session for a user the panel has already identified otherwise (a verified launch link, see
 * src/server/auth/launch-link.ts): better-auth creates it and writes its signed cookie exactly as
 * after a password sign-in. Server-only: never on any HTTP route (and no better-auth route is
 * mounted anyway), callable only as `auth().api.embedLaunchSession` from our own code.
 */
export function embedLaunchPlugin() {
  return {
    id: 'embed-launch',
    endpoints: {
      embedLaunchSession: createAuthEndpoint.serverOnly({ method: 'POST', body: z.object({ userId: z.string().min(1).max(64) }) }, async (ctx) => {
        const user = await ctx.context.internalAdapter.findUserById(ctx.body.userId);
        if (!user || (user as { banned?: boolean | null }).banned) throw new APIError('UNAUTHORIZED');
        const session = await ctx.context.internalAdapter.createSession(user.id);
        await setSessionCookie(ctx, { session, user });
        return ctx.json({ userId: user.id });
      }),
    },
  } satisfies BetterAuthPlugin;
}
