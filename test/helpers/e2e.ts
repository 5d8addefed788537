/**
 * The end-to-end set-up most pipeline and CLI tests share, in one place: a fixture HTTP server on
 * 127.0.0.1, a config folder of the test's own (the shipped watchlist, rules and narratives, with the
 * test's feeds and settings), a fresh Redis queue prefix, a store (SQLite in the temp folder, or a fresh
 * PostgreSQL schema), and the environment the `mediamon` child processes run with. Hooks are registered
 * on the enclosing describe block, so a test file reads:
 *
 *   const e2e = useE2E({ routes: { '/feed.xml': ... }, feeds: (url) => [{ id: 'x', url: `${url}/feed.xml` }] });
 *   it('...', async () => { await runCli(['run', '--once'], e2e.env); });
 *
 * Everything is dropped after the block, including what a test registered with `e2e.onClose` and the
 * processes it started with `e2e.spawn`.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { cliEnv, spawnCli, writeTestConfig } from './cli.js';
import { newsPage, rssFeed, startFixtureServer, type FixtureServer, type Route } from './fixture-server.js';
import { pgSchema, redisPrefix, tempDir } from './services.js';

type Feed = { id: string; url?: string; [k: string]: unknown };

export interface E2EOptions {
  /** Routes the fixture server answers from the start, or a function of its base URL (more can be set on `server.routes` later). */
  routes?: Record<string, Route> | ((baseUrl: string) => Record<string, Route>);
  /** The feeds of the config, given the fixture server's base URL. Without it no config is written. */
  feeds?: (baseUrl: string) => Feed[];
  /** Settings for mediamon.yaml, given the fixture server's base URL. */
  settings?: (baseUrl: string) => Record<string, unknown>;
  /** `sqlite` (default: a file in the temp folder) or `pg` (a fresh schema). */
  store?: 'sqlite' | 'pg';
  /** Extra environment for the child processes (MEDIAMON_LOG_LEVEL, ...). */
  env?: Record<string, string>;
}

export interface E2E {
  server: FixtureServer;
  /** The config folder (also the temp folder for anything else the test writes). */
  dir: string;
  /** The Redis queue prefix. */
  prefix: string;
  /** The store URL (`sqlite:...` or `postgres://...?schema=...`). */
  databaseUrl: string;
  /** The environment for `runCli`/`spawnCli`. */
  env: NodeJS.ProcessEnv;
  /** Rewrite the config's feeds (and settings), as an operator editing the YAML would. */
  configure(feeds: Feed[], settings?: Record<string, unknown>): void;
  /** Run this after the block, before the services are dropped (close a store, kill a child). */
  onClose(fn: () => unknown): void;
  /** Start `mediamon <args>` (with `e2e.env` unless told otherwise); one still running after the block
   *  gets SIGTERM and is waited for, so it has closed its store and Redis before they are dropped. */
  spawn(args: string[], options?: { env?: NodeJS.ProcessEnv; cwd?: string }): ChildProcess;
}

export function useE2E(options: E2EOptions = {}): E2E {
  const temp = tempDir();
  const redis = redisPrefix();
  let pg: Awaited<ReturnType<typeof pgSchema>> | undefined;
  const closers: (() => unknown)[] = [];
  const e2e = {
    dir: temp.dir,
    prefix: redis.prefix,
    configure(feeds: Feed[], settings: Record<string, unknown> = {}) {
      writeTestConfig(temp.dir, feeds, settings);
    },
    onClose(fn: () => unknown) {
      closers.push(fn);
    },
    spawn(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
      const child = spawnCli(args, options.env ?? e2e.env, options.cwd);
      closers.push(async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      });
      return child;
    },
  } as E2E;

  beforeAll(async () => {
    e2e.server = await startFixtureServer(typeof options.routes === 'object' ? options.routes : {});
    if (typeof options.routes === 'function') for (const [route, answer] of Object.entries(options.routes(e2e.server.url))) e2e.server.routes.set(route, answer);
    if (options.store === 'pg') pg = await pgSchema();
    e2e.databaseUrl = pg ? pg.url : `sqlite:${path.join(temp.dir, 'mediamon.db')}`;
    e2e.env = cliEnv({ configDir: temp.dir, prefix: redis.prefix, databaseUrl: e2e.databaseUrl, extra: options.env });
    if (options.feeds) e2e.configure(options.feeds(e2e.server.url), options.settings?.(e2e.server.url));
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await e2e.server?.close();
    await redis.drop();
    await pg?.drop();
    temp.drop();
  });

  return e2e;
}

/**
 * Routes of a small news site: a feed of `count` reports, each a page in which Denis Pushilin orders an
 * evacuation from the DPR (every page raises `donbas-evacuation`), for tests that count articles and alerts.
 */
export function reportSite(count: number): (baseUrl: string) => Record<string, Route> {
  return (url) => {
    const items = Array.from({ length: count }, (_, i) => ({ title: `Report ${i}`, link: `${url}/a/${i}` }));
    const routes: Record<string, Route> = { '/feed.xml': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Site', items) } };
    for (let i = 0; i < count; i++) {
      routes[`/a/${i}`] = { headers: { 'content-type': 'text/html' }, body: newsPage({ title: `Report ${i}`, paragraphs: [`Report ${i}: Denis Pushilin ordered the evacuation of civilians from the DPR on Friday, officials said.`] }) };
    }
    return routes;
  };
}
