import type { ActionResult } from '@/lib/action-result';
import { Alert } from './alert';

/** The outcome of the last submission of a form, read out by screen readers. */
export function ActionStatus({ result, success }: { result: ActionResult<unknown> | null | undefined; success?: string }) {
  if (!result) return null;
  if (result.ok) return success ? <Alert tone="success">{result.message ?? success}</Alert> : null;
  return <Alert tone="error">{result.message}</Alert>;
}
