'use client';

import { useState } from 'react';
import { ActionStatus } from '@/components/ui/action-status';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import { createAccountAction } from '../actions';

export function AddAccountForm({ sandboxAvailable }: { sandboxAvailable: boolean }) {
  const { state: result, onSubmit, pending, formRef } = useFormAction(createAccountAction, null, { resetOnSuccess: true });
  const [environment, setEnvironment] = useState<'production' | 'sandbox'>('production');
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const urlError = errors.apiBaseUrl ?? errors.authBaseUrl;
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Add a shop account">
      {/* The base URLs follow this choice, so their errors (a mixed or unknown host) are shown here. */}
      <fieldset className="flex flex-wrap gap-4 text-sm" aria-describedby={urlError ? 'environment-error' : undefined}>
        <legend className="mb-1 text-sm font-medium text-slate-700">Connects to</legend>
        <label className="flex items-center gap-1.5">
          <input
            type="radio"
            name="environment"
            value="production"
            checked={environment === 'production'}
            onChange={() => setEnvironment('production')}
            aria-invalid={urlError ? true : undefined}
          />{' '}
          TikTok Shop
        </label>
        {sandboxAvailable ? (
          <label className="flex items-center gap-1.5">
            <input
              type="radio"
              name="environment"
              value="sandbox"
              checked={environment === 'sandbox'}
              onChange={() => setEnvironment('sandbox')}
              aria-invalid={urlError ? true : undefined}
            />{' '}
            Local sandbox (demo, tests)
          </label>
        ) : null}
        {urlError ? (
          <p id="environment-error" className="basis-full text-xs text-rose-700">
            {urlError}
          </p>
        ) : null}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Name" name="name" required error={errors.name} hint="How the shop is shown in the grid." />
        <Field label="App key" name="appKey" required autoComplete="off" error={errors.appKey} />
        <Field
          label="App secret"
          name="appSecret"
          type="password"
          required
          autoComplete="off"
          error={errors.appSecret}
          hint="Stored encrypted; never shown again."
        />
        {environment === 'production' ? (
          <Field label="Service id" name="serviceId" autoComplete="off" error={errors.serviceId} hint="From Partner Center; needed to connect." />
        ) : null}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="writeBack" /> Send Completed / Reject decisions to TikTok (write-back)
      </label>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Adding…' : 'Add account'}
        </Button>
      </div>
      <ActionStatus result={result} />
      {result?.ok ? <p className="text-sm text-emerald-700">{result.message}</p> : null}
    </form>
  );
}
