/**
 * The analyst's pages over real Redis and SQLite, as a reader sees them: /articles (every article,
 * filters, search, count, 400 on a bad date), /entities/<id> (names, day bars with their counts,
 * co-mentioned entities, sources, 404), /narratives (counts, the carrying sentence), /sources (health,
 * sparkline), the nav bar, and each page's /api twin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { CLAIM, saveNarrativeArticle } from './analyst-fixture.js';
import { openWorld, seed, type World } from './fixture.js';

describe('server: analyst pages (articles, entities, narratives, sources)', () => {
  let world: World;
  let server: RunningServer;
  const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });
  const text = async (path: string) => {
    const res = await get(path);
    expect(res.status, path).toBe(200);
    return res.text();
  };
  const titles = (body: string) => [...body.matchAll(/<h2><a href="\/articles\/\d+">(.*?)<\/a><\/h2>/g)].map((m) => m[1]!);
  const bars = (body: string) => [...body.matchAll(/<rect class="bar"[^>]*><title>([^<]+)<\/title>/g)].map((m) => m[1]!);

  beforeAll(async () => {
    world = await openWorld();
    await seed(world.rt, 3); // plain-0..2 (2021-01-01), ru-1 (tass), xss, pushilin-1 (2022-02-18)
    await saveNarrativeArticle(world);
    await world.rt.store.updateFeed('kyiv-news', { lastStatus: 'http-5xx', consecutiveErrors: 3, lastError: 'HTTP 503 from kyiv-news' });
    server = await startServer(world.rt, { port: 0, env: {} });
  });
  afterAll(async () => {
    await server?.close();
    await world?.cleanup();
  });

  it('lists every article, alert or not, newest published first, counted, with a nav bar', async () => {
    const body = await text('/articles');
    expect(body).toMatch(/<strong>7<\/strong> articles match/);
    expect(titles(body).slice(0, 2)).toEqual(['Offensive claim without an alert', 'Pushilin announces evacuation']);
    for (const link of ['/alerts', '/articles', '/narratives', '/sources']) expect(body).toContain(`<a href="${link}">`);
    expect(body).toContain('<a class="chip" href="/entities/pushilin">Denis Pushilin</a>');
  });

  it('narrows /articles by feed, entity, narrative, date and search; refuses a malformed date', async () => {
    expect(titles(await text('/articles?feed=tass'))).toEqual(['Offensive claim without an alert', 'Пушилин объявил эвакуацию']);
    expect(titles(await text('/articles?entity=pushilin&lang=en'))).toEqual(['Offensive claim without an alert', 'Pushilin announces evacuation']);
    expect(titles(await text('/articles?narrative=ukraine-aggressive'))).toEqual(['Offensive claim without an alert']);
    expect(await text('/articles?from=2021-01-01&to=2021-01-01')).toMatch(/<strong>3<\/strong> articles match/);
    expect(titles(await text('/articles?q=offensives'))).toEqual(['Offensive claim without an alert']);
    const bad = await get('/articles?from=2022-13-45x');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('from must be a date');
    expect((await get('/api/articles?to=yesterday')).status).toBe(400);
    const api = await (await get('/api/articles?entity=pushilin')).json() as { total: number; articles: { title: string; entities: string[] }[] };
    expect(api.total).toBe(3);
    expect(api.articles[0]).toMatchObject({ title: 'Offensive claim without an alert', entities: ['pushilin'] });
  });

  it('shows an entity: names, mentions per day as bars with their counts, co-mentioned entities, sources, recent articles', async () => {
    const body = await text('/entities/pushilin');
    expect(body).toContain('<h1>Denis Pushilin</h1>');
    expect(body).toContain('Пушилин');
    expect(body).toMatch(/<strong>3<\/strong> articles mention Denis Pushilin/);
    expect(bars(body)).toEqual(['2022-02-18: 2 articles', '2022-02-19: 0 articles', '2022-02-20: 1 article']);
    expect(body).toMatch(/aria-label="Articles mentioning Denis Pushilin per day: 3 articles over 3 days, at most 2 a day"/);
    expect(body).toMatch(/<a class="chip" href="\/entities\/dpr">Donetsk People&#39;s Republic<\/a> 1 article/);
    expect(body).toMatch(/href="\/articles\?feed=tass">tass<\/a><\/td><td><span class="chip affiliation aff-ru-state"[^>]*>ru-state<\/span><\/td><td class="num">2</);
    expect(titles(body)[0]).toBe('Offensive claim without an alert');
    expect(bars(await text('/entities/pushilin?from=2022-02-20'))).toEqual(['2022-02-20: 1 article']);
    const api = await (await get('/api/entities/pushilin')).json() as { articles: number; coMentioned: { id: string }[]; timeline: { n: number }[] };
    expect(api.articles).toBe(3);
    expect(api.coMentioned.map((c) => c.id).sort()).toEqual(['dpr', 'evacuation']);
    expect(api.timeline.map((t) => t.n)).toEqual([2, 0, 1]);
    expect((await get('/entities/nobody-here')).status).toBe(404);
    expect((await get('/api/entities/nobody-here')).status).toBe(404);
    expect((await get('/entities/pushilin?to=02/20/2022')).status).toBe(400);
  });

  it('lists narratives with counts and shows one with its bars, affiliations and the carrying sentence', async () => {
    const list = await text('/narratives');
    expect(list).toMatch(/<a href="\/narratives\/ukraine-aggressive">Ukraine is the aggressor<\/a>.*?<td class="num">1<\/td>/s);
    expect(list).toMatch(/<a href="\/narratives\/maidan-coup">[^<]+<\/a>.*?<td class="num">0<\/td>/s);
    const one = await text('/narratives/ukraine-aggressive');
    expect(one).toMatch(/<strong>1<\/strong> article carries it/);
    expect(bars(one)).toEqual(['2022-02-20: 1 article']);
    expect(one).toContain('<li>ru-state: 1</li>');
    expect(one).toContain(`<blockquote class="claim">${CLAIM}</blockquote>`);
    const api = await (await get('/api/narratives/ukraine-aggressive')).json() as { articles: number; recent: { sentences: string[] }[] };
    expect(api).toMatchObject({ articles: 1, recent: [{ sentences: [CLAIM] }] });
    expect((await get('/narratives/not-a-narrative')).status).toBe(404);
  });

  it('shows each source\'s health, affiliation and a 14-day sparkline', async () => {
    await world.rt.store.saveAnalysis({
      key: 'today', feedId: 'kyiv-news', url: null, canonicalUrl: null, title: 'Today', text: 'Today.', author: null,
      published: new Date().toISOString(), lang: 'en', langConfidence: 0.9, siteName: null, method: 'generic', fetchError: null,
    }, [], []);
    const body = await text('/sources');
    expect(body.split('<tr class="health-').find((r) => r.includes('href="/articles?feed=kyiv-news"'))).toMatch(/aria-label="Kyiv News items per day: 1 item in 14 days"/);
    const row = (id: string) => body.split('<tr class="health-').find((r) => r.includes(`href="/articles?feed=${id}"`))!;
    expect(row('kyiv-news')).toMatch(/^failing/);
    expect(row('kyiv-news')).toContain('3 consecutive errors');
    expect(row('kyiv-news')).toContain('HTTP 503 from kyiv-news');
    expect(row('tass')).toContain('aff-ru-state');
    expect(row('tass')).toMatch(/aria-label="tass items per day: 0 items in 14 days"/); // seeded articles are years old
    const api = await (await get('/api/sources')).json() as { sources: { id: string; health: string; volume: unknown[] }[] };
    expect(api.sources.find((s) => s.id === 'kyiv-news')).toMatchObject({ health: 'failing' });
    expect(api.sources[0]!.volume).toHaveLength(14);
  });
});
