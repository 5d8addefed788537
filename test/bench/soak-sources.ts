/**
 * The soak's sources, all on 127.0.0.1: healthy feeds that grow in waves, and hostile ones (a trickling
 * host, pages and feeds beyond and just under fetch.maxBytes, hosts answering 429 with Retry-After,
 * malformed feeds and pages, a feed of thousands of items). Every body is generated when it is asked
 * for (the big ones streamed with back-pressure), so the bench's own memory stays flat too.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { TEMPLATES, templateOf } from '../reliability/chaos-kit.js';
import { escapeXml, newsPage, rssFeed, type RssItem } from '../helpers/fixture-server.js';

/** Newest items a growing feed shows; far more than it gains between two of its polls. */
const WINDOW = 100;
const CHUNK = 64 * 1024;
const TRICKLE_MS = 500;
const OVER_CAP_EXTRA = 2 * 1024 * 1024;
/** "Just under" the cap: this much below fetch.maxBytes. */
const UNDER_CAP_MARGIN = 512 * 1024;
const DEEP_NESTING = 50_000;
const WORDS = ['council', 'budget', 'bridge', 'harvest', 'railway', 'school', 'hospital', 'market', 'river', 'festival', 'museum', 'tram', 'library', 'stadium', 'factory', 'port'];

/** What a feed's item pages are. */
export type PageKind = 'news' | 'trickle' | 'huge' | 'busy' | 'malformed' | 'russian';
/** What a feed document is. */
export type FeedKind = 'growing' | 'flood' | 'big' | 'trickle' | 'over-cap' | 'truncated' | 'junk' | 'wrong-charset' | 'limited';

export interface SoakFeed {
  id: string;
  /** The report's group: healthy, trickle, huge, busy-short, busy-long, malformed, flood... */
  group: string;
  kind: FeedKind;
  page: PageKind;
  /** Polled every this many waves. */
  everyWaves: number;
  /** Items it gains before each of its polls (0: a fixed document). */
  addPerPoll: number;
  /** Items offered so far (growing feeds), or the fixed item count (flood). */
  items: number;
  /** Polls enqueued so far. */
  polls: number;
  /** Item numbers the host has served whole in a feed document (what the pipeline could read). */
  served: Set<number>;
  /** Articles are expected from it (false: the feed itself is hostile and must fail, recorded). */
  yieldsArticles: boolean;
  /** The poll statuses the feed row may end with (hostile feeds). */
  expectStatus?: string[];
  host: SoakHost;
}

export interface SoakHost {
  name: string;
  url: string;
  /** 429 windows: [period s, 429 for the first `busyS` s of each period, Retry-After s]. */
  busy?: { periodS: number; busyS: number; retryAfterS: number };
  /** Responses by status, for the report. */
  statuses: Map<number, number>;
  close(): Promise<void>;
}

export interface SoakSources {
  feeds: SoakFeed[];
  hosts: SoakHost[];
  close(): Promise<void>;
}

export interface SourcesOptions {
  maxBytes: number;
  /** Healthy feeds (spread over `healthyHosts` hosts). */
  healthyFeeds: number;
  healthyHosts: number;
  /** Items each healthy feed gains per wave. */
  perWave: number;
  floodItems: number;
  t0: number;
}

function feedUrl(feed: SoakFeed): string {
  return `${feed.host.url}/${feed.id}.xml`;
}

export function itemUrl(feed: SoakFeed, n: number): string {
  return `${feed.host.url}/${feed.id}/${n}`;
}

/** URLs of the articles a feed has served whole in a document so far (a poll refused because the
 *  host asked to wait reads nothing; a truncated document's cut item is not counted). */
export function offeredUrls(feed: SoakFeed): string[] {
  if (!feed.yieldsArticles) return [];
  return [...feed.served].sort((a, b) => a - b).map((n) => itemUrl(feed, n));
}

export function configEntries(sources: SoakSources): { id: string; url: string }[] {
  return sources.feeds.map((f) => ({ id: f.id, url: feedUrl(f) }));
}

function paragraphs(feed: SoakFeed, n: number): string[] {
  const seed = [...feed.id].reduce((a, c) => a * 31 + c.charCodeAt(0), n) >>> 0;
  const words = Array.from({ length: 6 }, (_, i) => WORDS[(seed >>> (i * 4)) % WORDS.length]);
  return [...TEMPLATES[templateOf(n)]!, `Item ${n} of ${feed.id}: the ${words.join(', ')} were discussed at length by the district's residents.`];
}

function ruParagraphs(n: number): string[] {
  return [`Новости Донецка, сообщение ${n}: в городе прошло заседание совета по вопросам бюджета.`, 'Жители попросили больше автобусов на вечерних маршрутах.'];
}

function itemsOf(feed: SoakFeed, served = true): RssItem[] {
  const last = feed.items;
  const first = feed.kind === 'flood' ? 0 : Math.max(0, last - WINDOW);
  const items: RssItem[] = [];
  for (let n = last - 1; n >= first; n--) {
    if (served) feed.served.add(n);
    const title = feed.page === 'russian' ? `Новости Донецка ${n}` : `Story ${n} of ${feed.id}`;
    items.push({ title, link: itemUrl(feed, n), description: (feed.page === 'russian' ? ruParagraphs(n) : paragraphs(feed, n)).join(' '), pubDate: new Date(Date.UTC(2026, 11, 4) + n * 60_000).toUTCString() });
  }
  return items;
}

/** Send `total` bytes of `chunk` with back-pressure; stops when the client goes away. */
function stream(res: ServerResponse, total: number, chunk: Buffer, head = Buffer.alloc(0)): void {
  let sent = 0;
  const pump = () => {
    if (sent === 0 && head.length) {
      sent += head.length;
      if (!res.write(head)) return void res.once('drain', pump);
    }
    while (sent < total && !res.destroyed) {
      const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += part.length;
      if (!res.write(part)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on('error', () => undefined);
  pump();
}

/** Headers at once, then one byte every TRICKLE_MS, far past any fetch timeout. */
function trickle(res: ServerResponse, type: string, body: Buffer): void {
  res.writeHead(200, { 'content-type': type, 'content-length': String(body.length) });
  res.flushHeaders();
  let i = 0;
  const timer = setInterval(() => {
    if (res.destroyed || i >= body.length) return clearInterval(timer);
    res.write(body.subarray(i, ++i));
  }, TRICKLE_MS);
  res.on('close', () => clearInterval(timer));
  res.on('error', () => undefined);
}

const HTML = 'text/html; charset=utf-8';
const RSS = 'application/rss+xml; charset=utf-8';

/** The ~9.5 MB page: real paragraphs, so extraction has work to do. */
function underCapPage(maxBytes: number): Buffer {
  const para = `<p>${escapeXml(TEMPLATES[2]!.join(' '))} ${WORDS.join(' ')}.</p>\n`;
  const head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Live blog: a very long day</title></head><body><article><h1>Live blog: a very long day</h1>\n';
  const tail = '</article></body></html>';
  const count = Math.floor((maxBytes - UNDER_CAP_MARGIN - head.length - tail.length) / Buffer.byteLength(para));
  return Buffer.from(head + para.repeat(count) + tail);
}

function malformedPage(feed: SoakFeed, n: number): { type: string; body: Buffer } {
  const page = newsPage({ title: `Story ${n} of ${feed.id}`, paragraphs: paragraphs(feed, n) });
  switch (n % 6) {
    case 0: return { type: HTML, body: Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + n) % 256)) };
    case 1: return { type: HTML, body: Buffer.from(page.slice(0, Math.floor(page.length / 2))) };
    case 2: return { type: HTML, body: Buffer.alloc(0) };
    case 3: return { type: 'image/png', body: Buffer.from(page) };
    case 4: return { type: HTML, body: Buffer.from(`<!doctype html><html><body>${'<div>'.repeat(DEEP_NESTING)}<p>${escapeXml(paragraphs(feed, n).join(' '))}</p>${'</div>'.repeat(DEEP_NESTING)}</body></html>`) };
    default: return { type: HTML, body: iconv.encode(newsPage({ title: `Новости ${n}`, paragraphs: ruParagraphs(n), lang: 'ru' }), 'windows-1251') };
  }
}

function answerPage(feed: SoakFeed, n: number, res: ServerResponse, opts: SourcesOptions, underCap: Buffer): void {
  if (feed.page === 'trickle') return trickle(res, HTML, Buffer.from(newsPage({ title: `Story ${n}`, paragraphs: paragraphs(feed, n) })));
  if (feed.page === 'huge') {
    res.writeHead(200, { 'content-type': HTML });
    // Even items: beyond the cap (no content-length, so the cap is found while reading); odd: just under.
    if (n % 2 === 0) return stream(res, opts.maxBytes + OVER_CAP_EXTRA, underCap.subarray(0, CHUNK));
    return void res.end(underCap);
  }
  if (feed.page === 'malformed') {
    const { type, body } = malformedPage(feed, n);
    return void res.writeHead(200, { 'content-type': type }).end(body);
  }
  const body = feed.page === 'russian' ? newsPage({ title: `Новости Донецка ${n}`, paragraphs: ruParagraphs(n), lang: 'ru' }) : newsPage({ title: `Story ${n} of ${feed.id}`, paragraphs: paragraphs(feed, n) });
  res.writeHead(200, { 'content-type': HTML }).end(body);
}

function answerFeed(feed: SoakFeed, res: ServerResponse, opts: SourcesOptions): void {
  const title = `Soak ${feed.id}`;
  switch (feed.kind) {
    case 'trickle': return trickle(res, RSS, Buffer.from(rssFeed(title, [{ title: 'never read', link: itemUrl(feed, 0) }])));
    case 'over-cap': {
      res.writeHead(200, { 'content-type': RSS });
      const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title><description>`);
      return stream(res, opts.maxBytes + OVER_CAP_EXTRA, Buffer.alloc(CHUNK, 0x61), head);
    }
    case 'big': {
      // Just under the cap: the padding is the channel's own description.
      const doc = rssFeed(title, itemsOf(feed));
      const pad = 'a'.repeat(opts.maxBytes - UNDER_CAP_MARGIN - doc.length);
      return void res.writeHead(200, { 'content-type': RSS }).end(doc.replace('<description>fixture feed</description>', `<description>${pad}</description>`));
    }
    case 'truncated': {
      // Cut inside the item after the first half: the lenient reader keeps the whole items before it.
      const items = itemsOf(feed, false);
      const keep = Math.floor(items.length / 2);
      const doc = rssFeed(title, items);
      let at = -1;
      for (let i = 0; i <= keep; i++) at = doc.indexOf('<item>', at + 1);
      if (at < 0) return void res.writeHead(200, { 'content-type': RSS }).end(doc.slice(0, Math.floor(doc.length / 2)));
      items.slice(0, keep).forEach((item) => feed.served.add(Number(item.link.split('/').pop())));
      return void res.writeHead(200, { 'content-type': RSS }).end(doc.slice(0, at + '<item>'.length + 20));
    }
    case 'junk': return void res.writeHead(200, { 'content-type': RSS }).end(Buffer.from(Array.from({ length: 16384 }, (_, i) => (i * 7919 + 13) % 256)));
    case 'limited': return void res.writeHead(429, { 'retry-after': '600', 'content-type': 'text/plain' }).end('slow down');
    case 'wrong-charset': {
      // windows-1251 bytes under a header and a declaration that both say UTF-8.
      return void res.writeHead(200, { 'content-type': RSS }).end(iconv.encode(rssFeed(title, itemsOf(feed)), 'windows-1251'));
    }
    default: return void res.writeHead(200, { 'content-type': RSS }).end(rssFeed(title, itemsOf(feed)));
  }
}

async function startHost(name: string, feeds: () => Map<string, SoakFeed>, opts: SourcesOptions, underCap: Buffer, busy?: SoakHost['busy']): Promise<SoakHost> {
  const statuses = new Map<number, number>();
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const path = (req.url ?? '/').split('?')[0]!;
    const feedMatch = /^\/([\w-]+)\.xml$/.exec(path);
    const pageMatch = /^\/([\w-]+)\/(\d+)$/.exec(path);
    const feed = feeds().get((feedMatch ?? pageMatch)?.[1] ?? '');
    if (!feed) return void (count(404), res.writeHead(404).end('not found'));
    if (pageMatch && busy && ((Date.now() - opts.t0) / 1000) % busy.periodS < busy.busyS) {
      count(429);
      return void res.writeHead(429, { 'retry-after': String(busy.retryAfterS), 'content-type': 'text/plain' }).end('busy');
    }
    count(feed.kind === 'limited' && feedMatch ? 429 : 200);
    if (feedMatch) return answerFeed(feed, res, opts);
    answerPage(feed, Number(pageMatch![2]), res, opts, underCap);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    busy,
    statuses,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

type FeedSpec = Omit<SoakFeed, 'host' | 'items' | 'polls' | 'served'> & { items?: number };

/** Start every host and declare every feed. */
export async function startSources(opts: SourcesOptions): Promise<SoakSources> {
  const byId = new Map<string, SoakFeed>();
  const underCap = underCapPage(opts.maxBytes);
  const hosts: SoakHost[] = [];
  const host = async (name: string, busy?: SoakHost['busy']) => {
    const h = await startHost(name, () => byId, opts, underCap, busy);
    hosts.push(h);
    return h;
  };
  const add = (h: SoakHost, spec: FeedSpec) => byId.set(spec.id, { items: 0, polls: 0, served: new Set(), ...spec, host: h });
  const growing = { kind: 'growing' as const, page: 'news' as const, everyWaves: 1, yieldsArticles: true };
  for (let i = 0; i < opts.healthyHosts; i++) {
    const h = await host(`healthy-${i}`);
    for (let f = i; f < opts.healthyFeeds; f += opts.healthyHosts) add(h, { ...growing, id: `healthy-${f}`, group: 'healthy', addPerPoll: opts.perWave });
  }
  const trickleHost = await host('trickle');
  add(trickleHost, { ...growing, id: 'trickle-pages', group: 'trickle-pages', page: 'trickle', everyWaves: 3, addPerPoll: 1 });
  add(trickleHost, { ...growing, id: 'trickle-feed', group: 'trickle-feed', kind: 'trickle', everyWaves: 6, addPerPoll: 0, yieldsArticles: false, expectStatus: ['timeout'] });
  const hugeHost = await host('huge');
  add(hugeHost, { ...growing, id: 'huge-pages', group: 'huge-pages', page: 'huge', everyWaves: 15, addPerPoll: 1 });
  add(hugeHost, { ...growing, id: 'big-feed', group: 'big-feed', kind: 'big', everyWaves: 30, addPerPoll: 1 });
  add(hugeHost, { ...growing, id: 'over-cap-feed', group: 'over-cap-feed', kind: 'over-cap', everyWaves: 12, addPerPoll: 0, yieldsArticles: false, expectStatus: ['too-large'] });
  add(await host('busy-short', { periodS: 120, busyS: 30, retryAfterS: 20 }), { ...growing, id: 'busy-short', group: 'busy-short', page: 'busy', addPerPoll: 1 });
  add(await host('busy-long', { periodS: 360, busyS: 120, retryAfterS: 120 }), { ...growing, id: 'busy-long', group: 'busy-long', page: 'busy', addPerPoll: 1 });
  add(await host('limited'), { ...growing, id: 'limited-feed', group: 'limited-feed', kind: 'limited', everyWaves: 6, addPerPoll: 0, yieldsArticles: false, expectStatus: ['rate-limited'] });
  const badHost = await host('malformed');
  add(badHost, { ...growing, id: 'malformed-pages', group: 'malformed-pages', page: 'malformed', addPerPoll: 1 });
  add(badHost, { ...growing, id: 'wrong-charset', group: 'wrong-charset', kind: 'wrong-charset', page: 'russian', everyWaves: 3, addPerPoll: 1 });
  add(badHost, { ...growing, id: 'truncated-feed', group: 'truncated-feed', kind: 'truncated', everyWaves: 3, addPerPoll: 2 });
  add(badHost, { ...growing, id: 'junk-feed', group: 'junk-feed', kind: 'junk', everyWaves: 6, addPerPoll: 0, yieldsArticles: false, expectStatus: ['malformed', 'not-a-feed', 'empty'] });
  add(await host('flood'), { ...growing, id: 'flood', group: 'flood', kind: 'flood', everyWaves: 3, addPerPoll: 0, items: opts.floodItems });
  return {
    feeds: [...byId.values()],
    hosts,
    close: async () => {
      await Promise.allSettled(hosts.map((h) => h.close()));
    },
  };
}
