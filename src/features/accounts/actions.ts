'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { fail } from '@/lib/action-result';
import { defineFormAction } from '@/server/action';
import { appUrl, sandboxBaseUrl } from '@/server/config';
import { TIKTOK_API_BASE_URL, TIKTOK_AUTH_BASE_URL } from '@/server/tiktok/environment';
import { addAccount, changeAccountActive, editAccount, startConnect } from './mutations';
import { createAccountSchema, updateAccountSchema } from './schemas';

/** The Accounts page's forms, as plain objects of strings, turned into the shared account input. */
type Form = Record<string, string | undefined>;

const text = (form: Form, name: string) => {
  const value = form[name]?.trim();
  return value ? value : undefined;
};

const idField = z.coerce
  .number({ error: 'Unknown account.' })
  .int()
  .positive()
  .max(2 ** 31 - 1, 'Unknown account.');

/** The fields the add and edit forms share (add also takes the URLs). */
function accountFields(form: Form) {
  return {
    name: text(form, 'name'),
    appKey: text(form, 'appKey'),
    appSecret: text(form, 'appSecret'),
    serviceId: text(form, 'serviceId'),
    // The edit form sends "off" before its checkbox (which adds "on" when ticked); a form or a
    // caller without the field leaves write-back as it is (absent never means off).
    writeBack: form.writeBack === 'on' ? true : form.writeBack === 'off' ? false : undefined,
  };
}

/** The form's "TikTok" / "Sandbox" choice becomes base URLs; explicit URLs (advanced) win. */
function urls(form: Form) {
  const sandbox = text(form, 'environment') === 'sandbox';
  return {
    apiBaseUrl: text(form, 'apiBaseUrl') ?? (sandbox ? sandboxBaseUrl() : TIKTOK_API_BASE_URL),
    authBaseUrl: text(form, 'authBaseUrl') ?? (sandbox ? sandboxBaseUrl() : TIKTOK_AUTH_BASE_URL),
  };
}

/** A schema over a form's fields, reshaped by `map` first. */
const fromForm = <S extends z.ZodType>(map: (form: Form) => unknown, schema: S) => z.preprocess((raw) => map(raw as Form), schema);

const createForm = fromForm((form) => ({ ...accountFields(form), ...urls(form) }), createAccountSchema);
const updateForm = fromForm((form) => ({ id: form.id, fields: accountFields(form) }), z.object({ id: idField, fields: updateAccountSchema }));
const activeForm = fromForm((form) => ({ id: form.id, active: form.active === 'true' }), z.object({ id: idField, active: z.boolean() }));
const idForm = z.object({ id: idField });

export const createAccountAction = defineFormAction({ name: 'account.create', role: 'admin', input: createForm }, async (input, { actor }) => {
  const result = await addAccount(actor, input);
  if (!result.ok) return fail(result.code, result.message);
  revalidatePath('/accounts');
  return { ok: true, data: result.data, message: 'Account added. Connect it to TikTok to start syncing.' };
});

export const updateAccountAction = defineFormAction({ name: 'account.update', role: 'admin', input: updateForm }, async (input, { actor }) => {
  const result = await editAccount(actor, input.id, input.fields);
  if (!result.ok) return fail(result.code, result.message);
  revalidatePath('/accounts');
  return { ok: true, data: result.data, message: 'Saved.' };
});

export const setAccountActiveAction = defineFormAction(
  { name: 'account.set_active', role: 'admin', input: activeForm, invalid: 'Unknown account.' },
  async (input, { actor }) => {
    const result = await changeAccountActive(actor, input.id, input.active);
    if (!result.ok) return fail(result.code, result.message);
    revalidatePath('/accounts');
    return { ok: true, data: result.data, message: input.active ? 'Account activated.' : 'Account deactivated: it is no longer synced.' };
  },
);

export const connectAccountAction = defineFormAction(
  { name: 'account.connect_start', role: 'admin', input: idForm, invalid: 'Unknown account.' },
  async (input, { actor }) => {
    const result = await startConnect(actor, input.id, `${appUrl()}/accounts/callback`);
    if (!result.ok) return fail(result.code, result.message);
    redirect(result.data.url);
  },
);
