'use client';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import { signInAction } from '../actions';

export function SignInForm({ next }: { next?: string }) {
  const { state, onSubmit, pending } = useFormAction(signInAction, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {failure ? <Alert tone="error">{failure.message}</Alert> : null}
      <input type="hidden" name="next" value={next ?? ''} />
      <Field label="Email" name="email" type="email" autoComplete="username" required defaultValue={failure?.detail?.email} autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
