/**
 * `mediamon ingest --store` stores an article as the pipeline does (the same key, fields, mentions and
 * alerts: it runs the pipeline's own functions), so the same article arriving later through its feed is
 * recognised, not stored a second time.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { newsPage, rssFeed } from '../helpers/fixture-server.js';

const TEXT = 'Denis Pushilin announced the evacuation of civilians from the DPR to the Rostov region on Friday.';
/** Analysis in the `run` process itself: no analyze children to start. */
const SETTINGS = () => ({ queues: { analyzeProcesses: 0 } });
const DESK = (url: string) => [{ id: 'desk', url: `${url}/feed.xml` }];
const PAGE = { headers: { 'content-type': 'text/html', 'content-language': 'en' }, body: newsPage({ title: 'Evacuation ordered', paragraphs: [TEXT, 'Kyiv called it a provocation.'] }) };

/** Every stored article as the store gives it back (ids and storage times aside), with its alerts' rules, by key. */
async function storedArticles(databaseUrl: string) {
  const store = await openStore(databaseUrl);
  try {
    const alerts = await store.listAlerts({ limit: 1000 });
    const articles = await Promise.all((await store.listArticles({ limit: 1000 })).map((a) => store.getArticle(a.id)));
    return articles
      .map((article) => {
        const { id, created: _created, ...stored } = article!;
        return { ...stored, alerts: alerts.filter((a) => a.articleId === id).map((a) => a.rule).sort() };
      })
      .sort((a, b) => a.key.localeCompare(b.key));
  } finally {
    await store.close();
  }
}

describe('mediamon ingest --store of a page, then its feed', () => {
  const e2e = useE2E({
    routes: (url) => ({
      '/news/evacuation': PAGE,
      // The feed links the page with a tracking parameter: the same article, the same canonical key.
      '/feed.xml': {
        headers: { 'content-type': 'application/rss+xml' },
        body: rssFeed('Desk', [{ title: 'Evacuation ordered', link: `${url}/news/evacuation?utm_source=rss`, guid: 'desk-1', description: TEXT }]),
      },
    }),
    feeds: DESK,
    settings: SETTINGS,
  });

  it('stores the page once; the pipeline then finds it stored and adds no second article', { timeout: 240_000 }, async () => {
    const ingest = await runCli(['ingest', '--store', `${e2e.server.url}/news/evacuation`], e2e.env);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stderr).toMatch(/stored 1 article\(s\), [1-9]\d* new alert\(s\)/);
    const alertsBefore = jsonLines((await runCli(['alerts', 'list', '--json'], e2e.env)).stdout);

    const run = await runCli(['run', '--once', '--no-server'], e2e.env);
    expect(run.code, run.stderr).toBe(0);
    expect(e2e.server.hits.get('/feed.xml')).toBe(1);

    expect(await storedArticles(e2e.databaseUrl)).toHaveLength(1);
    const alertsAfter = jsonLines((await runCli(['alerts', 'list', '--json'], e2e.env)).stdout);
    expect(alertsAfter.map((a) => a.id)).toEqual(alertsBefore.map((a) => a.id));
    expect(new Set(alertsAfter.map((a) => a.url))).toEqual(new Set([`${e2e.server.url}/news/evacuation`]));
  });
});

describe('mediamon ingest --store of a feed, and the pipeline reading the same feed', () => {
  const e2e = useE2E({
    routes: (url) => ({
      '/news/evacuation': PAGE,
      '/news/note.txt': { headers: { 'content-type': 'text/plain' }, body: 'A note, not a page.' },
      // A page that is gone (404), one that is not HTML, and an item with no link: each is read from
      // the feed's text, and says why.
      '/feed.xml': {
        headers: { 'content-type': 'application/rss+xml' },
        body: rssFeed('Desk', [
          { title: 'Evacuation ordered', link: `${url}/news/evacuation?utm_source=rss`, guid: 'desk-1', description: TEXT, pubDate: 'Fri, 18 Feb 2022 13:30:00 GMT' },
          { title: 'Evacuation, the second report', link: `${url}/news/gone`, description: `Second report. ${TEXT}` },
          { title: 'A note', link: `${url}/news/note.txt`, description: 'Farmers in the south expect a good harvest this year.' },
          { title: 'Evacuation ordered (again)', link: `${url}/news/evacuation`, description: 'The same article twice in one feed.' },
        ]).replace('</channel>', `<item><title>Brief</title><guid isPermaLink="false">desk-brief</guid><description>${TEXT}</description></item>\n</channel>`),
      },
    }),
    feeds: DESK,
    settings: SETTINGS,
  });

  it('stores every article as `run --once` does, and a later poll of the feed adds nothing', { timeout: 240_000 }, async () => {
    const ingestDb = `sqlite:${path.join(e2e.dir, 'ingest.db')}`;
    const ingestEnv = { ...e2e.env, DATABASE_URL: ingestDb };
    const ingest = await runCli(['ingest', '--store', `${e2e.server.url}/feed.xml`], ingestEnv);
    expect(ingest.code, ingest.stderr).toBe(0);
    const ingested = await storedArticles(ingestDb);
    expect(ingested.map((a) => a.key)).toEqual([
      'guid:desk:desk-brief', `${e2e.server.url}/news/evacuation`, `${e2e.server.url}/news/gone`, `${e2e.server.url}/news/note.txt`,
    ]);

    // The pipeline over the store ingest wrote finds every article stored already.
    const again = await runCli(['run', '--once', '--no-server'], ingestEnv);
    expect(again.code, again.stderr).toBe(0);
    expect(await storedArticles(ingestDb)).toEqual(ingested);

    // The pipeline over a store of its own stores the same articles, fields, mentions and alerts.
    const run = await runCli(['run', '--once', '--no-server'], e2e.env);
    expect(run.code, run.stderr).toBe(0);
    const piped = await storedArticles(e2e.databaseUrl);
    expect(piped).toEqual(ingested);
    expect(piped.map((a) => [a.method, a.fetchError])).toEqual([
      ['feed-fallback', 'the feed item has no link'],
      ['generic', null],
      ['feed-fallback', `fetch: ${e2e.server.url}/news/gone: HTTP 404`],
      ['feed-fallback', `fetch: ${e2e.server.url}/news/note.txt: not an HTML page (text/plain)`],
    ]);
    expect(piped.map((a) => a.alerts)).toEqual([['donbas-evacuation'], ['donbas-evacuation'], ['donbas-evacuation'], []]);
  });
});
