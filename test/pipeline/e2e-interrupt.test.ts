/**
 * Ctrl-C loses nothing: `mediamon run` interrupted in the middle of a feed exits cleanly, and the next
 * run finishes the work: every article stored once, every alert raised once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { newsPage, rssFeed, type Route } from '../helpers/fixture-server.js';

const ARTICLES = 40;
const PAGE_DELAY_MS = 150;

describe('interrupting mediamon run', () => {
  let store: Store;
  const e2e = useE2E({
    routes: (url) => {
      const items = Array.from({ length: ARTICLES }, (_, i) => ({ title: `Report ${i}`, link: `${url}/a/${i}` }));
      const routes: Record<string, Route> = { '/feed.xml': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Slow site', items) } };
      for (let i = 0; i < ARTICLES; i++) {
        const page = newsPage({
          title: `Report ${i}`,
          paragraphs: [`Report ${i}: Denis Pushilin announced the evacuation of civilians from the DPR to the Rostov region on Friday.`, 'Officials in Kyiv called the claims disinformation and said no offensive was planned.'],
        });
        routes[`/a/${i}`] = (_req, res) => {
          setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(page), PAGE_DELAY_MS);
        };
      }
      return routes;
    },
    feeds: (url) => [{ id: 'slow', url: `${url}/feed.xml` }],
    // A process that fetches and analyses finishes the pages it holds before it exits (each analysed in
    // its fetch job), so with the default 32 at once a loaded machine could hold the whole feed when the
    // signal comes; two at once keeps the interruption in the middle of the feed.
    settings: () => ({ queues: { concurrency: { fetch: 2 } } }),
  });

  beforeAll(async () => {
    store = await openStore(e2e.databaseUrl);
    e2e.onClose(() => store.close());
  });

  it('stops on SIGINT mid-feed, and the next run completes every article exactly once', async () => {
    const run = spawnCli(['run', '--no-server'], e2e.env);
    const exited = new Promise<number | null>((resolve) => run.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while ((await store.counts()).articles < 3) {
      if (Date.now() > deadline) throw new Error('no article was stored within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    run.kill('SIGINT');
    expect(await exited).toBe(0);
    const interrupted = (await store.counts()).articles;

    const again = await runCli(['run', '--once'], e2e.env);
    expect(again.code, again.stderr).toBe(0);
    const counts = await store.counts();
    expect(counts.articles).toBe(ARTICLES);
    expect(interrupted).toBeLessThan(ARTICLES);
    const alerts = await store.listAlerts({ limit: 10_000 });
    const perArticleRule = new Set(alerts.map((a) => `${a.articleId}/${a.rule}`));
    expect(perArticleRule.size).toBe(alerts.length);
    expect(new Set(alerts.filter((a) => a.rule === 'donbas-evacuation').map((a) => a.url)).size).toBe(ARTICLES);
    for (let i = 0; i < ARTICLES; i++) expect(e2e.server.hits.get(`/a/${i}`) ?? 0).toBeGreaterThanOrEqual(1);
  });
});
