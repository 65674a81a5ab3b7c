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
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Add a shop account">
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="mb-1 text-sm font-medium text-slate-700">Connects to</legend>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="environment" value="production" checked={environment === 'production'} onChange={() => setEnvironment('production')} />{' '}
          TikTok Shop
        </label>
        {sandboxAvailable ? (
          <label className="flex items-center gap-1.5">
            <input type="radio" name="environment" value="sandbox" checked={environment === 'sandbox'} onChange={() => setEnvironment('sandbox')} /> Local
            sandbox (demo, tests)
          </label>
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
      {errors.apiBaseUrl ? <p className="text-xs text-rose-700">{errors.apiBaseUrl}</p> : null}
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
