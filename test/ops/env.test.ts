/**
 * src/config/env.ts is the one list of environment variables mediamon reads: every `env.NAME` or
 * `process.env.NAME` in src/ must be in it (the docker-compose test relies on the list being whole).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_VARS, isKnownEnv } from '../../src/config/env.js';
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
});
