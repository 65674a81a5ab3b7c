'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { AUTH_MESSAGES, fail, fieldErrorsOf, type ActionResult } from '@/lib/action-result';
import { appUrl, sandboxBaseUrl } from '@/server/config';
import { actorOf, authorizeAction } from '@/server/auth/current-user';
import { logError } from '@/server/log';
import { TIKTOK_API_BASE_URL, TIKTOK_AUTH_BASE_URL } from '@/server/tiktok/environment';
import { addAccount, changeAccountActive, editAccount, startConnect } from './mutations';
import { createAccountSchema, updateAccountSchema } from './schemas';

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const idSchema = z.coerce.number().int().positive();

/** The form's "TikTok" / "Sandbox" choice becomes base URLs; explicit URLs (advanced) win. */
function urls(form: FormData) {
  const environment = text(form, 'environment') === 'sandbox' ? 'sandbox' : 'production';
  return {
    apiBaseUrl: text(form, 'apiBaseUrl') ?? (environment === 'sandbox' ? sandboxBaseUrl() : TIKTOK_API_BASE_URL),
    authBaseUrl: text(form, 'authBaseUrl') ?? (environment === 'sandbox' ? sandboxBaseUrl() : TIKTOK_AUTH_BASE_URL),
  };
}

async function gate(action: string) {
  return authorizeAction('admin', action);
}

/** The fields the add and edit forms share (add also takes the URLs). */
function accountFields(form: FormData) {
  return { name: text(form, 'name'), appKey: text(form, 'appKey'), appSecret: text(form, 'appSecret'), serviceId: text(form, 'serviceId'), writeBack: form.get('writeBack') === 'on' };
}

export async function createAccountAction(_previous: unknown, form: FormData): Promise<ActionResult<{ id: number }>> {
  const auth = await gate('account.create');
  if (!auth.ok) return fail(auth.code, AUTH_MESSAGES[auth.code]);
  const parsed = createAccountSchema.safeParse({ ...accountFields(form), ...urls(form) });
  if (!parsed.success) return fail('INVALID_INPUT', 'Check the highlighted fields.', fieldErrorsOf(parsed.error.issues));
  try {
    const result = await addAccount(actorOf(auth.user), parsed.data);
    if (!result.ok) return fail(result.code, result.message);
    revalidatePath('/accounts');
    return { ok: true, data: result.data, message: `Account added. Connect it to TikTok to start syncing.` };
  } catch (error) {
    logError('account.create_failed', { error });
    return fail('INTERNAL_ERROR', AUTH_MESSAGES.INTERNAL_ERROR);
  }
}

export async function updateAccountAction(_previous: unknown, form: FormData): Promise<ActionResult<{ id: number }>> {
  const auth = await gate('account.update');
  if (!auth.ok) return fail(auth.code, AUTH_MESSAGES[auth.code]);
  const id = idSchema.safeParse(form.get('id'));
  if (!id.success) return fail('INVALID_INPUT', 'Unknown account.');
  const parsed = updateAccountSchema.safeParse(accountFields(form));
  if (!parsed.success) return fail('INVALID_INPUT', 'Check the highlighted fields.', fieldErrorsOf(parsed.error.issues));
  try {
    const result = await editAccount(actorOf(auth.user), id.data, parsed.data);
    if (!result.ok) return fail(result.code, result.message);
    revalidatePath('/accounts');
    return { ok: true, data: result.data, message: 'Saved.' };
  } catch (error) {
    logError('account.update_failed', { error });
    return fail('INTERNAL_ERROR', AUTH_MESSAGES.INTERNAL_ERROR);
  }
}

export async function setAccountActiveAction(_previous: unknown, form: FormData): Promise<ActionResult<{ id: number }>> {
  const active = form.get('active') === 'true';
  const auth = await gate(active ? 'account.activate' : 'account.deactivate');
  if (!auth.ok) return fail(auth.code, AUTH_MESSAGES[auth.code]);
  const id = idSchema.safeParse(form.get('id'));
  if (!id.success) return fail('INVALID_INPUT', 'Unknown account.');
  const result = await changeAccountActive(actorOf(auth.user), id.data, active);
  if (!result.ok) return fail(result.code, result.message);
  revalidatePath('/accounts');
  return { ok: true, data: result.data, message: active ? 'Account activated.' : 'Account deactivated: it is no longer synced.' };
}

export async function connectAccountAction(_previous: unknown, form: FormData): Promise<ActionResult> {
  const auth = await gate('account.connect_start');
  if (!auth.ok) return fail(auth.code, AUTH_MESSAGES[auth.code]);
  const id = idSchema.safeParse(form.get('id'));
  if (!id.success) return fail('INVALID_INPUT', 'Unknown account.');
  const result = await startConnect(actorOf(auth.user), id.data, `${appUrl()}/accounts/callback`);
  if (!result.ok) return fail(result.code, result.message);
  redirect(result.data.url);
}
