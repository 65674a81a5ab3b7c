import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exchangeAuthCode, refreshTokenPair } from '@/server/tiktok/auth';
import { TikTokApiError } from '@/server/tiktok/errors';
import { createTransport } from '@/server/tiktok/http';
import type { MarketplaceRefund } from '@/server/tiktok/types';
import { control, FAST_RETRIES, sandboxClient, startTestSandbox } from '../support/sandbox';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

async function allPages(fetch: (token?: string) => Promise<{ items: MarketplaceRefund[]; nextPageToken: string | null; totalCount: number | null }>) {
  const items: MarketplaceRefund[] = [];
  const tokens: string[] = [];
  let token: string | undefined;
  let total: number | null = null;
  do {
    const page = await fetch(token);
    total ??= page.totalCount;
    items.push(...page.items);
    token = page.nextPageToken ?? undefined;
    if (token) tokens.push(token);
  } while (token);
  return { items, tokens, total };
}

/** Requests of a shop that TikTok holds for a seller decision of the given kind. */
async function waitingFor(client: ReturnType<typeof sandboxClient>, action: string): Promise<MarketplaceRefund[]> {
  const { items } = await allPages((token) => client.searchReturns({ pageSize: 50 }, token));
  return items.filter((i) => i.nextActions.some((a) => a.action === action));
}

async function rejection(promise: Promise<unknown>): Promise<TikTokApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TikTokApiError) return error;
    throw error;
  }
  throw new Error('expected a TikTokApiError');
}

describe('TikTok client against the sandbox over HTTP', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => sandbox.close());
  beforeEach(() => {
    sandbox.faults.clear();
  });

  describe('reading', () => {
    it('pages through every return of a shop in update_time order, with raw-signed page tokens', async () => {
      const client = sandboxClient(sandbox, 0);
      const { items, tokens, total } = await allPages((token) => client.searchReturns({ pageSize: 10 }, token));
      const truth = await control<{ shops: { returns: { return_id: string }[] }[] }>(sandbox, '/truth');
      expect(items.map((i) => i.id)).toEqual(truth.shops[0]!.returns.map((r) => r.return_id));
      expect(total).toBe(items.length);
      expect(tokens.some((t) => /[=+/]/.test(t))).toBe(true);
      const times = items.map((i) => i.updatedAt.getTime());
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(items.every((i) => i.kind === 'Return' && /^\d{19}$/.test(i.id))).toBe(true);
    });

    it('keeps its connection between pages instead of opening one per request', async () => {
      const client = sandboxClient(sandbox, 0);
      const requests = sandbox.stats.api;
      const connections = sandbox.stats.connections;
      const { tokens } = await allPages((token) => client.searchReturns({ pageSize: 5 }, token));
      expect(tokens.length).toBeGreaterThanOrEqual(5);
      expect(sandbox.stats.api - requests).toBe(tokens.length + 1);
      // Pages are requested one after another: one connection serves them all (it was one per
      // page while the sandbox announced a 1 s keep-alive, which Node's agent never reuses).
      expect(sandbox.stats.connections - connections).toBeLessThanOrEqual(1);
    });

    it('pages through cancellations and filters by update time window', async () => {
      const client = sandboxClient(sandbox, 1);
      const all = await allPages((token) => client.searchCancellations({ pageSize: 7 }, token));
      expect(all.items.length).toBeGreaterThan(5);
      const middle = all.items[Math.floor(all.items.length / 2)]!.updatedAt;
      const later = await allPages((token) => client.searchCancellations({ updatedFrom: middle, pageSize: 50 }, token));
      expect(later.items.every((i) => i.updatedAt >= middle)).toBe(true);
      expect(later.items.length).toBe(all.items.filter((i) => i.updatedAt.getTime() >= middle.getTime()).length);
    });

    it('finds one request by id, reads its TikTok timeline and its reject reasons', async () => {
      const client = sandboxClient(sandbox, 0);
      const waiting = (await waitingFor(client, 'SELLER_RESPOND_REFUND'))[0]!;
      expect(waiting).toBeDefined();
      expect((await client.findRefund('Return', waiting.id))?.id).toBe(waiting.id);
      expect(await client.findRefund('Return', '4035999999999999999')).toBeNull();
      const records = await client.getReturnRecords(waiting.id);
      expect(records[0]).toMatchObject({ role: 'BUYER' });
      expect(records[0]?.description).toMatch(/requested/);
      const reasons = await client.getRejectReasons(waiting.id);
      expect(reasons.length).toBeGreaterThan(0);
      expect(reasons[0]?.name).toMatch(/reject/);
      expect(reasons[0]?.text).toBeTypeOf('string');
    });

    it('reads the authorized shop and its cipher (without sending a shop_cipher)', async () => {
      const { shops, leftOut } = await sandboxClient(sandbox, 1).getAuthorizedShops();
      expect(leftOut).toEqual([]);
      expect(shops).toEqual([expect.objectContaining({ shopId: sandbox.state.shops[1]!.shopId, cipher: sandbox.state.shops[1]!.cipher })]);
    });
  });

  describe('writing', () => {
    it('approves a refund once per idempotency key, and TikTok moves the request on', async () => {
      const client = sandboxClient(sandbox, 0);
      const waiting = (await waitingFor(client, 'SELLER_RESPOND_REFUND'))[1]!;
      await client.approveReturn(waiting.id, 'APPROVE_REFUND', 'key-approve-1');
      // A retried call with the same key answers success and changes nothing more.
      await client.approveReturn(waiting.id, 'APPROVE_REFUND', 'key-approve-1');
      const after = await client.findRefund('Return', waiting.id);
      expect(after?.status).toBe('RETURN_OR_REFUND_REQUEST_SUCCESS');
      // A new decision on a request no longer waiting for the seller is refused with TikTok's code.
      const error = await rejection(client.rejectReturn(waiting.id, { decision: 'REJECT_REFUND', reason: 'reverse_reject_request_reason_4' }, 'key-reject-1'));
      expect(error).toMatchObject({ kind: 'rejected', code: 25020010 });
    });

    it('refuses a decision that does not match what TikTok waits for, and an unknown reject reason', async () => {
      const client = sandboxClient(sandbox, 0);
      const waiting = (await waitingFor(client, 'SELLER_RESPOND_RETURN'))[0]!;
      expect(await rejection(client.approveReturn(waiting.id, 'APPROVE_REFUND', 'k-mismatch'))).toMatchObject({ code: 25020004, kind: 'rejected' });
      expect(await rejection(client.rejectReturn(waiting.id, { decision: 'REJECT_RETURN', reason: 'made_up' }, 'k-reason'))).toMatchObject({ code: 25001014 });
      await client.rejectReturn(waiting.id, { decision: 'REJECT_RETURN', reason: 'reverse_reject_request_reason_1', comment: 'Item was used' }, 'k-reject-ok');
      expect((await client.findRefund('Return', waiting.id))?.status).toBe('REFUND_OR_RETURN_REQUEST_REJECT');
    });

    it('approves and rejects cancellations', async () => {
      for (const shopIndex of [0, 1]) {
        const client = sandboxClient(sandbox, shopIndex);
        const waiting = (await allPages((t) => client.searchCancellations({ pageSize: 50 }, t))).items.filter((i) =>
          i.nextActions.some((a) => a.action === 'SELLER_RESPOND_CANCEL'),
        );
        if (waiting.length < 2) continue;
        await client.approveCancellation(waiting[0]!.id, 'k-cancel-approve');
        expect((await client.findRefund('Cancellation', waiting[0]!.id))?.status).toBe('CANCELLATION_REQUEST_SUCCESS');
        const reasons = await client.getRejectReasons(waiting[1]!.id);
        await client.rejectCancellation(waiting[1]!.id, { reason: reasons[0]!.name }, 'k-cancel-reject');
        expect((await client.findRefund('Cancellation', waiting[1]!.id))?.status).toBe('CANCELLATION_REQUEST_CANCELLED');
        return;
      }
      throw new Error('no shop with two cancellations awaiting the seller');
    });
  });

  describe('authentication errors are reported, never retried', () => {
    it('a wrong app secret gives 106001', async () => {
      const before = sandbox.stats.api;
      const error = await rejection(sandboxClient(sandbox, 0, { appSecret: 'not-the-secret' }).searchReturns({}));
      expect(error).toMatchObject({ kind: 'signature', code: 106001, httpStatus: 401 });
      expect(error.requestId).toMatch(/^\d{14}[0-9A-F]{20}$/);
      expect(sandbox.stats.api - before).toBe(1);
      expect(error.message).not.toContain('not-the-secret');
    });

    it('a cipher of another shop gives 101000; an unknown token 36009004', async () => {
      expect(await rejection(sandboxClient(sandbox, 0, { shopCipher: sandbox.state.shops[1]!.cipher }).searchReturns({}))).toMatchObject({
        kind: 'permission',
        code: 101000,
      });
      const badToken = { accessToken: () => Promise.resolve('TTP_forged.token'), renewAfterRejection: () => Promise.resolve('TTP_forged.token') };
      expect(await rejection(sandboxClient(sandbox, 0, { tokens: badToken }).searchReturns({}))).toMatchObject({ kind: 'signature', code: 36009004 });
    });

    it('a stale timestamp and a tampered body are refused', async () => {
      const { signRequest } = await import('@/server/tiktok/sign');
      const query = {
        app_key: sandbox.profile.appKey,
        timestamp: String(Math.floor(Date.now() / 1000) - 3600),
        shop_cipher: sandbox.state.shops[0]!.cipher,
        page_size: '10',
      };
      const path = '/return_refund/202309/returns/search';
      const sign = signRequest({ path, query, body: '{}', appSecret: sandbox.profile.appSecret });
      const { sandboxToken } = await import('../support/sandbox');
      const headers = { 'x-tts-access-token': sandboxToken(sandbox.profile, 0), 'content-type': 'application/json' };
      const stale = await fetch(`${sandbox.url}${path}?${new URLSearchParams({ ...query, sign })}`, { method: 'POST', headers, body: '{}' });
      expect(await stale.json()).toMatchObject({ code: 36009004, message: 'Invalid timestamp' });
      const fresh = { ...query, timestamp: String(Math.floor(Date.now() / 1000)) };
      const freshSign = signRequest({ path, query: fresh, body: '{}', appSecret: sandbox.profile.appSecret });
      const tampered = await fetch(`${sandbox.url}${path}?${new URLSearchParams({ ...fresh, sign: freshSign })}`, { method: 'POST', headers, body: '{ }' });
      expect(tampered.status).toBe(401);
      expect(await tampered.json()).toMatchObject({ code: 106001 });
    });
  });

  describe('faults are retried with backoff until they pass', () => {
    const cases = [
      { kind: 'rate_limit', times: 2, retryAfterSeconds: 1 },
      { kind: 'server_error', times: 3 },
      { kind: 'drop', times: 2 },
      { kind: 'malformed_json', times: 1 },
      { kind: 'timeout', times: 1, delayMs: 3000 },
    ] as const;
    for (const rule of cases) {
      it(`${rule.kind} × ${rule.times}`, async () => {
        await control(sandbox, '/faults', { rules: [{ ...rule, match: '/returns/search' }] });
        const before = sandbox.stats.byPath['/return_refund/202309/returns/search'] ?? 0;
        const started = Date.now();
        const page = await sandboxClient(sandbox, 0, { transport: { timeoutMs: 1000 } }).searchReturns({ pageSize: 10 });
        expect(page.items.length).toBe(10);
        expect((sandbox.stats.byPath['/return_refund/202309/returns/search'] ?? 0) - before).toBe(rule.times + 1);
        if (rule.kind === 'rate_limit') expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      });
    }

    it('gives up after its retries with the last error, and fails fast on a Retry-After beyond the cap', async () => {
      await control(sandbox, '/faults', { rules: [{ kind: 'server_error', times: -1 }] });
      const error = await rejection(sandboxClient(sandbox, 0, { transport: { retries: 2 } }).searchReturns({}));
      expect(error).toMatchObject({ kind: 'server', code: 36009003, httpStatus: 500 });
      await control(sandbox, '/faults', { rules: [{ kind: 'rate_limit', times: -1, retryAfterSeconds: 600 }] });
      const before = sandbox.stats.api;
      const limited = await rejection(sandboxClient(sandbox, 0, { transport: { maxRetryAfterMs: 5000 } }).searchReturns({}));
      expect(limited).toMatchObject({ kind: 'rate_limited', code: 36009002, httpStatus: 429 });
      expect(sandbox.stats.api - before).toBe(1);
    });

    it('renews the token once on 105002 and retries the call', async () => {
      await control(sandbox, '/faults', { rules: [{ kind: 'expired_token', times: 1 }] });
      let renewals = 0;
      const { sandboxToken } = await import('../support/sandbox');
      const tokens = {
        accessToken: () => Promise.resolve(sandboxToken(sandbox.profile, 0)),
        renewAfterRejection: () => Promise.resolve((renewals++, sandboxToken(sandbox.profile, 0))),
      };
      const page = await sandboxClient(sandbox, 0, { tokens }).searchReturns({ pageSize: 10 });
      expect(page.items).toHaveLength(10);
      expect(renewals).toBe(1);
    });
  });

  describe('authorization', () => {
    it('exchanges a consent code for tokens once, and refreshes them', async () => {
      const consent = await fetch(`${sandbox.url}/open/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ decision: 'allow', shop: '1', state: 'xyz', redirect_uri: 'http://127.0.0.1:3000/accounts/callback' }),
      });
      expect(consent.status).toBe(302);
      const location = new URL(consent.headers.get('location')!);
      expect(location.searchParams.get('state')).toBe('xyz');
      const code = location.searchParams.get('code')!;
      const transport = createTransport(FAST_RETRIES);
      const app = { authBaseUrl: sandbox.url, appKey: sandbox.profile.appKey, appSecret: sandbox.profile.appSecret, rateKey: 'auth' };
      const pair = await exchangeAuthCode(transport, app, code);
      expect(pair.accessToken).toMatch(/^TTP_/);
      expect(pair.accessTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 6 * 86400_000);
      expect(pair.grantedScopes).toContain('seller.return_refund.basic');
      // Codes are single-use.
      expect(await rejection(exchangeAuthCode(transport, app, code))).toMatchObject({ code: 36004004 });
      const refreshed = await refreshTokenPair(transport, app, pair.refreshToken);
      expect(refreshed.accessToken).not.toBe(pair.accessToken);
      expect(await rejection(refreshTokenPair(transport, { ...app, appSecret: 'wrong-secret' }, pair.refreshToken))).toMatchObject({ code: 36004004 });
    });
  });
});
