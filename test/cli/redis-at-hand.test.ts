/**
 * `mediamon run` with nothing answering at REDIS_URL: it starts a private redis-server (data under
 * ./data/redis of its working directory), does its work, and stops it on exit. With no redis-server to
 * start, it says how to get one.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { SEED_RULES, seedRoutes } from '../pipeline/seed-fixture.js';
import { freePort, portAnswers } from '../helpers/wait.js';

describe('Redis at hand', () => {
  const e2e = useE2E({ routes: seedRoutes, feeds: (url) => [{ id: 'fixture-world', url: `${url}/feed.xml` }] });
  let env: NodeJS.ProcessEnv;
  let port: number;

  // REDIS_URL points where nothing answers.
  beforeAll(async () => {
    port = await freePort();
    env = { ...e2e.env, REDIS_URL: `redis://127.0.0.1:${port}` };
  });

  it('starts a private redis-server for the run and stops it afterwards', async () => {
    const run = await runCli(['run', '--once'], env, undefined, 120_000, e2e.dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/1 new articles/);
    expect(existsSync(path.join(e2e.dir, 'data', 'redis', 'appendonlydir'))).toBe(true);
    expect(await portAnswers(port)).toBe(false);
    const alerts = jsonLines<{ rule: string }>((await runCli(['alerts', 'list', '--json'], env)).stdout);
    expect(alerts.map((a) => a.rule)).toEqual(expect.arrayContaining(SEED_RULES));
  });

  it('says how to get Redis when none can be started', async () => {
    // An empty PATH: no redis-server to start (the CLI itself runs from node's absolute path).
    const emptyBin = path.join(e2e.dir, 'empty-bin');
    mkdirSync(emptyBin, { recursive: true });
    const run = await runCli(['run', '--once'], { ...env, PATH: emptyBin }, undefined, 60_000, e2e.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/redis: nothing answers at 127\.0\.0\.1:\d+: install it .*REDIS_URL/);
  });
});
