/**
 * The benchmark's local news site on 127.0.0.1: N feeds of M articles each, every article page a real
 * page from ../shared/data/extraction-dev (trafilatura and daniel-ru), some with a watchlist paragraph
 * injected, some items repeated in the next feed (the same URL in two feeds must give one article).
 * The server logs when each feed and each page was first requested: the latency clock starts there.
 */
import { canonicalUrl } from '../../../src/feeds/canonical-url.js';
import { danielPages, readPage, trafilaturaCases, trafilaturaPagePath } from '../../extract/dev-data.js';
import { rssFeed, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server.js';

/** Every ALERT_EVERY-th article carries a watchlist paragraph (Pushilin, the DPR, an evacuation). */
const ALERT_EVERY = 5;
/** Every DUP_EVERY-th item of a feed also appears in the next feed. */
const DUP_EVERY = 10;
const ALERT_EN = 'Denis Pushilin, the head of the self-proclaimed DPR, announced the evacuation of women, children and the elderly from Donetsk to Russia.';
const ALERT_RU = 'Глава самопровозглашённой ДНР Денис Пушилин объявил об эвакуации женщин, детей и пожилых людей из Донецка в Россию.';
const SUMMARY = 'A report from our correspondents.';

export interface SourcePage {
  html: string;
  lang: 'ru' | 'other';
}

export interface SiteArticle {
  index: number;
  path: string;
  /** The link as the feed gives it (with a tracking parameter the article key drops). */
  link: string;
  key: string;
  title: string;
  feeds: number[];
  page: number;
  injected: boolean;
}

export interface NewsSite {
  server: FixtureServer;
  feedUrls: string[];
  /** A feed outside the measured ones, polled first so long-lived workers are measured warm (JIT, models). */
  warmup: { feedId: string; url: string; articles: SiteArticle[] };
  articles: SiteArticle[];
  /** Wall-clock ms of the first request of each feed (by index) and each article page (by path). */
  feedFetched: Map<number, number>;
  pageFetched: Map<string, number>;
  /** The page HTML an article serves (decoded), for the straight-line run. */
  htmlOf(article: SiteArticle): string;
  /** Forget the fetch log and request counts (before a new run against the same site). */
  resetLog(): void;
  close(): Promise<void>;
}

/** Reads up to `limit` real pages (trafilatura and daniel-ru interleaved), decoded as fetch would. */
export function loadSourcePages(limit: number): SourcePage[] {
  const traf = trafilaturaCases().map((c) => ({ file: trafilaturaPagePath(c), lang: 'other' as const }));
  const ru = danielPages().map((p) => ({ file: p.file, lang: 'ru' as const }));
  const ratio = Math.max(1, Math.round(traf.length / Math.max(1, ru.length)));
  const order: { file: string; lang: 'ru' | 'other' }[] = [];
  for (let i = 0, r = 0; i < traf.length || r < ru.length; i++) {
    if (i < traf.length) order.push(traf[i]!);
    if (i % ratio === 0 && r < ru.length) order.push(ru[r++]!);
  }
  return order.slice(0, limit).map((p) => ({ html: readPage(p.file), lang: p.lang }));
}

/** The page with a paragraph inserted before the median `</p>` (inside the article body on most pages). */
function inject(page: SourcePage): string {
  const ends: number[] = [];
  for (let at = page.html.indexOf('</p>'); at >= 0; at = page.html.indexOf('</p>', at + 4)) ends.push(at);
  const paragraph = `</p>\n<p>${page.lang === 'ru' ? ALERT_RU : ALERT_EN}`;
  if (ends.length === 0) return page.html.replace(/<\/body>/i, `<p>${paragraph.slice(5)}</p></body>`);
  const at = ends[Math.floor(ends.length / 2)]!;
  return page.html.slice(0, at) + paragraph + page.html.slice(at);
}

function titleOf(html: string, index: number): string {
  const match = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(html);
  return (match?.[1] ?? '').replace(/\s+/g, ' ').trim() || `Article ${index}`;
}

export interface SiteOptions {
  feeds: number;
  perFeed: number;
  pages: SourcePage[];
  /** Articles in the warm-up feed (default 160). */
  warmup?: number;
}

/** Enough for about 40 articles in each of 4 analyze processes (JIT and lazily built models warm). */
const DEFAULT_WARMUP = 160;
export const WARMUP_FEED_ID = 'bench-warm';

export async function startNewsSite(options: SiteOptions): Promise<NewsSite> {
  // Connections kept 5 s (Node's default, Apache's too), as news sites keep them: with the test
  // helper's 1 s, undici drops every connection after one page, and a connect + close per page cost
  // 1.16 ms of CPU against 0.41 ms reused (client and server together, 1,000 pages of 130 KB, 2026-12-04).
  const server = await startFixtureServer({}, { keepAliveTimeoutMs: 5_000 });
  const { feeds, perFeed, pages } = options;
  const feedFetched = new Map<number, number>();
  const pageFetched = new Map<string, number>();
  const encoded = new Map<string, Buffer>();
  const htmlOf = (a: SiteArticle) => (a.injected ? inject(pages[a.page]!) : pages[a.page]!.html);
  const articles: SiteArticle[] = [];
  for (let f = 0; f < feeds; f++) {
    for (let i = 0; i < perFeed; i++) {
      const index = f * perFeed + i;
      const path = `/news/${f}/${i}.html`;
      const link = `${server.url}${path}?utm_source=rss&utm_medium=feed`;
      const page = index % pages.length;
      const inFeeds = feeds > 1 && i % DUP_EVERY === 0 ? [f, (f + 1) % feeds] : [f];
      articles.push({ index, path, link, key: canonicalUrl(link) ?? link, title: titleOf(pages[page]!.html, index), feeds: inFeeds, page, injected: index % ALERT_EVERY === 0 });
    }
  }
  for (const article of articles) {
    server.routes.set(article.path, (_req, res) => {
      if (!pageFetched.has(article.path)) pageFetched.set(article.path, Date.now());
      const cacheKey = `${article.page}:${article.injected}`;
      let body = encoded.get(cacheKey);
      if (!body) encoded.set(cacheKey, (body = Buffer.from(htmlOf(article), 'utf8')));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length) }).end(body);
    });
  }
  const warmArticles = Array.from({ length: options.warmup ?? DEFAULT_WARMUP }, (_, i): SiteArticle => {
    const path = `/warm/${i}.html`;
    const link = `${server.url}${path}`;
    const page = (i * 7) % pages.length;
    return { index: -1 - i, path, link, key: canonicalUrl(link) ?? link, title: titleOf(pages[page]!.html, i), feeds: [], page, injected: i % ALERT_EVERY === 0 };
  });
  for (const a of warmArticles) server.routes.set(a.path, { headers: { 'content-type': 'text/html; charset=utf-8' }, body: htmlOf(a) });
  const warmFeed = rssFeed('Warm-up feed', warmArticles.map((a) => ({ title: a.title, link: a.link, description: SUMMARY })));
  server.routes.set('/feeds/warm.xml', { headers: { 'content-type': 'application/rss+xml; charset=utf-8' }, body: warmFeed });
  const feedUrls: string[] = [];
  for (let f = 0; f < feeds; f++) {
    const items = articles.filter((a) => a.feeds.includes(f)).map((a) => ({
      title: a.title, link: a.link, guid: a.link, description: SUMMARY, pubDate: new Date(Date.UTC(2022, 1, 18, 12, 0, a.index)).toUTCString(),
    }));
    const body = rssFeed(`Bench feed ${f}`, items);
    server.routes.set(`/feeds/${f}.xml`, (_req, res) => {
      if (!feedFetched.has(f)) feedFetched.set(f, Date.now());
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
    });
    feedUrls.push(`${server.url}/feeds/${f}.xml`);
  }
  return {
    server, feedUrls, articles, feedFetched,
    warmup: { feedId: WARMUP_FEED_ID, url: `${server.url}/feeds/warm.xml`, articles: warmArticles }, pageFetched, htmlOf,
    resetLog: () => { feedFetched.clear(); pageFetched.clear(); server.hits.clear(); },
    close: () => server.close(),
  };
}

/** Feed items as analyze sees them (fallback content and metadata), for the straight-line run. */
export function feedItemOf(article: SiteArticle) {
  return { title: article.title, summary: SUMMARY, contentText: SUMMARY, published: new Date(Date.UTC(2022, 1, 18, 12, 0, article.index)).toISOString(), author: null };
}
