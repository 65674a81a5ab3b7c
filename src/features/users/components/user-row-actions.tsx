'use client';

import { ActionStatus } from '@/components/ui/action-status';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { inputClass } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import { ROLES, type Role } from '@/lib/roles';
import { changeRoleAction, deactivateUserAction, reactivateUserAction, resetPasswordAction } from '../actions';

export function UserRowActions({ userId, email, role, active, isSelf }: { userId: string; email: string; role: Role; active: boolean; isSelf: boolean }) {
  const role_ = useFormAction(changeRoleAction, null);
  const active_ = useFormAction(active ? deactivateUserAction : reactivateUserAction, null);
  const {
    state: passwordResult,
    onSubmit: setPassword,
    pending: settingPassword,
    formRef: passwordForm,
  } = useFormAction(resetPasswordAction, null, { resetOnSuccess: true });
  return (
    <div className="flex flex-wrap items-start gap-3">
      <form onSubmit={role_.onSubmit} className="flex items-center gap-1" aria-label={`Role of ${email}`}>
        <input type="hidden" name="userId" value={userId} />
        <label className="sr-only" htmlFor={`role-${userId}`}>
          Role of {email}
        </label>
        <select id={`role-${userId}`} name="role" defaultValue={role} className={`${inputClass} w-28`}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <Button type="submit" size="sm" disabled={role_.pending}>
          Save role
        </Button>
      </form>
      {!isSelf ? (
        <form onSubmit={active_.onSubmit}>
          <input type="hidden" name="userId" value={userId} />
          {active ? (
            <ConfirmButton
              title={`Deactivate ${email}?`}
              description="They are signed out at once and cannot sign in until reactivated. Their history stays."
              confirmLabel="Deactivate"
              disabled={active_.pending}
            >
              Deactivate
            </ConfirmButton>
          ) : (
            <Button type="submit" size="sm" variant="secondary" disabled={active_.pending}>
              Reactivate
            </Button>
          )}
        </form>
      ) : null}
      <form ref={passwordForm} onSubmit={setPassword} noValidate className="flex items-center gap-1" aria-label={`New password for ${email}`}>
        <input type="hidden" name="userId" value={userId} />
        <label className="sr-only" htmlFor={`password-${userId}`}>
          New password for {email}
        </label>
        <input
          id={`password-${userId}`}
          name="password"
          type="password"
          minLength={12}
          placeholder="New password"
          autoComplete="new-password"
          className={`${inputClass} w-40`}
        />
        <ConfirmButton
          title={`Set a new password for ${email}?`}
          description="Their current password stops working and every session they have is ended."
          confirmLabel="Set password"
          variant="secondary"
          disabled={settingPassword}
        >
          Set password
        </ConfirmButton>
      </form>
      <div className="basis-full">
        <ActionStatus result={role_.state} success="Role saved." />
        <ActionStatus result={active_.state} success={active ? 'User deactivated; their sessions ended.' : 'User reactivated.'} />
        <ActionStatus result={passwordResult} success="Password set; their sessions ended." />
      </div>
    </div>
  );
}
