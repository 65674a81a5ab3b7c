import { z } from 'zod';
import type { FieldLabels } from '@/lib/validation-messages';
import { accountEnvironment, TIKTOK_API_BASE_URL, TIKTOK_AUTH_BASE_URL } from '@/server/tiktok/environment';

/**
 * The one validation of shop account input, shared by the Accounts page and `npm run accounts`.
 * Messages name the field in words an admin understands.
 */

const isoDate = z
  .string()
  .trim()
  .refine(
    (text) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) && !Number.isNaN(Date.parse(text)),
    'Enter a date such as 2026-12-31T23:59:00Z.',
  )
  .transform((text) => new Date(text));

const secret = (label: string) =>
  z
    .string()
    .trim()
    .min(8, `The ${label} must be at least 8 characters.`)
    .max(512, `The ${label} must be at most 512 characters.`)
    .refine((v) => !/\s/.test(v), `The ${label} must not contain spaces.`);

const accountFields = {
  name: z.string().trim().min(1, 'Enter a name for the account.').max(100, 'The name must be at most 100 characters.'),
  shopId: z
    .string()
    .trim()
    .regex(/^\d{1,32}$/, "The shop id must be TikTok's numeric shop id."),
  shopCipher: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_=+/-]{4,256}$/, 'The shop cipher must be the `cipher` from Get Authorized Shops.'),
  appKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{4,64}$/, 'The app key must be 4 to 64 letters, digits, - or _.'),
  serviceId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'The service id must be the id shown in Partner Center.'),
  appSecret: secret('app secret'),
  accessToken: secret('access token'),
  refreshToken: secret('refresh token'),
  accessTokenExpiresAt: isoDate,
  refreshTokenExpiresAt: isoDate,
  apiBaseUrl: z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^https?$/, error: 'The API base URL must be an http(s) URL.' }))
    .transform((u) => u.replace(/\/+$/, '')),
  authBaseUrl: z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^https?$/, error: 'The auth base URL must be an http(s) URL.' }))
    .transform((u) => u.replace(/\/+$/, '')),
  writeBack: z.boolean({ error: 'Write-back must be on or off.' }),
};

export const createAccountSchema = z
  .object({
    name: accountFields.name,
    appKey: accountFields.appKey,
    appSecret: accountFields.appSecret,
    serviceId: accountFields.serviceId.optional(),
    shopId: accountFields.shopId.optional(),
    shopCipher: accountFields.shopCipher.optional(),
    accessToken: accountFields.accessToken.optional(),
    refreshToken: accountFields.refreshToken.optional(),
    accessTokenExpiresAt: accountFields.accessTokenExpiresAt.optional(),
    refreshTokenExpiresAt: accountFields.refreshTokenExpiresAt.optional(),
    apiBaseUrl: accountFields.apiBaseUrl.default(TIKTOK_API_BASE_URL),
    authBaseUrl: accountFields.authBaseUrl.default(TIKTOK_AUTH_BASE_URL),
    writeBack: accountFields.writeBack.default(false),
  })
  .strict()
  .superRefine((value, ctx) => {
    const environment = accountEnvironment(value.apiBaseUrl, value.authBaseUrl);
    if (!environment.ok) ctx.addIssue({ code: 'custom', path: ['apiBaseUrl'], message: environment.message });
    if (value.accessToken && !value.accessTokenExpiresAt)
      ctx.addIssue({ code: 'custom', path: ['accessTokenExpiresAt'], message: "Give the access token's expiry with an access token." });
    if (value.refreshToken && !value.refreshTokenExpiresAt)
      ctx.addIssue({ code: 'custom', path: ['refreshTokenExpiresAt'], message: "Give the refresh token's expiry with a refresh token." });
  });

export const updateAccountSchema = z
  .object({
    name: accountFields.name.optional(),
    appKey: accountFields.appKey.optional(),
    appSecret: accountFields.appSecret.optional(),
    serviceId: accountFields.serviceId.optional(),
    shopId: accountFields.shopId.optional(),
    shopCipher: accountFields.shopCipher.optional(),
    accessToken: accountFields.accessToken.optional(),
    refreshToken: accountFields.refreshToken.optional(),
    accessTokenExpiresAt: accountFields.accessTokenExpiresAt.optional(),
    refreshTokenExpiresAt: accountFields.refreshTokenExpiresAt.optional(),
    apiBaseUrl: accountFields.apiBaseUrl.optional(),
    authBaseUrl: accountFields.authBaseUrl.optional(),
    writeBack: accountFields.writeBack.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (Object.values<unknown>(value).every((v) => v === undefined))
      ctx.addIssue({ code: 'custom', path: [], message: 'Nothing to update: change at least one field.' });
    if (value.accessToken && !value.accessTokenExpiresAt)
      ctx.addIssue({ code: 'custom', path: ['accessTokenExpiresAt'], message: "Give the access token's expiry with an access token." });
    if (value.refreshToken && !value.refreshTokenExpiresAt)
      ctx.addIssue({ code: 'custom', path: ['refreshTokenExpiresAt'], message: "Give the refresh token's expiry with a refresh token." });
  });

export type CreateAccountInput = z.infer<typeof createAccountSchema>;
export type UpdateAccountInput = z.infer<typeof updateAccountSchema>;

/** How error sentences name the account fields (src/lib/validation-messages.ts), on the Accounts page and in the CLI. */
export const ACCOUNT_FIELD_LABELS = {
  name: 'a name for the account',
  appKey: "the shop's app key",
  appSecret: "the shop's app secret",
  serviceId: 'the service id',
  shopId: 'the shop id',
  shopCipher: 'the shop cipher',
  accessToken: 'the access token',
  refreshToken: 'the refresh token',
  accessTokenExpiresAt: "the access token's expiry",
  refreshTokenExpiresAt: "the refresh token's expiry",
  apiBaseUrl: 'the API base URL',
  authBaseUrl: 'the auth base URL',
  writeBack: 'write-back',
  id: 'the account',
} as const satisfies FieldLabels;

/** "The app key must be …. The API base URL must be …" for CLI output: every sentence, in order. */
export function describeAccountIssues(error: z.ZodError): string {
  return error.issues.map((issue) => issue.message).join(' ');
}
