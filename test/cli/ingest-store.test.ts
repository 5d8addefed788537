/**
 * `mediamon ingest --store` keys what it stores as the pipeline does (src/pipeline/keys.ts): the same
 * article arriving later through its feed is recognised, not stored a second time.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { cliEnv, jsonLines, runCli, writeTestConfig } from '../helpers/cli.js';
import { newsPage, rssFeed, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { redisPrefix, tempDir } from '../helpers/services.js';

const TEXT = 'Denis Pushilin announced the evacuation of civilians from the DPR to the Rostov region on Friday.';

describe('mediamon ingest --store, then the feed', () => {
  let server: FixtureServer;
  const temp = tempDir();
  const redis = redisPrefix();
  const dbFile = () => path.join(temp.dir, 'db.sqlite');
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await startFixtureServer();
    server.routes.set('/news/evacuation', { headers: { 'content-type': 'text/html' }, body: newsPage({ title: 'Evacuation ordered', paragraphs: [TEXT, 'Kyiv called it a provocation.'] }) });
    // The feed links the page with a tracking parameter: the same article, the same canonical key.
    server.routes.set('/feed.xml', {
      headers: { 'content-type': 'application/rss+xml' },
      body: rssFeed('Desk', [{ title: 'Evacuation ordered', link: `${server.url}/news/evacuation?utm_source=rss`, guid: 'desk-1', description: TEXT }]),
    });
    writeTestConfig(temp.dir, [{ id: 'desk', url: `${server.url}/feed.xml` }], { queues: { analyzeProcesses: 0 } });
    env = cliEnv({ configDir: temp.dir, prefix: redis.prefix, databaseUrl: `sqlite:${dbFile()}` });
  });

  afterAll(async () => {
    await server?.close();
    await redis.drop();
    temp.drop();
  });

  it('stores the page once; the pipeline then finds it stored and adds no second article', { timeout: 240_000 }, async () => {
    const ingest = await runCli(['ingest', '--store', `${server.url}/news/evacuation`], env);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stderr).toMatch(/stored 1 article\(s\), [1-9]\d* new alert\(s\)/);
    const alertsBefore = jsonLines((await runCli(['alerts', 'list', '--json'], env)).stdout);

    const run = await runCli(['run', '--once', '--no-server'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(server.hits.get('/feed.xml')).toBe(1);

    const store = await openStore(`sqlite:${dbFile()}`);
    try {
      expect((await store.counts()).articles).toBe(1);
    } finally {
      await store.close();
    }
    const alertsAfter = jsonLines((await runCli(['alerts', 'list', '--json'], env)).stdout);
    expect(alertsAfter.map((a) => a.id)).toEqual(alertsBefore.map((a) => a.id));
    expect(new Set(alertsAfter.map((a) => a.url))).toEqual(new Set([`${server.url}/news/evacuation`]));
  });
});
