import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
export const TSX = path.resolve('node_modules/.bin/tsx');

export interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `scripts/<script>` the way `npm run` does (tsx with the react-server condition) and returns
 * its exit code and output, whether it succeeded or not. `input` is written to its stdin.
 */
export async function runScript(
  script: string,
  args: string[] = [],
  options: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ScriptResult> {
  const child = exec(TSX, ['--conditions=react-server', `scripts/${script}`, ...args], {
    env: { ...process.env, ...options.env },
    timeout: options.timeoutMs ?? 30_000,
  });
  child.child.stdin?.end(options.input);
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
