import 'server-only';
import type { z } from 'zod';
import type { Role } from '@/lib/roles';
import { hasUnstorableText } from '@/lib/safe-text';
import { authorize, type CurrentUser } from './auth/current-user';
import { logError } from './log';

/**
 * The one way to write a route handler, the counterpart of ./action.ts: the role first (401 / 403
 * as JSON), then the path parameters (invalid: 404) and the query (invalid, or holding text
 * PostgreSQL refuses: 400), then the handler;
 * an unexpected error is logged under the route's name and answered 500 INTERNAL_ERROR, never
 * with its message. `role: null` is for the routes that authenticate otherwise (health, TikTok's
 * signed webhooks).
 */

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType> {
  name: string;
  role: Role | null;
  params?: P;
  query?: Q;
}

export interface RouteInput<P extends z.ZodType, Q extends z.ZodType> {
  request: Request;
  user: CurrentUser | null;
  params: z.output<P>;
  query: z.output<Q>;
}

export const jsonError = (error: string, status: number) => Response.json({ error }, { status, headers: { 'cache-control': 'no-store' } });

/** A CSV file the browser downloads as `filename` (never cached, never sniffed as anything else). */
export function csvDownload(body: BodyInit, filename: string): Response {
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

export function defineRoute<P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined>(
  spec: RouteSpec<P, Q>,
  handler: (input: RouteInput<P, Q>) => Response | Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<Record<string, string | string[] | undefined>> }): Promise<Response> => {
    let user: CurrentUser | null = null;
    if (spec.role) {
      const gate = await authorize(spec.role);
      if (!gate.ok) return jsonError(gate.code, gate.code === 'UNAUTHENTICATED' ? 401 : 403);
      user = gate.user;
    }
    const rawParams = await context.params;
    if (hasUnstorableText(rawParams)) return jsonError('NOT_FOUND', 404);
    const params = spec.params ? spec.params.safeParse(rawParams) : { success: true as const, data: undefined };
    if (!params.success) return jsonError('NOT_FOUND', 404);
    // Every query string, whether or not the route declares one: U+0000 and lone surrogates never reach SQL or the audit log.
    const searchParams = new URL(request.url).searchParams;
    if (hasUnstorableText([...searchParams])) return jsonError('INVALID_INPUT', 400);
    const query = spec.query ? spec.query.safeParse(Object.fromEntries(searchParams)) : { success: true as const, data: undefined };
    if (!query.success) return jsonError('INVALID_INPUT', 400);
    try {
      return await handler({ request, user, params: params.data as z.output<P>, query: query.data as z.output<Q> });
    } catch (error) {
      logError(`${spec.name}.failed`, { error });
      return jsonError('INTERNAL_ERROR', 500);
    }
  };
}
