'use client';

import { ActionStatus } from '@/components/ui/action-status';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { Field } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import { connectAccountAction, setAccountActiveAction, updateAccountAction } from '../actions';

interface Props {
  id: number;
  name: string;
  appKey: string;
  serviceId: string | null;
  environment: 'Production' | 'Sandbox';
  writeBack: boolean;
  active: boolean;
  connected: boolean;
}

export function AccountActions(props: Props) {
  const { state: connectResult, onSubmit: connect, pending: connecting } = useFormAction(connectAccountAction, null);
  const { state: activeResult, onSubmit: setActive, pending: switching } = useFormAction(setAccountActiveAction, null);
  const { state: editResult, onSubmit: edit, pending: saving } = useFormAction(updateAccountAction, null);
  const errors = editResult && !editResult.ok ? (editResult.fieldErrors ?? {}) : {};
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {props.active ? (
          <form onSubmit={connect}>
            <input type="hidden" name="id" value={props.id} />
            <Button
              type="submit"
              size="sm"
              variant={props.connected ? 'secondary' : 'primary'}
              disabled={connecting}
              aria-label={`${props.connected ? 'Reconnect' : 'Connect'} ${props.name}`}
            >
              {props.connected ? 'Reconnect' : 'Connect'}
            </Button>
          </form>
        ) : null}
        <form onSubmit={setActive}>
          <input type="hidden" name="id" value={props.id} />
          <input type="hidden" name="active" value={String(!props.active)} />
          {props.active ? (
            <ConfirmButton
              title={`Deactivate ${props.name}?`}
              description="It is no longer synced and its refunds can no longer be decided here until it is activated again. Nothing is deleted."
              confirmLabel="Deactivate"
              disabled={switching}
              ariaLabel={`Deactivate ${props.name}`}
            >
              Deactivate
            </ConfirmButton>
          ) : (
            <Button type="submit" size="sm" variant="secondary" disabled={switching} aria-label={`Activate ${props.name}`}>
              Activate
            </Button>
          )}
        </form>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-indigo-700">Edit</summary>
        <form onSubmit={edit} noValidate className="mt-2 grid gap-2 sm:grid-cols-2" aria-label={`Edit ${props.name}`}>
          <input type="hidden" name="id" value={props.id} />
          <Field label="Name" name="name" id={`name-${props.id}`} defaultValue={props.name} error={errors.name} />
          <Field label="App key" name="appKey" id={`appKey-${props.id}`} defaultValue={props.appKey} error={errors.appKey} />
          <Field
            label="New app secret"
            name="appSecret"
            id={`appSecret-${props.id}`}
            type="password"
            autoComplete="off"
            placeholder="unchanged"
            error={errors.appSecret}
          />
          {props.environment === 'Production' ? (
            <Field label="Service id" name="serviceId" id={`serviceId-${props.id}`} defaultValue={props.serviceId ?? ''} error={errors.serviceId} />
          ) : null}
          <label className="flex items-center gap-2 sm:col-span-2">
            {/* Unticked checkboxes send nothing: "off" first, so the form always says which it is. */}
            <input type="hidden" name="writeBack" value="off" />
            <input type="checkbox" name="writeBack" defaultChecked={props.writeBack} /> Write decisions back to TikTok
          </label>
          <div className="sm:col-span-2">
            <Button type="submit" size="sm" variant="primary" disabled={saving}>
              Save
            </Button>
          </div>
        </form>
      </details>
      <ActionStatus result={connectResult} />
      <ActionStatus result={activeResult} success="Done." />
      <ActionStatus result={editResult} success="Saved." />
    </div>
  );
}
