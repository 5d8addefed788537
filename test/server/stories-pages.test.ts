/**
 * /stories (the default view) and /stories/<id> over real Redis and SQLite, as a reader sees them: a
 * Russian first report and an English follower as one story with its source, affiliation, time, the
 * outlet that followed and how long after, its alerts; the JSON twins; 404 and 400; and the pages in
 * chromium (JavaScript off, desktop and phone, no request off the server, screenshots in test-output/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { HAS_CHROMIUM, atEachWidth, launchBrowser, screenshot } from '../helpers/browser.js';
import { openWorld, type World } from './fixture.js';
import { saveStories } from './stories-fixture.js';


describe('server: stories', () => {
  let world: World;
  let server: RunningServer;
  let ids: { first: number; follower: number; other: number };
  const get = (p: string) => fetch(`${server.url}${p}`, { redirect: 'manual' });

  beforeAll(async () => {
    world = await openWorld();
    ids = await saveStories(world);
    server = await startServer(world.rt, { port: 0, env: {} });
  });
  afterAll(async () => {
    await server?.close();
    await world?.cleanup();
  });

  it('sends / to /stories, which lists the evacuation once with its first report, follower and alerts', async () => {
    const root = await get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/stories');
    const body = await (await get('/stories')).text();
    const items = body.split('<li>').slice(1);
    expect(items).toHaveLength(2); // the evacuation (ru + en) and the grain report
    expect(items[0]).toContain('Grain exports &lt;rise&gt;'); // most recently active first, escaped
    const evac = items[1]!;
    expect(evac).toContain('Пушилин объявил эвакуацию жителей ДНР');
    expect(evac).toMatch(/First: <strong>tass<\/strong><\/span><span class="chip affiliation aff-ru-state"[^>]*>ru-state<\/span><span>2022-02-18 13:55 UTC<\/span><span>ru<\/span>/);
    expect(evac).toContain('2 articles, 2 outlets, ru en');
    expect(evac).toContain('2 alerts');
    expect(evac).toContain('Followed by <span>kyiv-news (en) +2 h 30 min</span>');
    expect((await (await get('/stories?multi=1')).text()).split('<li>')).toHaveLength(2);
  });

  it('shows one story first report to last, with its JSON twin, and answers 404 and 400', async () => {
    const list = (await (await get('/api/stories')).json()) as { stories: { id: number; articles: number; first: { articleId: number } }[] };
    const story = list.stories.find((s) => s.first.articleId === ids.first)!;
    expect(story.articles).toBe(2);
    const page = await (await get(`/stories/${story.id}`)).text();
    expect(page).toContain('<h1>Пушилин объявил эвакуацию жителей ДНР</h1>');
    expect(page.indexOf(`/articles/${ids.first}`)).toBeLessThan(page.indexOf(`/articles/${ids.follower}`));
    expect(page).toContain('<span>first report</span>');
    expect(page).toContain('<span>+2 h 30 min</span>');
    const json = (await (await get(`/api/stories/${story.id}`)).json()) as { members: { id: number; after: number }[] };
    expect(json.members.map((m) => [m.id, m.after])).toEqual([[ids.first, 0], [ids.follower, 150]]);
    expect((await get('/stories/999999')).status).toBe(404);
    expect((await get('/api/stories/999999')).status).toBe(404);
    expect((await get('/stories?page=x')).status).toBe(400);
  });

  it.skipIf(!HAS_CHROMIUM)('reads in chromium at desktop and phone width, without JavaScript or a request off the server', async () => {
    const browser = await launchBrowser();
    try {
      const story = (await world.rt.store.listStories()).find((s) => s.first.articleId === ids.first)!;
      await atEachWidth(browser, async (page, width) => {
        const elsewhere: string[] = [];
        page.on('request', (r) => { if (!r.url().startsWith(server.url)) elsewhere.push(r.url()); });
        await page.goto(`${server.url}/`);
        expect(await page.locator('h1').innerText()).toBe('Stories');
        expect(await page.locator('nav.main a').first().innerText()).toBe('Stories');
        expect(await page.locator('ol.alerts > li').count()).toBe(2);
        expect(await page.locator('p.follow').innerText()).toContain('kyiv-news (en) +2 h 30 min');
        const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(await overflow()).toBeLessThanOrEqual(0);
        await page.screenshot({ path: screenshot(`stories-${width}.png`), fullPage: true });
        await page.click(`a[href="/stories/${story.id}"]`);
        expect(await page.locator('h1').innerText()).toBe('Пушилин объявил эвакуацию жителей ДНР');
        expect(await page.locator('ol.alerts > li').count()).toBe(2);
        expect(await overflow()).toBeLessThanOrEqual(0);
        await page.screenshot({ path: screenshot(`story-${width}.png`), fullPage: true });
        expect(elsewhere).toEqual([]);
      });
    } finally {
      await browser.close();
    }
  });
});
