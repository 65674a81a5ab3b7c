import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, DOCUMENTED_ENV_NAMES, env, setEnv } from '@/server/config';

describe('configuration', () => {
  afterEach(() => {
    for (const name of ['SYNC_OVERLAP_MINUTES', 'EMBED_ALLOWED_ORIGINS', 'AUTH_SECRET', 'PORT'] as const) setEnv(name, undefined);
  });

  it('documents in .env.example exactly the variables the config module reads', () => {
    const documented = [...readFileSync('.env.example', 'utf8').matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect([...new Set(documented)].sort()).toEqual([...DOCUMENTED_ENV_NAMES].sort());
  });

  it('parses each variable once into its type, with its default, and again when it changes', () => {
    expect(env.SYNC_OVERLAP_MINUTES).toBe(10);
    setEnv('SYNC_OVERLAP_MINUTES', '25');
    expect(env.SYNC_OVERLAP_MINUTES).toBe(25);
    setEnv('EMBED_ALLOWED_ORIGINS', 'https://a.example.com, https://b.example.com/');
    expect(env.EMBED_ALLOWED_ORIGINS).toEqual(['https://a.example.com', 'https://b.example.com']);
    setEnv('PORT', '');
    expect(env.PORT).toBe(3000);
  });

  it('refuses a missing or malformed value with a message naming the variable', () => {
    setEnv('AUTH_SECRET', 'short');
    expect(() => env.AUTH_SECRET).toThrow(new ConfigError('AUTH_SECRET must be at least 32 random characters (openssl rand -base64 32)'));
    setEnv('PORT', '70000');
    expect(() => env.PORT).toThrow('PORT must be a port number from 1 to 65535');
    setEnv('EMBED_ALLOWED_ORIGINS', 'http://evil.example');
    expect(() => env.EMBED_ALLOWED_ORIGINS).toThrow(/^EMBED_ALLOWED_ORIGINS must list https origins/);
  });
});
