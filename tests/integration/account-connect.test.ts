import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount, completeConnect, startConnect } from '@/features/accounts/mutations';
import { createAccountSchema } from '@/features/accounts/schemas';
import { db } from '@/server/db';
import { decryptSecret, parseEncryptionKey } from '@/server/crypto/envelope';
import { startTestSandbox } from '../support/sandbox';

const admin = { id: 'admin-1', label: 'admin@test.dev' };

/** What the seller's browser does on the sandbox's consent page: pick a shop, authorize, follow the redirect. */
async function consent(authorizeUrl: string, shop: number, decision = 'allow') {
  const url = new URL(authorizeUrl);
  const response = await fetch(`${url.origin}/open/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      decision,
      shop: String(shop),
      state: url.searchParams.get('state')!,
      redirect_uri: url.searchParams.get('redirect_uri')!,
      service_id: 'sandbox',
    }),
  });
  return new URL(response.headers.get('location')!).searchParams;
}

describe("connecting a shop through TikTok's authorization flow (sandbox)", () => {
  let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => sandbox.close());

  async function newAccount(name: string) {
    const input = createAccountSchema.parse({
      name,
      appKey: sandbox.profile.appKey,
      appSecret: sandbox.profile.appSecret,
      apiBaseUrl: sandbox.url,
      authBaseUrl: sandbox.url,
    });
    const result = await addAccount(admin, input);
    if (!result.ok) throw new Error(result.message);
    return result.data.id;
  }

  it('checks the state, exchanges the code, reads the shop and cipher, and stores the tokens sealed', async () => {
    const id = await newAccount('Connect me');
    const started = await startConnect(admin, id, 'http://127.0.0.1:3000/accounts/callback');
    expect(started.ok).toBe(true);
    const authorizeUrl = (started as { data: { url: string } }).data.url;
    expect(authorizeUrl).toMatch(new RegExp(`^${sandbox.url}/open/authorize\\?`));
    const back = await consent(authorizeUrl, 1);
    const done = await completeConnect(admin, { state: back.get('state'), code: back.get('code') });
    expect(done).toEqual({ ok: true, data: { id, shopName: sandbox.state.shops[1]!.name } });
    const account = await db.shopAccount.findUniqueOrThrow({ where: { id } });
    expect(account).toMatchObject({
      shopId: sandbox.state.shops[1]!.shopId,
      shopCipher: sandbox.state.shops[1]!.cipher,
      region: sandbox.state.shops[1]!.market.region,
    });
    expect(decryptSecret(account.accessTokenEnc!, parseEncryptionKey(process.env.APP_ENCRYPTION_KEY))).toMatch(/^TTP_/);
    expect(account.grantedScopes).toContain('seller.return_refund.basic');
    // The same answer replayed is refused: the state is single-use.
    expect(await completeConnect(admin, { state: back.get('state'), code: back.get('code') })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    const audits = await db.auditLog.findMany({ where: { targetId: String(id), action: { startsWith: 'account.' } }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => `${a.action}:${a.outcome}`)).toEqual(['account.create:ok', 'account.connect_start:ok', 'account.connect:ok']);
    expect(await db.auditLog.count({ where: { action: 'account.connect', outcome: 'failed', details: { path: ['reason'], equals: 'INVALID_STATE' } } })).toBe(
      1,
    );
  });

  it('refuses a state started by another admin, an unknown state, and a cancelled authorization', async () => {
    const id = await newAccount('Not yours');
    const started = (await startConnect(admin, id, 'http://127.0.0.1:3000/accounts/callback')) as { ok: true; data: { url: string } };
    const back = await consent(started.data.url, 0);
    expect(await completeConnect({ id: 'someone-else', label: 'x' }, { state: back.get('state'), code: back.get('code') })).toMatchObject({
      ok: false,
      code: 'INVALID_STATE',
    });
    expect(await completeConnect(admin, { state: 'forged', code: back.get('code') })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    const again = (await startConnect(admin, id, 'http://127.0.0.1:3000/accounts/callback')) as { ok: true; data: { url: string } };
    const denied = await consent(again.data.url, 0, 'deny');
    expect(await completeConnect(admin, { state: denied.get('state'), code: denied.get('code'), error: denied.get('error') })).toMatchObject({
      ok: false,
      code: 'DENIED',
    });
    expect((await db.shopAccount.findUniqueOrThrow({ where: { id } })).accessTokenEnc).toBeNull();
  });

  it('needs a service id before sending an admin to TikTok itself', async () => {
    const input = createAccountSchema.parse({ name: 'Real', appKey: 'realapp1', appSecret: 'real-secret-1' });
    const created = await addAccount(admin, input);
    const id = (created as { ok: true; data: { id: number } }).data.id;
    expect(await startConnect(admin, id, 'https://panel/cb')).toMatchObject({ ok: false, code: 'NEEDS_SERVICE_ID' });
    await db.shopAccount.update({ where: { id }, data: { serviceId: '7123' } });
    const started = (await startConnect(admin, id, 'https://panel/cb')) as { ok: true; data: { url: string } };
    expect(started.data.url).toMatch(/^https:\/\/services\.tiktokshop\.com\/open\/authorize\?service_id=7123&state=[A-Za-z0-9_-]{32}$/);
  });
});
