import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { childEnv } from '@/server/config';
import { ROOT } from './runtime';

/** Inputs of `next build`: when none changed since the last build, `npm start` skips the ~1 min build. */
const INPUTS = ['src', 'public', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json', 'prisma/schema.prisma'];
const STAMP = path.join(ROOT, '.next', 'source-hash.txt');

async function* files(entry: string): AsyncGenerator<string> {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return;
  if (!(await stat(full)).isDirectory()) {
    yield entry;
    return;
  }
  for (const child of (await readdir(full)).sort()) yield* files(path.join(entry, child));
}

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for await (const file of files(input)) {
      hash
        .update(file)
        .update('\0')
        .update(await readFile(path.join(ROOT, file)))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = childEnv()): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`))));
  });
}

/** Runs `next build` unless the last build's inputs are unchanged. Returns whether it built. */
export async function buildIfStale(log: (line: string) => void): Promise<boolean> {
  const hash = await sourceHash();
  if (existsSync(STAMP) && (await readFile(STAMP, 'utf8')) === hash && existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) return false;
  log('building the panel (next build) — only when the sources changed since the last build');
  await run(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], childEnv({ NEXT_TELEMETRY_DISABLED: '1' }));
  await writeFile(STAMP, hash);
  return true;
}
