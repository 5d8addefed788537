/**
 * The same flow as e2e-seed, as an operator runs it on several hosts: one process per stage (two for
 * fetch and analyze) sharing one Redis and one PostgreSQL. The article and each alert are stored once;
 * polling again adds nothing; SIGTERM stops every worker cleanly.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/pipeline/runtime.js';
import { openQueues, pendingJobs, type QueueSet } from '../../src/queues/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { cliEnv, runCli, spawnCli, writeTestConfig } from '../helpers/cli.js';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { pgSchema, REDIS_URL, redisPrefix, tempDir } from '../helpers/services.js';
import { SEED_ENTITIES, SEED_RULES, seedRoutes } from './seed-fixture.js';
import { until } from '../helpers/wait.js';

const STAGES = ['poll', 'fetch', 'fetch', 'analyze', 'analyze', 'deliver'];
const WAIT_LIMIT_MS = 90_000;

function exitCode(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('worker processes per stage on PostgreSQL', () => {
  let server: FixtureServer;
  const temp = tempDir();
  const redis = redisPrefix();
  let schema: Awaited<ReturnType<typeof pgSchema>>;
  let env: NodeJS.ProcessEnv;
  let store: Store;
  let queues: QueueSet;
  const connection = connectRedis(REDIS_URL);
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    schema = await pgSchema();
    server = await startFixtureServer();
    for (const [route, response] of Object.entries(seedRoutes(server.url))) server.routes.set(route, response);
    writeTestConfig(temp.dir, [{ id: 'fixture-world', url: `${server.url}/feed.xml` }]);
    env = cliEnv({ configDir: temp.dir, prefix: redis.prefix, databaseUrl: schema.url });
    store = await openStore(schema.url);
    queues = openQueues(connection, redis.prefix);
    for (const stage of STAGES) workers.push(spawnCli(['worker', stage], env));
  });

  afterAll(async () => {
    for (const child of workers) if (child.exitCode === null) child.kill('SIGKILL');
    await queues?.close();
    connection.disconnect();
    await store?.close();
    await server?.close();
    await redis.drop();
    await schema?.drop();
    temp.drop();
  });

  const drained = async () => (await pendingJobs(queues)) === 0;

  it('stores the article and each alert once', async () => {
    const poll = await runCli(['feeds', 'poll'], env);
    expect(poll.code, poll.stderr).toBe(0);
    await until(async () => (await store.counts()).articles === 1 && (await drained()), 'the article to be analysed', WAIT_LIMIT_MS);
    const alerts = await store.listAlerts();
    const rules = alerts.map((a) => a.rule);
    expect(rules).toEqual(expect.arrayContaining(SEED_RULES));
    expect(new Set(rules).size).toBe(rules.length);
    for (const alert of alerts) {
      expect(alert.lang).toBe('en');
      expect(alert.published?.slice(0, 10)).toBe('2022-02-18');
      expect(alert.entities).toEqual(expect.arrayContaining(SEED_ENTITIES));
    }
  });

  it('adds nothing when the feed is polled again', async () => {
    const before = await store.counts();
    await runCli(['feeds', 'poll'], env);
    await until(async () => (await store.getFeed('fixture-world'))?.lastStatus === 'unchanged' && (await drained()), 'the second poll', WAIT_LIMIT_MS);
    expect(await store.counts()).toEqual(before);
    expect(server.hits.get('/world/2022/02/18/donbas-evacuation')).toBe(1);
  });

  it('stops every worker cleanly on SIGTERM', async () => {
    for (const child of workers) child.kill('SIGTERM');
    const codes = await Promise.all(workers.map(exitCode));
    expect(codes).toEqual(STAGES.map(() => 0));
  });
});
