import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, generateEncryptionKey, keyId, parseEncryptionKey } from '@/server/crypto/envelope';

describe('secrets at rest', () => {
  const key = parseEncryptionKey(generateEncryptionKey());

  it('round-trips and never stores the plain text', () => {
    const envelope = encryptSecret('TTP_secret-access-token', key);
    expect(envelope).not.toContain('TTP_secret');
    expect(envelope.startsWith(`v1.${keyId(key)}.`)).toBe(true);
    expect(decryptSecret(envelope, key)).toBe('TTP_secret-access-token');
  });

  it('uses a fresh IV per value', () => {
    expect(encryptSecret('same', key)).not.toBe(encryptSecret('same', key));
  });

  it('detects tampering', () => {
    const parts = encryptSecret('value', key).split('.');
    parts[4] = Buffer.from('other').toString('base64url');
    expect(() => decryptSecret(parts.join('.'), key)).toThrow(/failed authentication/);
  });

  it('names a wrong key as such', () => {
    const other = parseEncryptionKey(generateEncryptionKey());
    expect(() => decryptSecret(encryptSecret('value', key), other)).toThrow(/sealed with key .*rotate/);
  });

  it('accepts base64 and hex keys and rejects other lengths', () => {
    const hex = Buffer.alloc(32, 1).toString('hex');
    expect(parseEncryptionKey(hex)).toEqual(Buffer.alloc(32, 1));
    expect(() => parseEncryptionKey('c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parseEncryptionKey(undefined)).toThrow(/not set/);
  });
});
