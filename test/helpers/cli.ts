/**
 * Running the real `mediamon` command in a child process, with a test's own config folder, Redis prefix
 * and database. The command is the built one (dist/, what `npx mediamon` runs) when the build is at least
 * as new as every source file: `npm test` builds first, and a built start-up is about a second faster
 * than compiling through tsx. Otherwise (a source edited since, no build) it runs the sources through tsx,
 * so single test files need no build. MEDIAMON_TEST_CLI=tsx or =dist forces one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { cpSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { REDIS_URL, REPO_ROOT } from './services.js';

const SOURCE_ENTRY = path.join(REPO_ROOT, 'src/cli/main.ts');
const BUILT_ENTRY = path.join(REPO_ROOT, 'dist/src/cli/main.js');

/** Whether dist/ holds a build of every current source file (src/, workers/), none older than its source. */
function builtIsFresh(): boolean {
  if (!existsSync(BUILT_ENTRY)) return false;
  const fresh = (dir: string): boolean =>
    readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).every((e) => {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) return fresh(rel);
      if (!e.name.endsWith('.ts') || e.name.endsWith('.d.ts')) return true;
      const built = path.join(REPO_ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
      return existsSync(built) && statSync(built).mtimeMs >= statSync(path.join(REPO_ROOT, rel)).mtimeMs;
    });
  return ['src', 'workers'].every((dir) => !existsSync(path.join(REPO_ROOT, dir)) || fresh(dir));
}

const MODE = process.env.MEDIAMON_TEST_CLI ?? (builtIsFresh() ? 'dist' : 'tsx');
/** The entry point the tests run (built or source). */
export const CLI_ENTRY = MODE === 'dist' ? BUILT_ENTRY : SOURCE_ENTRY;
/** tsx's loader by absolute URL, so the CLI can run from any working directory. */
const NODE_ARGS = MODE === 'dist' ? [] : ['--import', pathToFileURL(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('tsx/esm')).href];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface TestEnv {
  configDir: string;
  prefix: string;
  databaseUrl: string;
  extra?: Record<string, string>;
}

export function cliEnv(env: TestEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    MEDIAMON_CONFIG: env.configDir,
    MEDIAMON_QUEUE_PREFIX: env.prefix,
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: REDIS_URL,
    MEDIAMON_ALLOW_HOSTS: '127.0.0.1',
    MEDIAMON_LOG_LEVEL: 'warn',
    ...env.extra,
  };
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT): ChildProcess {
  return spawn(process.execPath, [...NODE_ARGS, CLI_ENTRY, ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Run the CLI to completion; stdin (if given) is written and closed. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, stdin?: string, timeoutMs = 120_000, cwd = REPO_ROOT): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env, cwd);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mediamon ${args.join(' ')} timed out after ${timeoutMs} ms\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin!.end(stdin ?? '');
  });
}

/** A config folder: the shipped watchlist and rules, with feeds (and settings) of the test's own. */
export function writeTestConfig(dir: string, feeds: { id: string; url?: string; [k: string]: unknown }[], settings: Record<string, unknown> = {}): void {
  for (const file of ['watchlist.yaml', 'rules.yaml', 'narratives.yaml']) cpSync(path.join(REPO_ROOT, 'config', file), path.join(dir, file));
  writeFileSync(path.join(dir, 'feeds.yaml'), YAML.stringify({ feeds }));
  writeFileSync(path.join(dir, 'mediamon.yaml'), YAML.stringify({ fetch: { timeout: '5s', ...(settings.fetch as object) }, ...settings }));
}

export function jsonLines<T = Record<string, unknown>>(text: string): T[] {
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}
