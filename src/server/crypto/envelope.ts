import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Pure envelope functions (no environment access), importable by tests and scripts.
 * App secrets and tokens are stored as AES-256-GCM envelopes:
 *   v1.<key id>.<iv>.<auth tag>.<ciphertext>   (base64url parts)
 * The key id (first 8 hex chars of SHA-256 of the key) tells which key sealed a value, so a wrong
 * or rotated APP_ENCRYPTION_KEY is reported as such instead of as a corrupt value.
 */

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

const KEY_BYTES = 32;
/** 96-bit IVs are GCM's native size; random per value, so the same token never encrypts alike. */
const IV_BYTES = 12;

export function parseEncryptionKey(text: string | undefined, variable = 'APP_ENCRYPTION_KEY'): Buffer {
  if (!text) throw new SecretKeyError(`${variable} is not set (32 random bytes, base64: \`openssl rand -base64 32\`)`);
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new SecretKeyError(`${variable} must be 32 bytes as base64 (44 characters) or hex (64 characters)`);
  }
  return key;
}

export function generateEncryptionKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function encryptSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', keyId(key), iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function decryptSecret(envelope: string, key: Buffer): string {
  const [version, id, iv, tag, body] = envelope.split('.');
  if (version !== 'v1' || !id || !iv || !tag || body === undefined) throw new SecretKeyError('stored secret is not a v1 envelope');
  if (id !== keyId(key)) {
    throw new SecretKeyError(`stored secret was sealed with key ${id}, but APP_ENCRYPTION_KEY is key ${keyId(key)} (rotate with \`npm run keys:rotate\`)`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretKeyError('stored secret failed authentication (tampered or wrong key)');
  }
}
