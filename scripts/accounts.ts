import { parseArgs } from 'node:util';
import { createAccountSchema, describeAccountIssues, updateAccountSchema } from '@/features/accounts/schemas';
import { addAccount, changeAccountActive, editAccount } from '@/features/accounts/mutations';
import { listAccounts } from '@/features/accounts/repository';
import { SYSTEM_ACTORS } from '@/server/audit';
import { ensureLocalSecrets, loadEnv, runMain, UsageError, withDatabase } from './lib/runtime';

/**
 * `npm run accounts -- add|update|list|deactivate|activate`: shop accounts without the UI, for
 * automation. Validation is the Accounts page's own (src/features/accounts/schemas.ts). A secret
 * given as `-` is read from standard input, so it need not appear in the shell history.
 */

const USAGE = `usage: npm run accounts -- <command> [options]
  add --name <n> --app-key <k> --app-secret <s> [options]     prints the new account's id
  update <id> [options]                                       changes only the options given
  list                                                        accounts, without secrets
  deactivate <id> | activate <id>
options: --service-id --shop-id --shop-cipher --access-token --refresh-token --access-token-expires-at <ISO>
         --refresh-token-expires-at <ISO> --api-base-url --auth-base-url --write-back | --no-write-back
         (a secret value of "-" is read from standard input)`;

const options = {
  name: { type: 'string' },
  'shop-id': { type: 'string' },
  'shop-cipher': { type: 'string' },
  'app-key': { type: 'string' },
  'service-id': { type: 'string' },
  'app-secret': { type: 'string' },
  'access-token': { type: 'string' },
  'refresh-token': { type: 'string' },
  'access-token-expires-at': { type: 'string' },
  'refresh-token-expires-at': { type: 'string' },
  'api-base-url': { type: 'string' },
  'auth-base-url': { type: 'string' },
  'write-back': { type: 'boolean' },
  'no-write-back': { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

async function stdinSecret(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

async function toInput(values: Record<string, string | boolean | undefined>) {
  if (values['write-back'] && values['no-write-back']) throw new UsageError('--write-back and --no-write-back contradict each other');
  let stdinUsed = false;
  const secret = async (value: unknown) => {
    if (value !== '-') return value as string | undefined;
    if (stdinUsed) throw new UsageError('only one secret can be read from standard input');
    stdinUsed = true;
    return stdinSecret();
  };
  const input = {
    name: values.name,
    shopId: values['shop-id'],
    shopCipher: values['shop-cipher'],
    appKey: values['app-key'],
    serviceId: values['service-id'],
    appSecret: await secret(values['app-secret']),
    accessToken: await secret(values['access-token']),
    refreshToken: await secret(values['refresh-token']),
    accessTokenExpiresAt: values['access-token-expires-at'],
    refreshTokenExpiresAt: values['refresh-token-expires-at'],
    apiBaseUrl: values['api-base-url'],
    authBaseUrl: values['auth-base-url'],
    writeBack: values['write-back'] ? true : values['no-write-back'] ? false : undefined,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

function parseId(text: string | undefined): number {
  const id = Number(text);
  // Account ids are PostgreSQL integers: 2^31 and above name no account.
  if (!text || !/^\d{1,10}$/.test(text) || id < 1 || id > 2 ** 31 - 1) throw new UsageError(`an account id is required (got ${text ?? 'nothing'})\n${USAGE}`);
  return id;
}

runMain(async () => {
  loadEnv();
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  const [command, idText] = positionals;
  if (values.help || !command) throw new UsageError(USAGE);
  await ensureLocalSecrets(['APP_ENCRYPTION_KEY']);
  return withDatabase(async () => {
    switch (command) {
      case 'add': {
        const result = createAccountSchema.safeParse(await toInput(values));
        if (!result.success) throw new UsageError(describeAccountIssues(result.error));
        const added = await addAccount(SYSTEM_ACTORS.cli, result.data);
        if (!added.ok) throw new UsageError(added.message);
        console.log(added.data.id);
        return 0;
      }
      case 'update': {
        const id = parseId(idText);
        const result = updateAccountSchema.safeParse(await toInput(values));
        if (!result.success) throw new UsageError(describeAccountIssues(result.error));
        const edited = await editAccount(SYSTEM_ACTORS.cli, id, result.data);
        if (!edited.ok) throw new UsageError(edited.message);
        console.log(`account ${id} updated`);
        return 0;
      }
      case 'list': {
        const accounts = await listAccounts();
        if (accounts.length === 0) console.log('no accounts');
        for (const a of accounts) {
          console.log(
            [
              a.id,
              a.active ? 'active' : 'inactive',
              a.environment,
              a.name,
              a.shopId ?? '(not connected)',
              a.region ?? '',
              a.writeBack ? 'write-back' : 'read-only',
              a.connected ? `token until ${a.refreshTokenExpiresAt?.toISOString()}` : 'no valid token',
              a.lastSyncAt ? `last sync ${a.lastSyncAt.toISOString()} ${a.lastSyncOutcome}` : 'never synced',
            ].join('\t'),
          );
        }
        return 0;
      }
      case 'deactivate':
      case 'activate': {
        const id = parseId(idText);
        const changed = await changeAccountActive(SYSTEM_ACTORS.cli, id, command === 'activate');
        if (!changed.ok) throw new UsageError(changed.message);
        console.log(`account ${id} ${command}d`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${command}\n${USAGE}`);
    }
  });
});
