import 'server-only';
import { db } from '@/server/db';
import { decryptSecret, encryptSecret, keyId } from './envelope';

/**
 * Re-seals every stored secret under a new APP_ENCRYPTION_KEY, in one transaction: either every
 * value moves to the new key or none does. Values already under the new key are left as they are,
 * so an interrupted or repeated rotation is safe to run again.
 */
export async function rotateSecrets(oldKey: Buffer, newKey: Buffer): Promise<{ resealed: number; alreadyNew: number }> {
  const columns = ['appSecretEnc', 'accessTokenEnc', 'refreshTokenEnc'] as const;
  return db.$transaction(
    async (tx) => {
      const accounts = await tx.shopAccount.findMany({ select: { id: true, appSecretEnc: true, accessTokenEnc: true, refreshTokenEnc: true } });
      let resealed = 0;
      let alreadyNew = 0;
      for (const account of accounts) {
        const data: Partial<Record<(typeof columns)[number], string>> = {};
        for (const column of columns) {
          const sealed = account[column];
          if (!sealed) continue;
          if (sealed.split('.')[1] === keyId(newKey)) {
            alreadyNew += 1;
            continue;
          }
          // Throws (rolling everything back) on a value sealed under neither key.
          data[column] = encryptSecret(decryptSecret(sealed, oldKey), newKey);
          resealed += 1;
        }
        if (Object.keys(data).length) await tx.shopAccount.update({ where: { id: account.id }, data });
      }
      return { resealed, alreadyNew };
    },
    { timeout: 120_000 },
  );
}
