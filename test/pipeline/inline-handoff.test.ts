/**
 * A process running fetch and analyze analyses each page in its fetch job; when that fails (here: the
 * PostgreSQL store cut off mid-run), the page goes to the analyze queue as before, and the analyze job's
 * retries store it once the store is back. Nothing is lost, nothing is stored twice.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openQueues } from '../../src/queues/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { Redis } from 'ioredis';
import { spawnCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { newsPage, rssFeed, type Route } from '../helpers/fixture-server.js';
import { PG_URL, REDIS_URL } from '../helpers/services.js';
import { freePort, until } from '../helpers/wait.js';
import { PgProxy } from '../reliability/chaos-kit.js';

const ARTICLES = 6;
/** Pages answer this late, so the store is already cut off when their analysis stores. */
const PAGE_DELAY_MS = 800;

describe('fetch,analyze with the store cut off', () => {
  let proxy: PgProxy;
  let store: Store;
  let env: NodeJS.ProcessEnv;
  let proxyStopped = false;
  const cut = async () => {
    if (proxyStopped) return;
    proxyStopped = true;
    await proxy.stop();
  };
  const e2e = useE2E({
    store: 'pg',
    routes: (url) => {
      const items = Array.from({ length: ARTICLES }, (_, i) => ({ title: `Report ${i}`, link: `${url}/a/${i}` }));
      const routes: Record<string, Route> = { '/feed.xml': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Site', items) } };
      for (let i = 0; i < ARTICLES; i++) {
        const body = newsPage({ title: `Report ${i}`, paragraphs: [`Report ${i}: Denis Pushilin ordered the evacuation of civilians from the DPR on Friday, officials said.`] });
        routes[`/a/${i}`] = (_req, res) => {
          // The first page request cuts the store off (the poll has stored what it needed by then).
          void cut();
          setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(body), PAGE_DELAY_MS);
        };
      }
      return routes;
    },
    feeds: (url) => [{ id: 'site', url: `${url}/feed.xml` }],
  });

  beforeAll(async () => {
    proxy = new PgProxy(await freePort());
    await proxy.resume();
    e2e.onClose(() => proxy.stop());
    store = await openStore(e2e.databaseUrl);
    e2e.onClose(() => store.close());
    // The worker reaches PostgreSQL through the proxy the test cuts; the test reads it directly.
    env = { ...e2e.env, DATABASE_URL: e2e.databaseUrl.replace(new URL(PG_URL).host, `127.0.0.1:${proxy.port}`) };
  });

  it('hands the pages it cannot store to the analyze queue, which stores each once when the store is back', async () => {
    const worker = spawnCli(['worker', 'poll,fetch,analyze'], env);
    let log = '';
    worker.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
    const client = new Redis(REDIS_URL);
    const queues = openQueues(client, e2e.prefix);
    try {
      await until(() => log.includes('handing it to the analyze queue'), 'a page handed to the analyze queue', 60_000);
      await proxy.resume();
      await until(async () => (await store.counts()).articles >= ARTICLES, `${ARTICLES} articles`, 90_000);
      await until(async () => (await queues.queues.analyze.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).delayed === 0, 'the analyze queue to drain', 60_000);
      expect((await store.counts()).articles).toBe(ARTICLES);
      expect((await store.listAlerts({ rule: 'donbas-evacuation' })).length).toBe(ARTICLES);
      const handedOff = (await queues.queues.analyze.getJobCounts('completed')).completed;
      expect(handedOff).toBeGreaterThan(0);
      expect((await queues.queues.analyze.getJobCounts('failed')).failed).toBe(0);
      expect((await queues.queues.fetch.getJobCounts('failed')).failed).toBe(0);
      for (let i = 0; i < ARTICLES; i++) expect(e2e.server.hits.get(`/a/${i}`), `/a/${i}`).toBe(1);
    } finally {
      worker.kill('SIGTERM');
      await exited;
      await queues.close();
      client.disconnect();
    }
  });
});
