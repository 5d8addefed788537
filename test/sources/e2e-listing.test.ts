/**
 * End to end on real Redis and SQLite: `mediamon run --once` on two feedless news sites served on
 * 127.0.0.1 — one read by discovery (no selectors), one by the source's own selectors — fetches each
 * listed article, stores it once (an article listed on both sites too), raises the alerts its text
 * calls for with the source's affiliation, and a listing whose selectors stop matching becomes
 * `selector-empty` on the second poll.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { newsPage } from '../helpers/fixture-server.js';
import { REPO_ROOT } from '../helpers/paths.js';

const HTML = { 'content-type': 'text/html; charset=utf-8' };
const fixture = (name: string) => readFileSync(path.join(REPO_ROOT, 'test/fixtures/listings', name), 'utf8');

/** Article pages: Russian text, the first two about evacuations in the DPR/LPR. */
const ARTICLES: Record<string, { title: string; text: string }> = {
  '/official/2022/02/18/84512.html': {
    title: 'Пушилин объявил эвакуацию',
    text: 'Глава ДНР Денис Пушилин объявил о централизованной эвакуации населения республики в Россию. В первую очередь вывозят женщин, детей и пожилых людей.',
  },
  '/incidents/2022/02/18/84507.html': {
    title: 'Взрыв автомобиля в Донецке',
    text: 'В Донецке у здания правительства взорван автомобиль. Пострадавших нет, сообщили в городской администрации.',
  },
  '/society/2022/02/18/84499.html': {
    title: 'Обстрел окраин Горловки',
    text: 'Штаб теробороны сообщил об обстреле окраин Донецка. Повреждены жилые дома, сообщили в администрации города.',
  },
  '/cms/news/official/2022-02-18-pasechnik-obyavil-evakuaciyu': {
    title: 'Пасечник объявил эвакуацию',
    text: 'Глава ЛНР Леонид Пасечник призвал жителей республики к эвакуации в Ростовскую область. Автобусы будут предоставлены.',
  },
};

/** The dated list with only the first three items (all served); the cards page with one card, plus one shared with the list. */
function dtListing(): string {
  const html = fixture('dated-list.html');
  const items = html.split('<div class="news-item">');
  return [items[0], ...items.slice(1, 4)].join('<div class="news-item">').replace(/(<div class="news-item">[\s\S]*?<\/div>)\s*$/, '$1</div>') + html.slice(html.indexOf('<div class="pagination">'));
}

function cardsListing(itemClass = 'card'): string {
  const card = (href: string, title: string, time: string) => `<article class="${itemClass}"><a class="card__image" href="${href}"><img src="/i.jpg" alt=""></a>
    <div class="card__body"><h3 class="card__title"><a href="${href}">${title}</a></h3><time datetime="${time}">${time}</time></div></article>`;
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Лента | ЛИЦ (учебная копия)</title></head><body>
  <nav class="navbar"><a href="/news/official">Официально</a><a href="/news/economy">Экономика</a></nav>
  <main><section class="news-cards">
  ${card('/cms/news/official/2022-02-18-pasechnik-obyavil-evakuaciyu', 'Пасечник объявил эвакуацию жителей ЛНР', '2022-02-18T17:45:00+03:00')}
  ${card('/official/2022/02/18/84512.html', 'Пушилин объявил эвакуацию (перепечатка)', '2022-02-18T16:40:00+03:00')}
  </section></main><footer class="footer"><a href="/about">О центре</a></footer></body></html>`;
}

interface AlertLine { rule: string; url: string; title: string; affiliation: string | null; feed: string }
interface FeedLine { id: string; last_status: string | null; consecutive_errors: number; last_error: string | null; items_seen: number }

describe('listing-page sources through run --once (SQLite)', () => {
  const e2e = useE2E({
    routes: {
      '/news/': { headers: HTML, body: dtListing() },
      '/lenta': { headers: HTML, body: cardsListing() },
      ...Object.fromEntries(Object.entries(ARTICLES).map(([route, a]) => [route, { headers: HTML, body: newsPage({ title: a.title, paragraphs: [a.text], lang: 'ru', published: '2022-02-18T16:30:00+03:00' }) }])),
    },
    // The shipped rule separatist-evacuation-claims (rules.yaml): claims about evacuation by separatist authorities.
    feeds: (url) => [
      { id: 'dan-news', page: `${url}/news/`, affiliation: 'separatist-media', country: 'UA', owner: 'DPR ministry of information', language: 'ru' },
      { id: 'lug-info', page: `${url}/lenta`, items: 'article.card', link: 'h3.card__title a', itemTitle: 'h3.card__title', date: 'time', affiliation: 'separatist-authority', language: 'ru' },
    ],
    settings: () => ({ queues: { analyzeProcesses: 0 } }),
  });

  it('stores each listed article once and raises its alerts, with the affiliation of the source that listed it', async () => {
    const run = await runCli(['run', '--once'], e2e.env);
    expect(run.stderr).not.toMatch(/Error|failed/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/polled 2 feeds \(0 failing\), 4 new articles, \d+ new alerts/);
    for (const route of Object.keys(ARTICLES)) expect(e2e.server.hits.get(route), route).toBe(1);
    // Pagination, menu, tag and footer links were not fetched.
    expect(e2e.server.hits.get('/tag/evakuaciya/')).toBeUndefined();
    expect(e2e.server.hits.get('/official/2021/01/01/1000.html')).toBeUndefined();

    const alerts = jsonLines<AlertLine>((await runCli(['alerts', 'list', '--json'], e2e.env)).stdout);
    const evac = alerts.filter((a) => a.rule === 'donbas-evacuation');
    expect(evac.map((a) => new URL(a.url).pathname).sort()).toEqual(['/cms/news/official/2022-02-18-pasechnik-obyavil-evakuaciyu', '/official/2022/02/18/84512.html']);
    // The DAN article was listed by both sites: one article, from the source that listed it first (discovery).
    const byPath = new Map(evac.map((a) => [new URL(a.url).pathname, a]));
    expect(byPath.get('/official/2022/02/18/84512.html')).toMatchObject({ title: 'Пушилин объявил эвакуацию', affiliation: expect.stringMatching(/^separatist-/) });
    expect(byPath.get('/cms/news/official/2022-02-18-pasechnik-obyavil-evakuaciyu')).toMatchObject({ feed: 'lug-info', affiliation: 'separatist-authority' });
    expect(alerts.filter((a) => a.rule === 'shelling-donbas').map((a) => a.affiliation)).toEqual(['separatist-media']);
    // The affiliation rule fires on the LPR authority's article only.
    const claims = alerts.filter((a) => a.rule === 'separatist-evacuation-claims');
    expect(claims.every((a) => a.affiliation === 'separatist-authority')).toBe(true);
    expect(claims.map((a) => a.feed)).toContain('lug-info');

    const filtered = jsonLines<AlertLine>((await runCli(['alerts', 'list', '--json', '--affiliation', 'separatist-media'], e2e.env)).stdout);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((a) => a.affiliation === 'separatist-media')).toBe(true);
  }, 300_000);

  it('a second run adds nothing and fetches no article again', async () => {
    const run = await runCli(['run', '--once'], e2e.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0 new articles, 0 new alerts/);
    for (const route of Object.keys(ARTICLES)) expect(e2e.server.hits.get(route), route).toBe(1);
  }, 300_000);

  it('a listing whose selectors stop matching is listing-empty once, then selector-empty in feeds list', async () => {
    // The new markup is served with an ETag and answers 304 to a conditional GET: the second poll must
    // still read the page (an empty read keeps no validators), or the 304 would hide the second empty poll.
    const changed = cardsListing('news-card');
    e2e.server.routes.set('/lenta', (req, res) => {
      if (req.headers['if-none-match'] === '"v2"') res.writeHead(304, { etag: '"v2"' }).end();
      else res.writeHead(200, { ...HTML, etag: '"v2"' }).end(changed);
    });
    await runCli(['run', '--once'], e2e.env);
    const feeds = () => runCli(['feeds', 'list', '--json'], e2e.env).then((r) => new Map(jsonLines<FeedLine>(r.stdout).map((f) => [f.id, f])));
    expect((await feeds()).get('lug-info')).toMatchObject({ last_status: 'listing-empty', consecutive_errors: 0 });
    const run = await runCli(['run', '--once'], e2e.env);
    expect(run.stdout).toMatch(/polled 2 feeds \(1 failing\)/);
    expect(run.stderr).toMatch(/feed lug-info: selector-empty: .*"article\.card" matched nothing on 2 polls/);
    const listed = await feeds();
    const lug = listed.get('lug-info')!;
    expect(lug).toMatchObject({ last_status: 'selector-empty', consecutive_errors: 1 });
    expect(lug.last_error).toMatch(/listing page .*"article\.card" matched nothing on 2 polls in a row \(run `mediamon feeds check/);
    // The site read by discovery is unaffected.
    expect(listed.get('dan-news')).toMatchObject({ consecutive_errors: 0 });
  }, 360_000);
});
