/**
 * A host that answers 429 with Retry-After has its pages waited for, not retried: no attempt is spent;
 * once a page has waited longer than fetch.feedTextAfter its article is analysed from the feed's text
 * (an alert at once), and when the host lets us in the page upgrades that article: re-tagged, the rule
 * that fired on the feed's text not alerted twice, a rule only the page fires alerted once. The waiting
 * host gives one log line when it starts making us wait and one when it answers again, not one a page.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { STAGES } from '../../src/queues/index.js';
import { useE2E } from '../helpers/e2e.js';
import { newsPage, rssFeed, type Route } from '../helpers/fixture-server.js';
import { useRuntime } from '../helpers/runtime.js';
import { until } from '../helpers/wait.js';

const FEED_TEXT = 'Denis Pushilin announced the evacuation of civilians from the DPR to the Rostov region on Friday.';
const PAGE_EXTRA = 'Shelling of Donetsk continued overnight, the DPR said, as buses waited at the stations.';
const PAGES = 3;
const WAIT_S = 3;

describe('Retry-After: pages wait for their host, then upgrade articles read from the feed text', () => {
  const lines: Record<string, unknown>[] = [];
  let openAt = Infinity;
  const statuses: number[] = [];
  const e2e = useE2E({
    routes: (url) => {
      // The pages live on another host name of the same server, so the feed is not held up with them.
      const pageHost = url.replace('127.0.0.1', 'localhost');
      const page = newsPage({ title: 'Evacuation ordered', paragraphs: [FEED_TEXT, PAGE_EXTRA, 'Kyiv called the announcement a provocation.'] });
      const routes: Record<string, Route> = {};
      for (let i = 1; i <= PAGES; i++) {
        routes[`/p/${i}`] = (_req, res) => {
          // Closed (429, Retry-After) until the test opens the host; then the page.
          if (Date.now() < openAt) {
            statuses.push(429);
            res.writeHead(429, { 'retry-after': String(WAIT_S) }).end('slow down');
          } else {
            statuses.push(200);
            res.writeHead(200, { 'content-type': 'text/html' }).end(page);
          }
        };
      }
      const items = Array.from({ length: PAGES }, (_, k) => ({ title: `Evacuation ordered ${k + 1}`, link: `${pageHost}/p/${k + 1}`, description: FEED_TEXT }));
      routes['/feed.xml'] = { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Waiting', items) };
      return routes;
    },
    feeds: (url) => [{ id: 'waiting', url: `${url}/feed.xml` }],
    settings: () => ({ fetch: { timeout: '5s', allowHosts: ['127.0.0.1', 'localhost'], feedTextAfter: '1s', maxRetryAfter: '1h' } }),
  });
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l)); done(); } });
  const world = useRuntime(e2e, { logger: pino({ level: 'info' }, sink), stages: STAGES });

  const articles = async () => {
    const alerts = await world.rt.store.listAlerts({});
    const ids = [...new Set(alerts.map((a) => a.articleId))];
    return { alerts, stored: await Promise.all(ids.map(async (id) => (await world.rt.store.getArticle(id))!)) };
  };

  it('analyses from feed text meanwhile, then upgrades and re-tags with no duplicate alert', async () => {
    openAt = Infinity;
    await world.rt.queues.queues.poll.add('poll', { feedId: 'waiting', force: true });
    // Waiting longer than feedTextAfter: the articles are read from the feed's text, alerts at once.
    await until(async () => (await articles()).stored.length === PAGES, 'articles read from the feed text', 30_000);
    const before = await articles();
    for (const a of before.stored) {
      expect(a.method).toBe('feed-fallback');
      expect(a.fetchError).toMatch(/429.*fetched when the host allows/);
    }
    expect(before.alerts.map((a) => a.rule).sort()).toEqual(Array(PAGES).fill('donbas-evacuation'));
    // The fetch jobs are delayed, not failed, with no attempt spent.
    const pending = () => world.rt.queues.queues.fetch.getJobs(['delayed', 'active', 'waiting', 'prioritized']);
    await until(async () => (await pending()).length === PAGES, 'the fetch jobs to be waiting for the host', 10_000);
    for (const job of await pending()) expect(job.attemptsMade).toBe(0);
    expect((await pending()).some((job) => job.data.analysedFromFeed === true)).toBe(true);
    expect(await world.rt.queues.queues.fetch.getFailedCount()).toBe(0);

    openAt = Date.now();
    await until(async () => (await articles()).stored.every((a) => a.method !== 'feed-fallback'), 'articles upgraded with their pages', 30_000);
    const after = await articles();
    for (const a of after.stored) {
      expect(a.text).toContain('Shelling of Donetsk');
      expect(a.fetchError).toBeNull();
      expect(a.mentions.map((m) => m.entity)).toContain('shelling');
    }
    // One alert per article and rule: the feed-text one kept (same id), the page's new rule added once.
    const pairs = after.alerts.map((a) => `${a.articleId}/${a.rule}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(after.alerts.filter((a) => a.rule === 'donbas-evacuation').map((a) => a.id).sort()).toEqual(before.alerts.map((a) => a.id).sort());
    expect(after.alerts.filter((a) => a.rule === 'shelling-donbas')).toHaveLength(PAGES);
    expect(await world.rt.queues.queues.fetch.getFailedCount()).toBe(0);
    expect(statuses.filter((s) => s === 200)).toHaveLength(PAGES);

    // One line when the host began to make us wait, one when it answered again: not one per page.
    const messages = lines.map((l) => String(l.msg));
    expect(messages.filter((m) => /asks to wait/.test(m))).toHaveLength(1);
    expect(messages.filter((m) => /answers again after \d+ s/.test(m))).toHaveLength(1);
    expect(messages.filter((m) => /will retry|job delayed/.test(m))).toHaveLength(0);
  });
});
