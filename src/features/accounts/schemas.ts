import { z } from 'zod';
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
    'must be an ISO date such as 2026-12-31T23:59:00Z',
  )
  .transform((text) => new Date(text));

const secret = (label: string) =>
  z
    .string()
    .trim()
    .min(8, `${label} must be at least 8 characters`)
    .max(512, `${label} is too long`)
    .refine((v) => !/\s/.test(v), `${label} must not contain spaces`);

const accountFields = {
  name: z.string().trim().min(1, 'name is required').max(100, 'name must be at most 100 characters'),
  shopId: z
    .string()
    .trim()
    .regex(/^\d{1,32}$/, "shop id must be TikTok's numeric shop id"),
  shopCipher: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_=+/-]{4,256}$/, 'shop cipher must be the `cipher` from Get Authorized Shops'),
  appKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{4,64}$/, 'app key must be 4 to 64 letters, digits, - or _'),
  serviceId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'service id must be the id shown in Partner Center'),
  appSecret: secret('app secret'),
  accessToken: secret('access token'),
  refreshToken: secret('refresh token'),
  accessTokenExpiresAt: isoDate,
  refreshTokenExpiresAt: isoDate,
  apiBaseUrl: z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^https?$/, error: 'API base URL must be an http(s) URL' }))
    .transform((u) => u.replace(/\/+$/, '')),
  authBaseUrl: z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^https?$/, error: 'auth base URL must be an http(s) URL' }))
    .transform((u) => u.replace(/\/+$/, '')),
  writeBack: z.boolean({ error: 'write-back must be on or off' }),
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
      ctx.addIssue({ code: 'custom', path: ['accessTokenExpiresAt'], message: 'access token expiry is required with an access token' });
    if (value.refreshToken && !value.refreshTokenExpiresAt)
      ctx.addIssue({ code: 'custom', path: ['refreshTokenExpiresAt'], message: 'refresh token expiry is required with a refresh token' });
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
    if (Object.values<unknown>(value).every((v) => v === undefined)) ctx.addIssue({ code: 'custom', path: [], message: 'nothing to update' });
    if (value.accessToken && !value.accessTokenExpiresAt)
      ctx.addIssue({ code: 'custom', path: ['accessTokenExpiresAt'], message: 'access token expiry is required with an access token' });
    if (value.refreshToken && !value.refreshTokenExpiresAt)
      ctx.addIssue({ code: 'custom', path: ['refreshTokenExpiresAt'], message: 'refresh token expiry is required with a refresh token' });
  });

export type CreateAccountInput = z.infer<typeof createAccountSchema>;
export type UpdateAccountInput = z.infer<typeof updateAccountSchema>;

/** "app key must be …; API base URL must be a URL" for CLI output and form summaries. */
export function describeAccountIssues(error: z.ZodError): string {
  return error.issues.map((issue) => issue.message).join('; ');
}
