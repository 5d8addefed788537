import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFeedLinks } from '../../src/feeds/index.js';
import { checkFeed } from '../../src/sources/check.js';
import { FIXTURES, fixture } from './helpers.js';

describe('discoverFeedLinks', () => {
  it('finds RSS, Atom and JSON Feed alternates, resolved against <base>, de-duplicated', () => {
    const links = discoverFeedLinks(fixture('page-with-feeds.html').toString('utf8'), 'https://site.example/index.html');
    expect(links).toEqual([
      { url: 'https://site.example/news/rss.xml', type: 'application/rss+xml', title: 'RSS' },
      { url: 'https://site.example/atom.xml', type: 'application/atom+xml', title: 'Atom' },
      { url: 'https://site.example/feed.json', type: 'application/feed+json', title: null },
    ]);
  });

  it('returns nothing for a page without feeds', () => {
    expect(discoverFeedLinks('<html><head><title>x</title></head></html>', 'https://a.example/')).toEqual([]);
  });
});

describe('checkFeed', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/feed') {
        res.setHeader('content-type', 'application/rss+xml');
        res.end(gzipSync(fixture('rss091.xml')));
      } else if (req.url === '/page') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(fixture('page-with-feeds.html'));
      } else {
        res.statusCode = 404;
        res.end('nope');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads a file', async () => {
    const r = await checkFeed(join(FIXTURES, 'cp1251.xml'));
    expect(r).toMatchObject({ ok: true, error: null, format: 'rss', encoding: 'windows-1251', title: 'Вести Донбасса / Лента новостей' });
    expect(r.items).toHaveLength(3);
    expect(Object.keys(r.items[0]!).sort()).toEqual(['guid', 'link', 'published', 'summary', 'title']);
  });

  it('fetches a URL (gzip body) over HTTP', async () => {
    const r = await checkFeed(`${base}/feed`);
    expect(r).toMatchObject({ ok: true, format: 'rss', title: 'RSS 0.91' });
  });

  it('reports an HTML page as not-a-feed with the feeds it announces', async () => {
    const r = await checkFeed(`${base}/page`);
    expect(r.ok).toBe(false);
    expect(r.error?.kind).toBe('not-a-feed');
    expect(r.discovered.map((d) => d.url)).toContain('https://site.example/news/rss.xml');
  });

  it('reports HTTP errors and missing files as data', async () => {
    expect((await checkFeed(`${base}/missing`)).error).toMatchObject({ kind: 'fetch', message: expect.stringMatching(/^fetch: HTTP 404/) });
    expect((await checkFeed(join(FIXTURES, 'does-not-exist.xml'))).error?.kind).toBe('io');
  });

  it('says when a feed reads only because it was repaired: strict readers (rss-parser) reject it as served', async () => {
    const broken = await checkFeed(join(FIXTURES, 'bare-ampersands.xml'));
    expect(broken.ok).toBe(true);
    expect(broken.items.length).toBeGreaterThan(0);
    expect(broken.repairs).toContain('bare-ampersands');
    expect(broken.strict).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid character in entity name, Line: \d+, Column: \d+$/) });

    const noVersion = await checkFeed(join(FIXTURES, 'rss-no-version.xml'));
    expect(noVersion).toMatchObject({ ok: true, strict: { ok: false, error: 'Feed not recognized as RSS 1 or 2.' } });

    const wellFormed = await checkFeed(join(FIXTURES, 'cp1251.xml'));
    expect(wellFormed).toMatchObject({ ok: true, repairs: [], strict: { ok: true, error: null } });
  });

  it('uses an injected fetcher', async () => {
    const r = await checkFeed('https://feeds.example/x', {
      fetchBytes: async (url) => ({ body: fixture('feed.json'), contentType: 'application/feed+json', finalUrl: url }),
    });
    expect(r).toMatchObject({ ok: true, format: 'json', link: 'https://json.example.org/', strict: null });
  });
});
