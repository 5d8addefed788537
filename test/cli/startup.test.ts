/**
 * Simple commands load only what they use: `--help`, `alerts list` and `tag` (with the language given)
 * never load BullMQ, cheerio, the language models, pg or the HTTP server. (How long they take is for a
 * benchmark, not a test: see the README's figures.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, writeTestConfig } from '../helpers/cli.js';
import { REPO_ROOT, tempDir } from '../helpers/services.js';

const TRACER = pathToFileURL(path.join(REPO_ROOT, 'test/fixtures/cli/trace-imports.mjs')).href;
const HEAVY = ['bullmq', 'cheerio', 'franc', 'eld', 'pg', 'hono', 'rss-parser', 'undici'];

describe('what a simple command loads', { timeout: 240_000 }, () => {
  const temp = tempDir();
  writeTestConfig(temp.dir, []);
  const env = cliEnv({ configDir: temp.dir, prefix: 'unused', databaseUrl: `sqlite:${path.join(temp.dir, 'db.sqlite')}` });
  afterAll(() => temp.drop());

  /** Run the CLI with the import tracer; the packages and src/ modules it loaded. */
  async function loaded(args: string[], stdin?: string): Promise<{ packages: Set<string>; modules: string[]; code: number | null; stdout: string }> {
    const trace = path.join(temp.dir, `trace-${args.join('-')}.txt`);
    const result = await runCli(args, { ...env, NODE_OPTIONS: `--import=${TRACER}`, MEDIAMON_TRACE_IMPORTS: trace }, stdin);
    const urls = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
    const packages = new Set(urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((p): p is string => Boolean(p)));
    const modules = urls.filter((u) => u.includes('/src/')).map((u) => u.slice(u.indexOf('/src/') + 1));
    return { packages, modules, code: result.code, stdout: result.stdout };
  }

  it('--help loads commander and no command module', async () => {
    const help = await loaded(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: mediamon/);
    expect(help.packages.has('commander')).toBe(true);
    for (const heavy of [...HEAVY, 'zod', 'yaml', 'pino', 'ioredis', 'better-sqlite3']) expect(help.packages.has(heavy), heavy).toBe(false);
    expect(help.modules.filter((m) => m.includes('/commands/'))).toEqual([]);
  });

  it('alerts list and tag (lang given) load none of the heavy packages', async () => {
    const alerts = await loaded(['alerts', 'list']);
    expect(alerts.code).toBe(0);
    expect(alerts.packages.has('better-sqlite3')).toBe(true);
    for (const heavy of HEAVY.filter((p) => p !== 'pg')) expect(alerts.packages.has(heavy), heavy).toBe(false);
    const tag = await loaded(['tag'], '{"id":"1","text":"Denis Pushilin spoke in Donetsk.","lang":"en"}\n');
    expect(tag.code).toBe(0);
    expect(JSON.parse(tag.stdout).mentions.length).toBeGreaterThan(0);
    for (const heavy of HEAVY) expect(tag.packages.has(heavy), heavy).toBe(false);
    expect(tag.modules.some((m) => m.startsWith('src/language/'))).toBe(false);
  });
});
