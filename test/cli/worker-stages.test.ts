/**
 * `mediamon worker fetch,analyze`: one process for both stages analyses each page in its fetch job, so
 * no analyze job and no page blob go through Redis; a stage name it does not know is bad usage.
 */
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { openQueues } from '../../src/queues/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { reportSite, useE2E } from '../helpers/e2e.js';
import { REDIS_URL } from '../helpers/services.js';
import { until } from '../helpers/wait.js';

const ARTICLES = 12;

describe('mediamon worker with several stages', () => {
  let store: Store;
  const e2e = useE2E({
    routes: reportSite(ARTICLES),
    feeds: (url) => [{ id: 'site', url: `${url}/feed.xml` }],
  });

  beforeAll(async () => {
    store = await openStore(e2e.databaseUrl);
    e2e.onClose(() => store.close());
  });

  it('fetch,analyze stores every article and its alert with no analyze job and no page blob in Redis', async () => {
    const procs = [spawnCli(['worker', 'poll'], e2e.env), spawnCli(['worker', 'fetch,analyze'], e2e.env)];
    const exits = procs.map((p) => new Promise<number | null>((resolve) => p.once('exit', (code) => resolve(code))));
    const client = new Redis(REDIS_URL);
    const queues = openQueues(client, e2e.prefix);
    try {
      await until(async () => (await store.counts()).articles >= ARTICLES, `${ARTICLES} articles`, 60_000);
      expect((await store.listAlerts({ rule: 'donbas-evacuation' })).length).toBe(ARTICLES);
      const analyze = await queues.queues.analyze.getJobCounts('completed', 'waiting', 'prioritized', 'failed');
      expect(analyze).toEqual({ completed: 0, waiting: 0, prioritized: 0, failed: 0 });
      expect((await queues.queues.fetch.getJobCounts('completed')).completed).toBe(ARTICLES);
      expect(await client.keys(`${e2e.prefix}:page*`)).toEqual([]);
    } finally {
      procs.forEach((p) => p.kill('SIGTERM'));
      expect(await Promise.all(exits)).toEqual([0, 0]);
      await queues.close();
      client.disconnect();
    }
  });

  it('refuses a stage it does not know, naming it (exit 2)', async () => {
    const res = await runCli(['worker', 'fetch,analyse'], e2e.env);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown stage 'analyse'/);
  });
});
