/**
 * The HTTP server on 127.0.0.1:0 over real Redis and SQLite: health and readiness, the alerts page
 * (filters, search, paging, escaping), the article view (highlights, evidence), the dashboard and the
 * Atom route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { PAGE_SIZE } from '../../src/server/alerts-page.js';
import { openWorld, seed, XSS_TITLE, type World } from './fixture.js';

describe('server: pages, health, dashboard (no credentials, loopback)', () => {
  let world: World;
  let server: RunningServer;
  let ids: Awaited<ReturnType<typeof seed>>;
  const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
  const text = async (path: string) => {
    const res = await get(path);
    expect(res.status, path).toBe(200);
    return res.text();
  };
  /** The article titles on a list page, in order (as the browser shows them). */
  const titles = (body: string) => [...body.matchAll(/<h2><a href="\/articles\/\d+">(.*?)<\/a><\/h2>/g)].map((m) => m[1]!.replace(/<\/?mark>/g, ''));

  beforeAll(async () => {
    world = await openWorld();
    ids = await seed(world.rt, PAGE_SIZE + 3);
    server = await startServer(world.rt, { port: 0, env: {} });
  });
  afterAll(async () => {
    await server?.close();
    await world?.cleanup();
  });

  it('answers /healthz and /readyz, and sends / to the stories page', async () => {
    expect(await text('/healthz')).toBe('ok\n');
    expect(await (await get('/readyz')).json()).toEqual({ ready: true, redis: 'ok', store: 'ok' });
    const root = await get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/stories');
  });

  it('lists alerts newest first, in pages, one entry per article with a badge per rule', async () => {
    const first = await text('/alerts');
    const shown = titles(first);
    expect(shown).toHaveLength(PAGE_SIZE - 1); // PAGE_SIZE alerts, two of them raised by one article
    expect(shown.slice(0, 3)).toEqual(['Pushilin announces evacuation', '&lt;img src=x onerror=alert(1)&gt;', 'Пушилин объявил эвакуацию']);
    const firstEntry = first.split('<li>')[1]!.split('</li>')[0]!;
    expect([...firstEntry.matchAll(/class="chip rule[^"]*">([^<]+)</g)].map((m) => m[1]).sort()).toEqual(['donbas-evacuation', 'false-flag']);
    expect(first).toContain('href="/alerts?page=2"');
    const second = titles(await text('/alerts?page=2'));
    expect(second).toHaveLength(7);
    expect(second.at(-1)).toBe('Plain story 0');
    expect(await text('/alerts?page=2')).toContain('rel="prev"');
  });

  it('filters by entity, rule, language, feed and date, keeping the filters in the paging links', async () => {
    expect(titles(await text('/alerts?entity=pushilin'))).toEqual(['Pushilin announces evacuation', 'Пушилин объявил эвакуацию']);
    expect(titles(await text('/alerts?entity=pushilin&rule=false-flag'))).toEqual(['Pushilin announces evacuation']);
    expect(titles(await text('/alerts?lang=ru'))).toEqual(['Пушилин объявил эвакуацию']);
    expect(titles(await text('/alerts?feed=tass'))).toEqual(['Пушилин объявил эвакуацию']);
    expect(titles(await text('/alerts?to=2000-01-01'))).toEqual([]);
    expect(titles(await text(`/alerts?from=${new Date().toISOString().slice(0, 10)}&rule=donbas-evacuation`))).toHaveLength(2);
    const page = await text('/alerts?rule=false-flag');
    expect(page).toContain('href="/alerts?rule=false-flag&amp;page=2"');
    expect(page).toMatch(/<option value="false-flag" selected>/);
  });

  it('filters by source affiliation and labels each entry with its source\'s affiliation', async () => {
    const page = await text('/alerts?affiliation=ru-state');
    expect(titles(page)).toEqual(['Пушилин объявил эвакуацию']);
    expect(page).toMatch(/<option value="ru-state" selected>ru-state<\/option>/);
    expect(page).toContain('<option value="separatist-authority">separatist-authority</option>');
    const entry = page.split('<li>')[1]!.split('</li>')[0]!;
    expect(entry).toMatch(/<span class="chip affiliation aff-ru-state"[^>]*>ru-state<\/span>/);
    expect(titles(await text('/alerts?affiliation=separatist-authority'))).toEqual([]);
    // Sources without an affiliation carry no label.
    const all = await text('/alerts');
    expect(all.split('<li>')[1]!.split('</li>')[0]).not.toContain('chip affiliation');
    expect(await text('/alerts?affiliation=ru-state&page=1')).toContain('Пушилин объявил эвакуацию');
  });

  it('searches titles and bodies, in any language, and survives query syntax', async () => {
    expect(titles(await text('/alerts?q=buses'))).toEqual(['Pushilin announces evacuation']);
    expect(titles(await text('/alerts?q=%D1%8D%D0%B2%D0%B0%D0%BA%D1%83%D0%B0%D1%86'))).toEqual(['Пушилин объявил эвакуацию']);
    expect(titles(await text('/alerts?q=grain+exports+17'))).toEqual(['Plain story 17']);
    const odd = await get('/alerts?q=%22%27%29%28*%3A%20OR%20NEAR');
    expect(odd.status).toBe(200);
    expect(await text('/alerts?q=nothing-matches-this')).toContain('No alerts match.');
  });

  it('finds every form of a watchlist name in every language, counts, marks the words and numbers the pages', async () => {
    const page = await text('/alerts?q=%D0%9F%D1%83%D1%88%D0%B8%D0%BB%D0%B8%D0%BD%D1%8B%D0%BC'); // Пушилиным
    expect(titles(page).sort()).toEqual(['Pushilin announces evacuation', 'Пушилин объявил эвакуацию']);
    expect(page).toContain('<strong>2</strong> articles (3 alerts) match, best match first. Page 1 of 1.');
    expect(page).toContain('<mark>Denis</mark> <mark>Pushilin</mark>, head of the DPR, announced an evacuation. <mark>Pushilin</mark> said');
    expect(page).toContain('<a href="/articles/' + ids.ruId + '"><mark>Пушилин</mark> объявил эвакуацию</a>');
    const paged = await text('/alerts?rule=false-flag');
    expect(paged).toContain(`(${PAGE_SIZE + 5} alerts) match, newest first. Page 1 of 2.`);
    expect(paged).toContain('<a href="/alerts?rule=false-flag&amp;page=2">2</a>');
    expect(await text('/alerts?q=%D1%8D%D0%B2%D0%B0%D0%BA%D1%83%D0%B0%D1%86%D0%B8%D1%8F+-buses')).toContain('<strong>1</strong> article (1 alert) match');
  });

  it('answers /api/alerts with the same page as JSON: total, pages, snippets with marks', async () => {
    const res = await get('/api/alerts?q=buses+OR+%D1%8D%D0%B2%D0%B0%D0%BA%D1%83%D0%B0%D1%86%D0%B8%D1%8F&rule=donbas-evacuation');
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { total: unknown; pages: number; alerts: { title: string; snippet: { text: string; marks: [number, number][] } }[] };
    expect(body.total).toEqual({ alerts: 2, articles: 2 });
    expect(body.pages).toBe(1);
    const en = body.alerts.find((a) => a.title === 'Pushilin announces evacuation')!;
    expect(en.snippet.marks.map(([a, b]) => en.snippet.text.slice(a, b))).toEqual(['buses']);
    const ru = body.alerts.find((a) => a.title === 'Пушилин объявил эвакуацию')!;
    expect(ru.snippet.marks.map(([a, b]) => ru.snippet.text.slice(a, b))).toEqual(['эвакуацию']);
  });

  it('answers /api/trends with buckets by publication time, for an entity, and refuses a bad bucket', async () => {
    const res = await get('/api/trends?entity=pushilin&since=2022-02-01&bucket=day');
    const body = (await res.json()) as { buckets: unknown[]; spikes: unknown[] };
    expect(body.buckets).toEqual([{ time: '2022-02-18T00:00:00.000Z', count: 2, sources: 2 }]);
    expect(body.spikes).toEqual([]);
    expect((await get('/api/trends?bucket=week')).status).toBe(400);
    const bad = await get('/api/trends?affiliation=state-media');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('ru-state');
  });

  it('renders article text as text: a hostile title or body is escaped, a javascript: URL is not linked', async () => {
    const list = await text('/alerts');
    expect(list).not.toContain(XSS_TITLE);
    expect(list).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(list).not.toContain('javascript:');
    const res = await get(`/articles/${ids.xssId}`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const body = await res.text();
    expect(body).not.toContain(XSS_TITLE);
    expect(body).toContain('<h1>&lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(body).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; more');
    expect(body).not.toContain('javascript:');
  });

  it('shows an article with every mention highlighted and the evidence of each rule', async () => {
    const body = await text(`/articles/${ids.pushilinId}`);
    const marks = [...body.matchAll(/<mark title="([^"]+)"[^>]*>([^<]+)</g)].map((m) => `${m[1]}:${m[2]}`);
    expect(marks).toEqual(['pushilin:Pushilin', 'dpr:DPR', 'evacuation:evacuation', 'pushilin:Pushilin']);
    expect(body.match(/<p>/g)!.length).toBeGreaterThanOrEqual(2);
    expect(body).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(body).toMatch(/donbas-evacuation<\/span> score 3: .*“Pushilin”.*“evacuation”/);
    expect(body).toContain('href="https://news.example/pushilin-1"');
    expect((await get('/articles/999999')).status).toBe(404);
  });

  it('serves the BullMQ dashboard over the four queues', async () => {
    expect(await text('/admin/queues')).toContain('mediamon queues');
    const api = (await (await get('/admin/queues/api/queues')).json()) as { queues: { name: string }[] };
    expect(api.queues.map((q) => q.name).sort()).toEqual(['analyze', 'deliver', 'fetch', 'poll']);
  });

  it("serves a subscription's Atom feed (rendered by delivery), and 404 for an unknown one", async () => {
    const res = await get('/feeds/desk.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toContain(`<link rel="self" type="application/atom+xml" href="${server.url}/feeds/desk.atom"/>`);
    expect(await (await get('/subscriptions/desk/atom')).text()).toBe(xml);
    expect(xml).toContain('Pushilin announces evacuation');
    expect(xml).not.toContain('Plain story');
    expect((await get('/feeds/nobody.atom')).status).toBe(404);
  });
});

describe('server: refusing to be open to the network', () => {
  it('will not listen on a non-loopback address without credentials', async () => {
    const world = await openWorld();
    try {
      await expect(startServer(world.rt, { host: '0.0.0.0', port: 0, env: {} })).rejects.toThrow(/server: refusing to listen on 0\.0\.0\.0 without authentication/);
    } finally {
      await world.cleanup();
    }
  });
});
