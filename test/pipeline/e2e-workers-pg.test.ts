/**
 * The same flow as e2e-seed, as an operator runs it on several hosts: one process per stage (two for
 * fetch and analyze) sharing one Redis and one PostgreSQL. The article and each alert are stored once;
 * polling again adds nothing; SIGTERM stops every worker cleanly.
 */
import type { ChildProcess } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/pipeline/runtime.js';
import { openQueues, pendingJobs, type QueueSet } from '../../src/queues/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { REDIS_URL } from '../helpers/services.js';
import { SEED_ENTITIES, SEED_RULES, seedRoutes } from './seed-fixture.js';
import { until } from '../helpers/wait.js';

const STAGES = ['poll', 'fetch', 'fetch', 'analyze', 'analyze', 'deliver'];
const WAIT_LIMIT_MS = 90_000;

function exitCode(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('worker processes per stage on PostgreSQL', () => {
  const e2e = useE2E({ store: 'pg', routes: seedRoutes, feeds: (url) => [{ id: 'fixture-world', url: `${url}/feed.xml` }] });
  let store: Store;
  let queues: QueueSet;
  const connection = connectRedis(REDIS_URL);
  e2e.onClose(() => connection.disconnect());
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    store = await openStore(e2e.databaseUrl);
    e2e.onClose(() => store.close());
    queues = openQueues(connection, e2e.prefix);
    e2e.onClose(() => queues.close());
    for (const stage of STAGES) workers.push(spawnCli(['worker', stage], e2e.env));
    e2e.onClose(() => {
      for (const child of workers) if (child.exitCode === null) child.kill('SIGKILL');
    });
  });

  const drained = async () => (await pendingJobs(queues)) === 0;

  it('stores the article and each alert once', async () => {
    const poll = await runCli(['feeds', 'poll'], e2e.env);
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
    await runCli(['feeds', 'poll'], e2e.env);
    await until(async () => (await store.getFeed('fixture-world'))?.lastStatus === 'unchanged' && (await drained()), 'the second poll', WAIT_LIMIT_MS);
    expect(await store.counts()).toEqual(before);
    expect(e2e.server.hits.get('/world/2022/02/18/donbas-evacuation')).toBe(1);
  });

  it('stops every worker cleanly on SIGTERM', async () => {
    for (const child of workers) child.kill('SIGTERM');
    const codes = await Promise.all(workers.map(exitCode));
    expect(codes).toEqual(STAGES.map(() => 0));
  });
});
