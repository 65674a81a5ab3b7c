'use client';

import { ActionStatus } from '@/components/ui/action-status';
import { Button } from '@/components/ui/button';
import { Field, SelectField } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import { ROLE_DESCRIPTIONS, ROLES } from '@/lib/roles';
import { createUserAction } from '../actions';

export function CreateUserForm() {
  const { state: result, onSubmit, pending, formRef } = useFormAction(createUserAction, null, { resetOnSuccess: true });
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end" aria-label="Add a user">
      <Field label="Email" name="email" type="email" required error={errors.email} autoComplete="off" />
      <Field label="Name" name="name" required error={errors.name} autoComplete="off" />
      <SelectField label="Role" name="role" defaultValue="viewer" error={errors.role}>
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {role} — {ROLE_DESCRIPTIONS[role]}
          </option>
        ))}
      </SelectField>
      <Field
        label="Initial password"
        name="password"
        type="password"
        required
        minLength={12}
        autoComplete="new-password"
        error={errors.password}
        hint="12+ characters; give it to the user privately."
      />
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? 'Adding…' : 'Add user'}
      </Button>
      <div className="sm:col-span-2 lg:col-span-5">
        <ActionStatus result={result} success="User added." />
      </div>
    </form>
  );
}
