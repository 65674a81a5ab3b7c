import { describe, expect, it } from 'vitest';
import { signRequest, signWebhook } from '@/server/tiktok/sign';

/** Published and reproduced vectors from the API doc, section 2.4 and 6.3. */
describe('TikTok request signature', () => {
  it('V1: the official worked example (GET, no body)', () => {
    expect(signRequest({ path: '/authorization/202309/shops', query: { app_key: '29a39d', timestamp: '1623812664' }, appSecret: 'e59af819cc' })).toBe(
      'b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8',
    );
  });

  it('V2 and V3: with shop_cipher, and with the exact body bytes of a PUT', () => {
    const query = { app_key: '68xu9ks5p4i8', shop_cipher: 'ROW_xkMbgAAAeVAQra0eZWebFQq5aIK', timestamp: '1696909648' };
    expect(signRequest({ path: '/event/202309/webhooks', query, appSecret: 'e59af819cc' })).toBe(
      'ed58e1b5e59865c22a7b828c1cab65007441f43cc91a6cb2f2cdc638e0995a37',
    );
    expect(
      signRequest({
        path: '/event/202309/webhooks',
        query,
        body: '{"event_type":"PACKAGE_UPDATE","address":"https://partner.tiktokshop.com"}',
        appSecret: 'e59af819cc',
      }),
    ).toBe('701dd6deb2389fe4c469b89bd37fc56f96a6da6afeb4d01c9077a65169752fa7');
  });

  it('V4: the toy vector (only foo=bar)', () => {
    expect(signRequest({ path: '/test-api', query: { foo: 'bar' }, appSecret: 'app_secret' })).toBe(
      'd3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f',
    );
  });

  const common = { app_key: 'demoappkey01', timestamp: '1700000000', shop_cipher: 'ROW_DemoCipher_AAAA' };
  const secret = 'demo_app_secret_0123456789';

  it('W1: Search Returns with a raw page token and a JSON body', () => {
    const query = {
      ...common,
      page_size: '50',
      sort_field: 'update_time',
      sort_order: 'ASC',
      page_token: 'aDU2dHIzMlFhME5CUzJKUDhDdVJhTDM1WmJkeFVTVW9LTkRaSnNaZCtuWjJXVU5CSDhlaA==',
    };
    const body = '{"update_time_ge":1699913600,"update_time_lt":1700000000,"return_status":["RETURN_OR_REFUND_REQUEST_PENDING"]}';
    expect(signRequest({ path: '/return_refund/202309/returns/search', query, body, appSecret: secret })).toBe(
      '44919bf36793f9667f2f0adb0103ad012168e074d3704b5f010366a9a175da2b',
    );
  });

  it('W2: Get Return Records with a locale', () => {
    expect(signRequest({ path: '/return_refund/202309/returns/4035318504086604100/records', query: { ...common, locale: 'en-US' }, appSecret: secret })).toBe(
      '144a3057780ad8f634929b24d8bbf1c649784fd6db7696d2a1343eead5b8f15c',
    );
  });

  it('W3: Approve Return with an idempotency key', () => {
    const query = { ...common, idempotency_key: '7f1c2a9e-0000-4000-8000-000000000001' };
    expect(
      signRequest({ path: '/return_refund/202309/returns/4035318504086604100/approve', query, body: '{"decision":"APPROVE_REFUND"}', appSecret: secret }),
    ).toBe('12620032fa59f22b4d19ef05ee2d42f78e0ec31bf2592fcc59f9945e9a00f091');
  });

  it('leaves sign and access_token out, whatever their values', () => {
    const base = signRequest({ path: '/p', query: common, appSecret: secret });
    expect(signRequest({ path: '/p', query: { ...common, sign: 'x', access_token: 'y' }, appSecret: secret })).toBe(base);
  });

  it('changes with any tampering: a value, the path, one body byte, the secret', () => {
    const body = '{"decision":"APPROVE_REFUND"}';
    const base = signRequest({ path: '/p', query: common, body, appSecret: secret });
    expect(signRequest({ path: '/p', query: { ...common, timestamp: '1700000001' }, body, appSecret: secret })).not.toBe(base);
    expect(signRequest({ path: '/q', query: common, body, appSecret: secret })).not.toBe(base);
    expect(signRequest({ path: '/p', query: common, body: '{"decision": "APPROVE_REFUND"}', appSecret: secret })).not.toBe(base);
    expect(signRequest({ path: '/p', query: common, body, appSecret: `${secret}x` })).not.toBe(base);
  });

  it('signs webhooks as HMAC(app_key + raw body) under the app secret', () => {
    const body =
      '{"type":12,"tts_notification_id":"7327112393057371910","shop_id":"7494049642642441621","timestamp":1644412885,"data":{"order_id":"576486316948490001","return_role":"BUYER","return_type":"REFUND","return_status":"RETURN_OR_REFUND_REQUEST_PENDING","return_id":"4035318504086604100","create_time":1627587600,"update_time":1644412885}}';
    expect(signWebhook('demoappkey01', 'demo_app_secret_0123456789', body)).toBe('ab6d1a5ef22f270274f1aff16af0047824868f0e159655af1aa8149c248d6d07');
  });
});
