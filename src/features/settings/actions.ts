'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { fail } from '@/lib/action-result';
import { defineAction, defineFormAction } from '@/server/action';
import { sendTestAlert } from '@/server/alerts/digest';
import { saveAlertSettings } from '@/server/alerts/settings';
import { audit } from '@/server/audit';
import { ALERT_FIELD_LABELS, alertSettingsFromForm, alertSettingsSchema, testAlertSchema } from './schemas';

const settingsForm = z.preprocess((raw) => alertSettingsFromForm(raw as Record<string, string | undefined>), alertSettingsSchema);

export const saveAlertSettingsAction = defineFormAction(
  { name: 'settings.alerts_save', role: 'admin', input: settingsForm, labels: ALERT_FIELD_LABELS },
  async (input, { actor, ipAddress }) => {
    await saveAlertSettings(input, actor.label);
    // What changed, never a secret: only whether one was set, kept or removed.
    const secretChange = (value: string | null | undefined) => (value === undefined ? 'kept' : value === null ? 'removed' : 'set');
    await audit({
      actor,
      action: 'settings.alerts_save',
      outcome: 'ok',
      details: {
        deadlineEnabled: input.deadlineEnabled,
        deadlineHours: input.deadlineHours,
        disagreementEnabled: input.disagreementEnabled,
        digestMinutes: input.digestMinutes,
        webhook: secretChange(input.webhookUrl),
        smtpPassword: secretChange(input.smtpPassword),
        smtpHost: input.smtpHost,
        emailTo: input.emailTo.length,
      },
      ipAddress,
    });
    revalidatePath('/settings');
    return { ok: true, data: null, message: 'Alert settings saved.' };
  },
);

export const sendTestAlertAction = defineAction(
  { name: 'settings.alerts_test', role: 'admin', input: testAlertSchema, invalid: 'Choose the webhook or email.' },
  async (input, { actor, ipAddress }) => {
    const result = await sendTestAlert(input.channel);
    await audit({ actor, action: 'settings.alerts_test', outcome: result.ok ? 'ok' : 'failed', details: { channel: input.channel }, ipAddress });
    revalidatePath('/settings');
    if (!result.ok) return fail('DELIVERY_FAILED', `The test ${input.channel === 'webhook' ? 'webhook' : 'email'} was not delivered: ${result.error}.`);
    return { ok: true, data: null, message: input.channel === 'webhook' ? 'Test message posted to the webhook.' : 'Test email handed to the mail server.' };
  },
);
