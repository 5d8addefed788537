/**
 * src/settings/env.ts is the one list of environment variables mediamon reads: every `env.NAME` or
 * `process.env.NAME` in src/ must be in it (the docker-compose test relies on the list being whole),
 * its zod schema parses exactly those, and only src/settings/ touches process.env (the bottom layer of
 * the import graph, so every folder may read the environment through it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvSchema, ENV_VARS, envValue, isKnownEnv, readEnv } from '../../src/settings/env.js';
import { loadConfig } from '../../src/config/load.js';
import { REPO_ROOT } from '../helpers/services.js';

const READ = /\b(?:process\.)?env(?:\.|\[['"])([A-Z][A-Z0-9_]{2,})/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

describe('environment variables', () => {
  it('lists every variable the code reads', () => {
    const read = new Map<string, string>();
    for (const file of [...sources(path.join(REPO_ROOT, 'src')), ...sources(path.join(REPO_ROOT, 'workers'))]) {
      for (const match of readFileSync(file, 'utf8').matchAll(READ)) read.set(match[1]!, path.relative(REPO_ROOT, file));
    }
    expect(read.size).toBeGreaterThan(5);
    const missing = [...read].filter(([name]) => !isKnownEnv(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });

  it('documents each one once, secrets marked', () => {
    expect(new Set(ENV_VARS.map((v) => v.name)).size).toBe(ENV_VARS.length);
    for (const name of ['MEDIAMON_TOKEN', 'MEDIAMON_PASSWORD', 'SMTP_URL']) expect(ENV_VARS.find((v) => v.name === name)?.secret, name).toBe(true);
  });

  it('parses each listed variable with one schema, and nothing else', () => {
    expect(Object.keys(EnvSchema.shape).sort()).toEqual(ENV_VARS.map((v) => v.name).sort());
    const env = readEnv({ MEDIAMON_ALLOW_HOSTS: ' 10.0.0.1, ,example.org', REDIS_URL: '', MEDIAMON_WATCH_CONFIG: '0', MEDIAMON_LOCK_DURATION_MS: '5000' });
    expect(env.MEDIAMON_ALLOW_HOSTS).toEqual(['10.0.0.1', 'example.org']);
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.MEDIAMON_WATCH_CONFIG).toBe(false);
    expect(env.MEDIAMON_LOCK_DURATION_MS).toBe(5000);
    expect(Object.isFrozen(env)).toBe(true);
    expect(() => envValue('MEDIAMON_LOCK_DURATION_MS', { MEDIAMON_LOCK_DURATION_MS: '5s' })).toThrow("env: MEDIAMON_LOCK_DURATION_MS must be a whole number of ms >= 1000 (got '5s')");
  });

  it('is merged into the settings once, at load: the queue prefix and allowed hosts, frozen', () => {
    const dir = path.join(REPO_ROOT, 'config');
    const plain = loadConfig(dir, {});
    const merged = loadConfig(dir, { MEDIAMON_QUEUE_PREFIX: 'elsewhere', MEDIAMON_ALLOW_HOSTS: '127.0.0.1' });
    expect(merged.settings.queues.prefix).toBe('elsewhere');
    expect(merged.settings.fetch.allowHosts).toEqual([...plain.settings.fetch.allowHosts, '127.0.0.1']);
    expect(loadConfig(dir, { MEDIAMON_QUEUE_PREFIX: '' }).settings.queues.prefix).toBe(plain.settings.queues.prefix);
    expect(Object.isFrozen(merged.settings.fetch)).toBe(true);
  });

  it('is read from process.env only inside src/settings/', () => {
    const outside = [...sources(path.join(REPO_ROOT, 'src')), ...sources(path.join(REPO_ROOT, 'workers'))]
      .filter((file) => !file.startsWith(path.join(REPO_ROOT, 'src', 'settings') + path.sep))
      .filter((file) => /\bprocess\.env\b/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(REPO_ROOT, file));
    expect(outside).toEqual([]);
  });
});
