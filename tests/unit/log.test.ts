import { afterEach, describe, expect, it, vi } from 'vitest';
import { logError, scrub } from '@/server/log';

describe('server log lines', () => {
  afterEach(() => vi.restoreAllMocks());

  it('scrub tokens, sealed values and secret query parameters from text', () => {
    expect(scrub('token TTP_abc.def123 expired')).toBe('token *** expired');
    expect(scrub('GET /api/v2/token/get?app_key=k&app_secret=s3cr3t&auth_code=xyz')).toBe('GET /api/v2/token/get?app_key=k&app_secret=***&auth_code=***');
    expect(scrub('sealed v1.0a1b2c3d.aaaa.bbbb.cccc')).toBe('sealed ***');
  });

  it('mask values under secret-looking keys, however deep', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    logError('test', { account: { appSecret: 'plain', accessToken: 'TTP_x', name: 'ok' }, error: new Error('failed with TTP_leak') });
    const line = JSON.parse(lines[0]!) as { account: unknown; error: { message: string } };
    expect(line.account).toEqual({ appSecret: '***', accessToken: '***', name: 'ok' });
    expect(line.error.message).toBe('failed with ***');
  });
});
