/**
 * One flooding feed cannot hold up the others: a poll enqueues at most polling.maxItemsPerPoll new
 * items, newest first, and leaves the rest unseen for the next polls (nothing lost); and the n-th item
 * of each poll gets priority n, so a healthy feed's new article is fetched before the flood's backlog.
 * Only `worker poll` runs: the fetch queue's order is the order the articles will be fetched in.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { rssFeed } from '../helpers/fixture-server.js';
import { REDIS_URL } from '../helpers/services.js';
import { until } from '../helpers/wait.js';

const FLOOD = 3_000;
const CAP = 200;

describe('poll cap and fairness', () => {
  const e2e = useE2E({
    routes: (url) => {
      // Item i was published i minutes before 2026-12-01T12:00Z, listed oldest first (the cap must sort).
      const items = Array.from({ length: FLOOD }, (_, k) => FLOOD - 1 - k).map((i) => ({
        title: `Flood ${i}`, link: `${url}/flood/${i}`, description: 'Live updates.',
        pubDate: new Date(Date.UTC(2026, 11, 1, 12) - i * 60_000).toUTCString(),
      }));
      return {
        '/flood.xml': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Flood', items) },
        '/healthy.xml': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Healthy', []) },
      };
    },
    feeds: (url) => [{ id: 'flood', url: `${url}/flood.xml` }, { id: 'healthy', url: `${url}/healthy.xml` }],
    settings: () => ({ polling: { maxItemsPerPoll: CAP } }),
  });
  const conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  e2e.onClose(() => conn.disconnect());

  it('caps a poll, newest first, and puts a healthy feed ahead of the backlog', async () => {
    const fetch = new Queue('fetch', { connection: conn, prefix: e2e.prefix });
    const poll = new Queue('poll', { connection: conn, prefix: e2e.prefix });
    const worker = spawnCli(['worker', 'poll'], e2e.env);
    const titles = async (): Promise<string[]> => (await fetch.getJobs(['prioritized', 'wait'], 0, -1, true)).map((j) => (j.data as { item: { title: string } }).item.title);
    try {
      await until(async () => (await fetch.count()) >= CAP, 'the first poll of the flood', 120_000, 300);
      const first = await titles();
      expect(first).toHaveLength(CAP);
      expect(first).toEqual(Array.from({ length: CAP }, (_, i) => `Flood ${i}`)); // the newest, newest first

      // The healthy feed publishes; its next poll comes while the flood's backlog waits.
      e2e.server.routes.set('/healthy.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Healthy', [{ title: 'Pushilin orders evacuation', link: `${e2e.server.url}/healthy/1`, description: 'Evacuation.' }]) });
      await poll.add('poll', { feedId: 'healthy', force: true }, { jobId: 'now-healthy' });
      await poll.add('poll', { feedId: 'flood', force: true }, { jobId: 'now-flood' });
      await until(async () => (await fetch.count()) >= 2 * CAP + 1, 'the second polls', 120_000, 300);
      const order = await titles();
      expect(order.length).toBe(2 * CAP + 1);
      // Fetched in this order: the healthy article has priority 1, like each flood poll's newest: among the first three of 401.
      expect(order.indexOf('Pushilin orders evacuation')).toBeGreaterThanOrEqual(0);
      expect(order.indexOf('Pushilin orders evacuation')).toBeLessThan(3);
      // Nothing lost: the second flood poll took the next newest 200, none twice.
      const flood = order.filter((t) => t.startsWith('Flood ')).map((t) => Number(t.slice(6))).sort((a, b) => a - b);
      expect(flood).toEqual(Array.from({ length: 2 * CAP }, (_, i) => i));
    } finally {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
      await fetch.close();
      await poll.close();
    }
  }, 300_000);
});
