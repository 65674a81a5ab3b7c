'use client';

import { startTransition, useActionState, useEffect, useRef, type SubmitEvent } from 'react';

/**
 * `useActionState` for forms that keep what the admin typed when the server refuses it. React 19
 * resets a form after an `action={…}` submission whatever the outcome, which wipes a long form on a
 * single invalid field; submitting through onSubmit avoids that, and the form is reset only after
 * a success (when `resetOnSuccess`).
 */
export function useFormAction<S>(
  action: (previous: Awaited<S>, form: FormData) => Promise<S>,
  initial: Awaited<S>,
  options: { resetOnSuccess?: boolean } = {},
) {
  const [state, dispatch, pending] = useActionState<S, FormData>(action, initial);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (options.resetOnSuccess && state && typeof state === 'object' && 'ok' in state && state.ok) formRef.current?.reset();
  }, [state, options.resetOnSuccess]);
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget, event.nativeEvent.submitter);
    startTransition(() => dispatch(data));
  };
  return { state, onSubmit, pending, formRef };
}
