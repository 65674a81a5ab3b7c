import { describe, expect, it } from 'vitest';
import { alertSettingsFromForm, alertSettingsSchema } from '@/features/settings/schemas';

const base = { deadlineEnabled: 'on', deadlineHours: '12', disagreementEnabled: 'on', digestMinutes: '30' };
const parse = (form: Record<string, string>) => alertSettingsSchema.safeParse(alertSettingsFromForm({ ...base, ...form }));
const messages = (form: Record<string, string>) => {
  const result = parse(form);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('alert settings form', () => {
  it('keeps a saved secret when its field is left blank, and removes it only when asked', () => {
    expect(parse({ webhookUrl: '' }).data?.webhookUrl).toBeUndefined();
    expect(parse({ webhookUrl: '', removeWebhook: 'on' }).data?.webhookUrl).toBeNull();
    expect(parse({ webhookUrl: 'https://hooks.slack.com/services/T/B/X' }).data?.webhookUrl).toBe('https://hooks.slack.com/services/T/B/X');
    expect(parse({ smtpPassword: '' }).data?.smtpPassword).toBeUndefined();
    expect(parse({ smtpPassword: 'x', removeSmtpPassword: 'on' }).data?.smtpPassword).toBeNull();
  });

  it('takes https webhooks anywhere and plain http only to this machine', () => {
    expect(messages({ webhookUrl: 'http://127.0.0.1:9/hook' })).toEqual([]);
    expect(messages({ webhookUrl: 'http://localhost/hook' })).toEqual([]);
    expect(messages({ webhookUrl: 'http://hooks.example.com/x' })).toEqual(['webhookUrl: The webhook URL must use https (plain http only to localhost).']);
    expect(messages({ webhookUrl: 'ftp://example.com' })[0]).toMatch(/The webhook URL must be an http\(s\) URL/);
    expect(messages({ webhookUrl: 'not a url' })[0]).toMatch(/The webhook URL must be an http\(s\) URL/);
  });

  it('needs a server, a sender and a recipient once any part of email is filled in', () => {
    expect(messages({ emailTo: 'a@shop.test' })).toEqual(['smtpHost: Enter the mail server to send email.', 'emailFrom: Enter the sender to send email.']);
    expect(messages({ smtpHost: 'smtp.shop.test', emailFrom: 'r@shop.test', emailTo: 'a@shop.test; b@shop.test' })).toEqual([]);
    expect(parse({ smtpHost: 'smtp.shop.test', emailFrom: 'r@shop.test', emailTo: 'a@shop.test; b@shop.test' }).data?.emailTo).toEqual([
      'a@shop.test',
      'b@shop.test',
    ]);
    expect(messages({ smtpHost: 'smtp.shop.test', emailFrom: 'r@shop.test', emailTo: 'a@shop.test, nobody' })[0]).toMatch(
      /Enter an email address such as name@example\.com\./,
    );
    expect(messages({ smtpHost: 'smtp shop', emailFrom: 'r@shop.test', emailTo: 'a@shop.test' })[0]).toMatch(/The mail server must be a host name/);
  });

  it('refuses numbers out of range with the field named', () => {
    expect(messages({ deadlineHours: '0' })).toEqual(['deadlineHours: The deadline threshold must be at least 1.']);
    expect(messages({ deadlineHours: '169' })).toEqual(['deadlineHours: The deadline threshold must be at most 168.']);
    expect(messages({ digestMinutes: '2.5' })).toEqual(['digestMinutes: The digest interval must be a whole number.']);
    expect(messages({ digestMinutes: 'soon' })).toEqual(['digestMinutes: The digest interval must be a number.']);
    expect(messages({ smtpPort: '70000' })[0]).toMatch(/The port must be at most 65535\./);
    expect(parse({ smtpPort: '' }).data?.smtpPort).toBeNull();
    expect(parse({}).data).toMatchObject({ deadlineEnabled: true, smtpSecure: false, smtpHost: null, emailTo: [] });
  });
});
