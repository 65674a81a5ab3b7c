import 'server-only';
import { env } from '@/server/config';
import { decryptSecret, encryptSecret } from './envelope';

/** The key from APP_ENCRYPTION_KEY (parsed and cached by the config module). */
function appEncryptionKey(): Buffer {
  return env.APP_ENCRYPTION_KEY;
}

export const sealSecret = (plain: string) => encryptSecret(plain, appEncryptionKey());
export const openSecret = (envelope: string) => decryptSecret(envelope, appEncryptionKey());
