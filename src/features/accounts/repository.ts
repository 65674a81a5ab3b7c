import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { accountEnvironment } from '@/server/tiktok/environment';
import type { CreateAccountInput, UpdateAccountInput } from '@/features/accounts/schemas';
import { ACCOUNTS_PER_PAGE, type AccountSearch } from '@/features/accounts/search-params';
import { sealSecret } from '@/server/crypto/secrets';
import { db } from '@/server/db';

/**
 * Shop accounts, as the CLI, the Accounts page and the sync see them. Secrets go in sealed and
 * never come out of this module except through ./session.ts; `accountSummarySelect` is what every
 * listing selects, so an encrypted column cannot end up in a page by accident.
 */

export type AccountErrorCode = 'NOT_FOUND' | 'ENVIRONMENT_CHANGE' | 'INVALID_URLS' | 'DUPLICATE_SHOP';

export class AccountError extends Error {
  override name = 'AccountError';
  constructor(
    readonly code: AccountErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const accountSummarySelect = {
  id: true,
  name: true,
  environment: true,
  shopId: true,
  shopCode: true,
  region: true,
  appKey: true,
  serviceId: true,
  apiBaseUrl: true,
  authBaseUrl: true,
  writeBack: true,
  active: true,
  accessTokenExpiresAt: true,
  refreshTokenExpiresAt: true,
  grantedScopes: true,
  syncWatermark: true,
  lastSyncAt: true,
  lastSyncOutcome: true,
  lastSyncError: true,
  lastSuccessfulSyncAt: true,
  createdAt: true,
} satisfies Prisma.ShopAccountSelect;

export type AccountSummary = Prisma.ShopAccountGetPayload<{ select: typeof accountSummarySelect }> & { connected: boolean };

function withConnected<T extends { accessTokenExpiresAt: Date | null; refreshTokenExpiresAt: Date | null }>(row: T & { shopCipherSet?: boolean }) {
  return { ...row, connected: Boolean(row.refreshTokenExpiresAt && row.refreshTokenExpiresAt > new Date()) };
}

function duplicateShop(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export async function createAccount(input: CreateAccountInput): Promise<{ id: number }> {
  const environment = accountEnvironment(input.apiBaseUrl, input.authBaseUrl);
  if (!environment.ok) throw new AccountError('INVALID_URLS', environment.message);
  try {
    return await db.shopAccount.create({
      data: {
        name: input.name,
        environment: environment.environment,
        shopId: input.shopId,
        shopCipher: input.shopCipher,
        appKey: input.appKey,
        serviceId: input.serviceId,
        appSecretEnc: sealSecret(input.appSecret),
        accessTokenEnc: input.accessToken ? sealSecret(input.accessToken) : null,
        accessTokenExpiresAt: input.accessTokenExpiresAt,
        refreshTokenEnc: input.refreshToken ? sealSecret(input.refreshToken) : null,
        refreshTokenExpiresAt: input.refreshTokenExpiresAt,
        apiBaseUrl: input.apiBaseUrl,
        authBaseUrl: input.authBaseUrl,
        writeBack: input.writeBack,
      },
      select: { id: true },
    });
  } catch (error) {
    if (duplicateShop(error)) throw new AccountError('DUPLICATE_SHOP', `another account already has shop id ${input.shopId}`);
    throw error;
  }
}

export async function updateAccount(id: number, input: UpdateAccountInput): Promise<{ id: number }> {
  const current = await db.shopAccount.findUnique({ where: { id }, select: { environment: true, apiBaseUrl: true, authBaseUrl: true } });
  if (!current) throw new AccountError('NOT_FOUND', `no account with id ${id}`);
  const environment = accountEnvironment(input.apiBaseUrl ?? current.apiBaseUrl, input.authBaseUrl ?? current.authBaseUrl);
  if (!environment.ok) throw new AccountError('INVALID_URLS', environment.message);
  if (environment.environment !== current.environment) {
    throw new AccountError(
      'ENVIRONMENT_CHANGE',
      `account ${id} is a ${current.environment} account and cannot be pointed at ${environment.environment === 'Sandbox' ? 'the sandbox' : 'TikTok'}; add a new account instead`,
    );
  }
  try {
    return await db.shopAccount.update({
      where: { id },
      data: {
        name: input.name,
        appKey: input.appKey,
        serviceId: input.serviceId,
        appSecretEnc: input.appSecret ? sealSecret(input.appSecret) : undefined,
        shopId: input.shopId,
        shopCipher: input.shopCipher,
        accessTokenEnc: input.accessToken ? sealSecret(input.accessToken) : undefined,
        accessTokenExpiresAt: input.accessTokenExpiresAt,
        refreshTokenEnc: input.refreshToken ? sealSecret(input.refreshToken) : undefined,
        refreshTokenExpiresAt: input.refreshTokenExpiresAt,
        apiBaseUrl: input.apiBaseUrl,
        authBaseUrl: input.authBaseUrl,
        writeBack: input.writeBack,
      },
      select: { id: true },
    });
  } catch (error) {
    if (duplicateShop(error)) throw new AccountError('DUPLICATE_SHOP', `another account already has shop id ${input.shopId}`);
    throw error;
  }
}

export async function setAccountActive(id: number, active: boolean): Promise<void> {
  const { count } = await db.shopAccount.updateMany({ where: { id }, data: { active } });
  if (count === 0) throw new AccountError('NOT_FOUND', `no account with id ${id}`);
}

export async function listAccounts(options: { activeOnly?: boolean } = {}): Promise<AccountSummary[]> {
  const rows = await db.shopAccount.findMany({ where: options.activeOnly ? { active: true } : {}, select: accountSummarySelect, orderBy: { id: 'asc' } });
  return rows.map(withConnected);
}

/** One account by id (the page names the one just connected, wherever it is in the list). */
export async function findAccount(id: number): Promise<AccountSummary | null> {
  const row = await db.shopAccount.findUnique({ where: { id }, select: accountSummarySelect });
  return row ? withConnected(row) : null;
}

function accountWhere(search: AccountSearch, now: Date): Prisma.ShopAccountWhereInput {
  const where: Prisma.ShopAccountWhereInput[] = [];
  if (search.q) {
    const q = search.q;
    where.push({
      OR: [{ name: { contains: q, mode: 'insensitive' } }, { shopId: { startsWith: q } }, { shopCode: { contains: q, mode: 'insensitive' } }],
    });
  }
  switch (search.state) {
    case 'failing':
      where.push({ active: true, lastSyncOutcome: { in: ['Failed', 'PartiallyFailed'] } });
      break;
    case 'never':
      where.push({ active: true, lastSuccessfulSyncAt: null });
      break;
    case 'unconnected':
      // What `connected` says: a refresh token still valid.
      where.push({ OR: [{ refreshTokenExpiresAt: null }, { refreshTokenExpiresAt: { lte: now } }] });
      break;
    case 'inactive':
      where.push({ active: false });
      break;
    default:
      break;
  }
  return { AND: where };
}

/** A page of the accounts matching the Accounts page's filters, by id, with the counts its header shows. */
export async function searchAccounts(
  search: AccountSearch,
): Promise<{ accounts: AccountSummary[]; matching: number; all: number; page: number; pageCount: number }> {
  const where = accountWhere(search, new Date());
  const [matching, all] = await Promise.all([db.shopAccount.count({ where }), db.shopAccount.count()]);
  const pageCount = Math.max(1, Math.ceil(matching / ACCOUNTS_PER_PAGE));
  const page = Math.min(search.page, pageCount);
  const rows = await db.shopAccount.findMany({
    where,
    select: accountSummarySelect,
    orderBy: { id: 'asc' },
    skip: (page - 1) * ACCOUNTS_PER_PAGE,
    take: ACCOUNTS_PER_PAGE,
  });
  return { accounts: rows.map(withConnected), matching, all, page, pageCount };
}
