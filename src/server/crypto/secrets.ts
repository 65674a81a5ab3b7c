import 'server-only';
import { decryptSecret, encryptSecret, parseEncryptionKey } from './envelope';

export { decryptSecret, encryptSecret, generateEncryptionKey, keyId, parseEncryptionKey, SecretKeyError } from './envelope';

let cachedKey: { text: string; key: Buffer } | undefined;

/** The key from APP_ENCRYPTION_KEY, parsed once per value. */
export function appEncryptionKey(): Buffer {
  const text = process.env.APP_ENCRYPTION_KEY;
  if (cachedKey && cachedKey.text === text) return cachedKey.key;
  const key = parseEncryptionKey(text);
  cachedKey = { text: text!, key };
  return key;
}

export const sealSecret = (plain: string) => encryptSecret(plain, appEncryptionKey());
export const openSecret = (envelope: string) => decryptSecret(envelope, appEncryptionKey());
