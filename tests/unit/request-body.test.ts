import { describe, expect, it } from 'vitest';
import { hasUnstorableText, isStorableText, stripUnstorable } from '@/lib/safe-text';
import { checkActionBody, MAX_ACTION_BODY_BYTES, readBodyLimited } from '@/server/request-body';

const bytes = (text: string) => new TextEncoder().encode(text);
const multipart = async (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  const request = new Request('http://x', { method: 'POST', body: form });
  return { body: new Uint8Array(await request.arrayBuffer()), type: request.headers.get('content-type') };
};
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('server action bodies', () => {
  it('lets through what the panel client sends', async () => {
    expect(await checkActionBody(bytes('[{"id":5,"note":"$$5 off","x":"$undefined"}]'), 'text/plain;charset=UTF-8')).toEqual({ ok: true });
    const form = await multipart({ '0': '[null,"$K1"]', _1_email: 'a@b.test', _1_note: '[not json' });
    expect(await checkActionBody(form.body, form.type)).toEqual({ ok: true });
  });

  it('refuses bad JSON, broken multipart, deep nesting and references to parts that are not there', async () => {
    const refusals: [string, Uint8Array<ArrayBuffer>, string | null][] = [
      ['INVALID_JSON', bytes('[{"name":'), 'text/plain'],
      ['INVALID_JSON', bytes(''), 'text/plain'],
      ['INVALID_TEXT', new Uint8Array([0x5b, 0xff, 0x5d]), null],
      ['TOO_DEEP', bytes(nested(33)), 'text/plain'],
      ['TOO_DEEP', bytes(`[${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}]`), 'text/plain'],
      ['UNSUPPORTED_VALUE', bytes('["$Q1"]'), 'text/plain'],
      ['UNSUPPORTED_VALUE', bytes('["$h1"]'), 'text/plain'],
      ['UNSUPPORTED_VALUE', bytes('[{"a":["$@1"]}]'), 'text/plain'],
      ['UNSUPPORTED_VALUE', bytes('["$T"]'), 'text/plain'],
      ['INVALID_MULTIPART', bytes('--xyz\r\nContent-Disposition: form-data; name="0"\r\n\r\n[1'), 'multipart/form-data; boundary=xyz'],
      ['INVALID_MULTIPART', bytes('abc'), 'multipart/form-data'],
    ];
    for (const [error, body, type] of refusals) expect(await checkActionBody(body, type), error).toMatchObject({ ok: false, status: 400, error });
    const noRoot = await multipart({ _1_email: 'a@b.test' });
    expect(await checkActionBody(noRoot.body, noRoot.type)).toMatchObject({ error: 'MISSING_ARGUMENTS' });
    const badPart = await multipart({ '0': '["$@1"]', '1': '{' });
    expect(await checkActionBody(badPart.body, badPart.type)).toMatchObject({ status: 400 });
  });

  it('counts the bytes actually read, chunked or not', async () => {
    const stream = (chunks: number, size: number) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < chunks; i++) controller.enqueue(new Uint8Array(size));
          controller.close();
        },
      });
    expect(await readBodyLimited(stream(11, 1 << 20), MAX_ACTION_BODY_BYTES)).toBeNull();
    expect((await readBodyLimited(stream(4, 1000), MAX_ACTION_BODY_BYTES))?.byteLength).toBe(4000);
    expect((await readBodyLimited(null, 10))?.byteLength).toBe(0);
  });
});

describe('text PostgreSQL refuses', () => {
  it('is U+0000 and unpaired surrogates, in strings, keys and FormData, at any depth', () => {
    expect(isStorableText('Ünïcödé 👍 \t\n')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\ud800')).toBe(false);
    expect(isStorableText('x\udc00')).toBe(false);
    expect(stripUnstorable('a\u0000b\ud800c👍')).toBe('abc👍');
    expect(hasUnstorableText({ a: [{ b: 'ok' }] })).toBe(false);
    expect(hasUnstorableText({ a: [{ b: 'n\u0000' }] })).toBe(true);
    expect(hasUnstorableText({ ['k\u0000']: 1 })).toBe(true);
    const form = new FormData();
    form.set('name', 'x\u0000');
    expect(hasUnstorableText(form)).toBe(true);
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(hasUnstorableText(deep)).toBe(true);
  });
});
