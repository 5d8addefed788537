/**
 * `mediamon worker fetch,analyze`: one process for both stages analyses each page in its fetch job, so
 * no analyze job and no page blob go through Redis; a stage name it does not know is bad usage.
 */
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueues } from '../../src/queues/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { cliEnv, runCli, spawnCli, writeTestConfig } from '../helpers/cli.js';
import { newsPage, rssFeed, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { redisPrefix, REDIS_URL, tempDir } from '../helpers/services.js';
import { until } from '../helpers/wait.js';

const ARTICLES = 12;

describe('mediamon worker with several stages', () => {
  let server: FixtureServer;
  const temp = tempDir();
  const redis = redisPrefix();
  let env: NodeJS.ProcessEnv;
  let store: Store;
  const dbUrl = `sqlite:${path.join(temp.dir, 'db.sqlite')}`;

  beforeAll(async () => {
    server = await startFixtureServer();
    const items = Array.from({ length: ARTICLES }, (_, i) => ({ title: `Report ${i}`, link: `${server.url}/a/${i}` }));
    server.routes.set('/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Site', items) });
    for (let i = 0; i < ARTICLES; i++) {
      server.routes.set(`/a/${i}`, { headers: { 'content-type': 'text/html' }, body: newsPage({ title: `Report ${i}`, paragraphs: [`Report ${i}: Denis Pushilin ordered the evacuation of civilians from the DPR on Friday, officials said.`] }) });
    }
    writeTestConfig(temp.dir, [{ id: 'site', url: `${server.url}/feed.xml` }]);
    env = cliEnv({ configDir: temp.dir, prefix: redis.prefix, databaseUrl: dbUrl });
    store = await openStore(dbUrl);
  });

  afterAll(async () => {
    await store?.close();
    await server?.close();
    await redis.drop();
    temp.drop();
  });

  it('fetch,analyze stores every article and its alert with no analyze job and no page blob in Redis', async () => {
    const procs = [spawnCli(['worker', 'poll'], env), spawnCli(['worker', 'fetch,analyze'], env)];
    const exits = procs.map((p) => new Promise<number | null>((resolve) => p.once('exit', (code) => resolve(code))));
    const client = new Redis(REDIS_URL);
    const queues = openQueues(client, redis.prefix);
    try {
      await until(async () => (await store.counts()).articles >= ARTICLES, `${ARTICLES} articles`, 60_000);
      expect((await store.listAlerts({ rule: 'donbas-evacuation' })).length).toBe(ARTICLES);
      const analyze = await queues.queues.analyze.getJobCounts('completed', 'waiting', 'prioritized', 'failed');
      expect(analyze).toEqual({ completed: 0, waiting: 0, prioritized: 0, failed: 0 });
      expect((await queues.queues.fetch.getJobCounts('completed')).completed).toBe(ARTICLES);
      expect(await client.keys(`${redis.prefix}:page*`)).toEqual([]);
    } finally {
      procs.forEach((p) => p.kill('SIGTERM'));
      expect(await Promise.all(exits)).toEqual([0, 0]);
      await queues.close();
      client.disconnect();
    }
  });

  it('refuses a stage it does not know, naming it (exit 2)', async () => {
    const res = await runCli(['worker', 'fetch,analyse'], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown stage 'analyse'/);
  });
});
