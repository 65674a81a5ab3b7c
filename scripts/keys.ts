import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateEncryptionKey, parseEncryptionKey, SecretKeyError } from '@/server/crypto/envelope';
import { ConfigError, env } from '@/server/config';
import { audit, SYSTEM_ACTORS } from '@/server/audit';
import { ensureLocalSecrets, localSecretsFile, loadEnv, runMain, UsageError, usesEmbeddedDatabase, withDatabase } from './lib/runtime';

/**
 * `npm run keys:rotate`: re-encrypts every stored app secret and token under a new
 * APP_ENCRYPTION_KEY. The current key is APP_ENCRYPTION_KEY; the new one is read from standard
 * input (`--new-key -`) or generated (`--generate`, embedded default only: it is then stored in
 * the local secrets file in place of the old one). Afterwards, start the panel with the new key.
 */
const USAGE = `usage: npm run keys:rotate -- --new-key -      (new key on standard input; then set APP_ENCRYPTION_KEY to it)
       npm run keys:rotate -- --generate       (embedded default: generate, re-encrypt, and store the new key)`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

runMain(async () => {
  loadEnv();
  const { values } = parseArgs({ options: { 'new-key': { type: 'string' }, generate: { type: 'boolean', default: false } } });
  if (Boolean(values['new-key']) === values.generate) throw new UsageError(USAGE);
  if (values['new-key'] && values['new-key'] !== '-') throw new UsageError('pass the new key on standard input (--new-key -), not on the command line');
  if (values.generate && !usesEmbeddedDatabase())
    throw new UsageError('--generate only applies to the embedded default; with DATABASE_URL pass the new key with --new-key -');
  await ensureLocalSecrets(['APP_ENCRYPTION_KEY']);
  let oldKey: Buffer;
  let newKeyText: string;
  try {
    oldKey = env.APP_ENCRYPTION_KEY;
    newKeyText = values.generate ? generateEncryptionKey() : await readStdin();
    parseEncryptionKey(newKeyText, 'the new key');
  } catch (error) {
    if (error instanceof SecretKeyError) throw new ConfigError(error.message);
    throw error;
  }
  const newKey = parseEncryptionKey(newKeyText);
  return withDatabase(async () => {
    const { rotateSecrets } = await import('@/server/crypto/rotate');
    let result;
    try {
      result = await rotateSecrets(oldKey, newKey);
    } catch (error) {
      if (error instanceof SecretKeyError) throw new ConfigError(`${error.message}; nothing was changed`);
      throw error;
    }
    await audit({ actor: SYSTEM_ACTORS.cli, action: 'keys.rotate', outcome: 'ok', details: result });
    if (values.generate) {
      const file = localSecretsFile();
      const secrets = existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as Record<string, string>) : {};
      await writeFile(file, JSON.stringify({ ...secrets, APP_ENCRYPTION_KEY: newKeyText }, null, 2), { mode: 0o600 });
      console.log(`re-encrypted ${result.resealed} secret(s) (${result.alreadyNew} already under the new key); the new key is stored in ${file}`);
    } else {
      console.log(
        `re-encrypted ${result.resealed} secret(s) (${result.alreadyNew} already under the new key); now set APP_ENCRYPTION_KEY to the new key and restart`,
      );
    }
  });
});
