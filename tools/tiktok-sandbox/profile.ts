import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_POPULATION, type PopulationConfig } from './population';

/**
 * The sandbox's identity and population, kept in `<DATA_DIR>/sandbox.json` so that the demo seed
 * and the sandbox server (started separately) describe the same shops and requests, and a restart
 * serves the same world. The app secret is random per machine, not a published constant.
 */
export interface SandboxProfile {
  appKey: string;
  appSecret: string;
  population: PopulationConfig;
}

export function newSandboxProfile(overrides: Partial<PopulationConfig> = {}, now = Math.floor(Date.now() / 1000)): SandboxProfile {
  return {
    appKey: `sbx${randomBytes(6).toString('hex')}`,
    appSecret: randomBytes(24).toString('base64url'),
    population: { ...DEFAULT_POPULATION, epoch: now, ...overrides },
  };
}

/**
 * The demo profile (`sandbox.json`), or a named one with its own population (`sandbox-<name>.json`,
 * e.g. the 500-shop profile of `npm run sandbox -- --shops 500 --spread realistic`), created on
 * first use and the same world ever after.
 */
export async function loadOrCreateSandboxProfile(dataDir: string, named?: { name: string; population: Partial<PopulationConfig> }): Promise<SandboxProfile> {
  const file = path.join(dataDir, named ? `sandbox-${named.name}.json` : 'sandbox.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as SandboxProfile;
  const profile = newSandboxProfile(named?.population);
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(profile, null, 2), { mode: 0o600 });
  return profile;
}
