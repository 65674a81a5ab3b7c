import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { AUTH_MESSAGES, fail, fieldErrorsOf, type ActionResult } from '@/lib/action-result';
import type { Role } from '@/lib/roles';
import { hasUnstorableText } from '@/lib/safe-text';
import { audit, type AuditActor } from './audit';
import { authorize, requestAddress, type CurrentUser } from './auth/current-user';
import { logError } from './log';

/**
 * The one way to write a server action. In this order, whatever the caller sends:
 * 1. the role: a signed-out caller gets UNAUTHENTICATED, a lower role FORBIDDEN (audited under the
 *    action's name), before the input is even looked at;
 * 2. the input: parsed with the action's zod schema; anything else (JSON where a form is expected,
 *    an array, nothing at all, text PostgreSQL refuses such as U+0000, see src/lib/safe-text.ts) is
 *    INVALID_INPUT with field errors, never an exception;
 * 3. the handler, whose expected failures are ActionResult codes; an unexpected error is logged
 *    under the action's name and answered INTERNAL_ERROR (never its message), audited as failed.
 * Next's own control flow (redirect, notFound) passes through untouched.
 */

interface ActionContext {
  user: CurrentUser;
  actor: AuditActor & { id: string };
  ipAddress: string | null;
}

export interface ActionSpec<S extends z.ZodType> {
  /** Log and audit key, e.g. "refund.decide". */
  name: string;
  role: Role;
  input: S;
  /** The INVALID_INPUT message (field errors go with it). */
  invalid?: string;
}

type Handler<S extends z.ZodType, T, C extends string, D> = (input: z.output<S>, context: ActionContext) => Promise<ActionResult<T, C, D>>;

/** What the caller sent, or `wrongShape` when it is not even the kind of argument the action takes. */
type RawInput = { value: unknown } | { wrongShape: true };

async function run<S extends z.ZodType, T, C extends string, D>(
  spec: ActionSpec<S>,
  handler: Handler<S, T, C, D>,
  raw: () => RawInput,
): Promise<ActionResult<T, C, D>> {
  const gate = await authorize(spec.role);
  if (!gate.ok) {
    if (gate.code === 'FORBIDDEN') {
      await audit({
        actor: { id: gate.user.id, label: gate.user.email },
        action: spec.name,
        outcome: 'denied',
        details: { role: gate.user.role, needed: spec.role },
        ipAddress: await requestAddress(),
      });
    }
    return fail(gate.code, AUTH_MESSAGES[gate.code]);
  }
  const input = raw();
  if ('wrongShape' in input || hasUnstorableText(input.value)) return fail('INVALID_INPUT', spec.invalid ?? 'Check the highlighted fields.');
  const parsed = spec.input.safeParse(input.value);
  if (!parsed.success) return fail('INVALID_INPUT', spec.invalid ?? 'Check the highlighted fields.', fieldErrorsOf(parsed.error.issues));
  const context: ActionContext = { user: gate.user, actor: { id: gate.user.id, label: gate.user.email }, ipAddress: await requestAddress() };
  try {
    return await handler(parsed.data, context);
  } catch (error) {
    unstable_rethrow(error);
    logError(`${spec.name}.failed`, { error });
    await audit({ actor: context.actor, action: spec.name, outcome: 'failed', details: { code: 'INTERNAL_ERROR' }, ipAddress: context.ipAddress }).catch(
      () => undefined,
    );
    return fail('INTERNAL_ERROR', AUTH_MESSAGES.INTERNAL_ERROR);
  }
}

/** An action called with one argument (an object the schema checks). */
export function defineAction<S extends z.ZodType, T, C extends string = never, D = never>(spec: ActionSpec<S>, handler: Handler<S, T, C, D>) {
  return async (input: z.input<S>): Promise<ActionResult<T, C, D>> => run(spec, handler, () => ({ value: input }));
}

/**
 * A form action (`useActionState`: previous state, then the FormData). The schema sees the form's
 * fields as a plain object of strings; a call with anything but a FormData is INVALID_INPUT.
 */
export function defineFormAction<S extends z.ZodType, T, C extends string = never, D = never>(spec: ActionSpec<S>, handler: Handler<S, T, C, D>) {
  return async (_previous: unknown, form: FormData): Promise<ActionResult<T, C, D>> =>
    run(spec, handler, () =>
      form instanceof FormData ? { value: Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === 'string')) } : { wrongShape: true },
    );
}

/**
 * The one public form action, signing in: no role to check, but the same shape rules (a FormData
 * or INVALID_INPUT) and the same handling of unexpected errors.
 */
export function definePublicFormAction<S extends z.ZodType, T, C extends string = never, D = never>(
  spec: Omit<ActionSpec<S>, 'role'>,
  handler: (input: z.output<S>, context: { ipAddress: string | null }) => Promise<ActionResult<T, C, D>>,
) {
  return async (_previous: unknown, form: FormData): Promise<ActionResult<T, C, D>> => {
    if (!(form instanceof FormData)) return fail('INVALID_INPUT', spec.invalid ?? 'Check the highlighted fields.');
    const fields = Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === 'string'));
    if (hasUnstorableText(fields)) return fail('INVALID_INPUT', spec.invalid ?? 'Check the highlighted fields.');
    const parsed = spec.input.safeParse(fields);
    if (!parsed.success)
      return fail('INVALID_INPUT', parsed.error.issues[0]?.message ?? spec.invalid ?? 'Check the highlighted fields.', fieldErrorsOf(parsed.error.issues));
    try {
      return await handler(parsed.data, { ipAddress: await requestAddress() });
    } catch (error) {
      unstable_rethrow(error);
      logError(`${spec.name}.failed`, { error });
      return fail('INTERNAL_ERROR', AUTH_MESSAGES.INTERNAL_ERROR);
    }
  };
}
