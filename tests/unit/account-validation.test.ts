import { describe, expect, it } from 'vitest';
import { accountEnvironment } from '@/server/tiktok/environment';
import { createAccountSchema, describeAccountIssues, updateAccountSchema } from '@/features/accounts/schemas';

describe('account validation (shared by the CLI and the Accounts page)', () => {
  const valid = { name: 'Northwind', appKey: 'abc123', appSecret: 'supersecret' };

  it("defaults to TikTok's hosts, read-only", () => {
    expect(createAccountSchema.parse(valid)).toMatchObject({
      apiBaseUrl: 'https://open-api.tiktokglobalshop.com',
      authBaseUrl: 'https://auth.tiktok-shops.com',
      writeBack: false,
    });
  });

  it('derives the environment from the URLs and refuses anything else', () => {
    expect(accountEnvironment('https://open-api.tiktokglobalshop.com', 'https://auth.tiktok-shops.com')).toEqual({ ok: true, environment: 'Production' });
    expect(accountEnvironment('http://127.0.0.1:4010', 'http://localhost:4010')).toEqual({ ok: true, environment: 'Sandbox' });
    expect(accountEnvironment('http://open-api.tiktokglobalshop.com', 'https://auth.tiktok-shops.com')).toMatchObject({ ok: false });
    expect(accountEnvironment('https://tiktokglobalshop.com.evil.example', 'https://auth.tiktok-shops.com')).toMatchObject({ ok: false });
    const mixed = accountEnvironment('https://open-api.tiktokglobalshop.com', 'http://127.0.0.1:4010');
    expect(mixed.ok).toBe(false);
    expect(!mixed.ok && mixed.message).toMatch(/same TikTok/);
  });

  it('explains every bad value in words', () => {
    const result = createAccountSchema.safeParse({ name: '', appKey: 'a b', appSecret: 'short', apiBaseUrl: 'ftp://x', writeBack: 'yes' });
    expect(result.success).toBe(false);
    const message = describeAccountIssues(result.error!);
    expect(message).toMatch(/Enter a name for the account\./);
    expect(message).toMatch(/The app key must be/);
    expect(message).toMatch(/The app secret must be at least 8/);
    expect(message).toMatch(/The API base URL must be an http\(s\) URL\./);
    expect(message).toMatch(/Write-back must be on or off\./);
  });

  it('checks fields that only make sense together', () => {
    const message = describeAccountIssues(createAccountSchema.safeParse({ ...valid, accessToken: 'tokentokentoken' }).error!);
    expect(message).toMatch(/Give the access token's expiry with an access token\./);
  });

  it('parses ISO expiry dates and rejects other formats', () => {
    expect(createAccountSchema.parse({ ...valid, accessToken: 'TTP_abcdefgh', accessTokenExpiresAt: '2026-12-31T23:59:00Z' }).accessTokenExpiresAt).toEqual(
      new Date('2026-12-31T23:59:00Z'),
    );
    expect(createAccountSchema.safeParse({ ...valid, accessToken: 'TTP_abcdefgh', accessTokenExpiresAt: '31/12/2026' }).success).toBe(false);
  });

  it('refuses an empty update and unknown fields', () => {
    expect(describeAccountIssues(updateAccountSchema.safeParse({}).error!)).toBe('Nothing to update: change at least one field.');
    expect(createAccountSchema.safeParse({ ...valid, color: 'red' }).success).toBe(false);
  });
});
