import 'server-only';
import { env } from '@/server/config';
import { decryptSecret, encryptSecret } from './envelope';

export { decryptSecret, encryptSecret, generateEncryptionKey, keyId, parseEncryptionKey, SecretKeyError } from './envelope';

/** The key from APP_ENCRYPTION_KEY (parsed and cached by the config module). */
export function appEncryptionKey(): Buffer {
  return env.APP_ENCRYPTION_KEY;
}

export const sealSecret = (plain: string) => encryptSecret(plain, appEncryptionKey());
export const openSecret = (envelope: string) => decryptSecret(envelope, appEncryptionKey());
