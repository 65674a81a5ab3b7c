import { describe, expect, it } from 'vitest';
import { decryptSecret, generateEncryptionKey, parseEncryptionKey } from '@/server/crypto/envelope';
import { db } from '@/server/db';
import { createAccount } from '@tools/factories/accounts';
import { runScript } from '../support/cli';

const rotate = (newKey: string, env: Record<string, string> = {}) => runScript('keys.ts', ['--new-key', '-'], { input: `${newKey}\n`, env });

describe('npm run keys:rotate', () => {
  it('re-encrypts every stored secret under the new key, once, and is safe to repeat', async () => {
    const account = await createAccount(db, { accessTokenEnc: undefined });
    const oldKey = parseEncryptionKey(process.env.APP_ENCRYPTION_KEY);
    const plain = decryptSecret(account.appSecretEnc, oldKey);
    const newKeyText = generateEncryptionKey();
    const first = await rotate(newKeyText);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^re-encrypted \d+ secret\(s\) \(0 already under the new key\)/);
    const after = await db.shopAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect(decryptSecret(after.appSecretEnc, parseEncryptionKey(newKeyText))).toBe(plain);
    expect(() => decryptSecret(after.appSecretEnc, oldKey)).toThrow(/sealed with key/);
    const again = await rotate(newKeyText, { APP_ENCRYPTION_KEY: newKeyText });
    expect(again.stdout).toMatch(/^re-encrypted 0 secret\(s\)/);
    expect(await db.auditLog.count({ where: { action: 'keys.rotate' } })).toBe(2);
  });

  it('changes nothing when the current key is wrong, and says so in one line', async () => {
    await createAccount(db);
    const before = await db.shopAccount.findMany({ select: { appSecretEnc: true }, orderBy: { id: 'asc' } });
    const result = await rotate(generateEncryptionKey(), { APP_ENCRYPTION_KEY: generateEncryptionKey() });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^error: stored secret was sealed with key [0-9a-f]{8}, .*nothing was changed$/);
    expect(await db.shopAccount.findMany({ select: { appSecretEnc: true }, orderBy: { id: 'asc' } })).toEqual(before);
  });
});
