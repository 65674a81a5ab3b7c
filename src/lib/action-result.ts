import { fieldKey } from './validation-messages';

/**
 * What every server action returns: a value, or an expected failure as a code with a message
 * written by us (never an exception's text). Unexpected errors are logged on the server and
 * reported as INTERNAL_ERROR.
 */
export type ActionResult<T = null, Code extends string = string, Detail = never> =
  | { ok: true; data: T; message?: string }
  | {
      ok: false;
      code: Code | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'INVALID_INPUT' | 'INTERNAL_ERROR';
      message: string;
      fieldErrors?: Record<string, string>;
      detail?: Detail;
    };

export const AUTH_MESSAGES = {
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
  FORBIDDEN: 'Your role does not allow this.',
  INTERNAL_ERROR: 'Something went wrong on our side; nothing was changed. Try again, or ask an admin to check the server log.',
} as const;

export function fail<Code extends string>(code: Code, message: string, fieldErrors?: Record<string, string>) {
  return { ok: false as const, code, message, ...(fieldErrors ? { fieldErrors } : {}) };
}

/** Field errors from a zod failure, first message per field, keyed by the field's own name (as forms name their inputs). */
export function fieldErrorsOf(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[fieldKey(issue.path)] ??= issue.message;
  return errors;
}
