import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHTML } from 'entities';
import Parser from 'rss-parser';
import { expect, it } from 'vitest';
import { decodeBytes, maybeDecompress } from '../../src/fetch/charset.js';
import { FeedError, parseFeed, repairXml } from '../../src/feeds/index.js';
import { describeShared } from '../helpers/shared-data.js';
import { SHARED_FEEDS, shared, sharedFeedFiles } from './helpers.js';

/** Shared inputs that are HTML pages, not feeds. */
const NOT_FEEDS = new Set(['node-feedparser/notafeed.html', 'rss-parser/input/unrecognized.rss']);
/** rss-parser is not namespace-aware: it cannot recognise <a:feed xmlns:a="...Atom">. */
const RSS_PARSER_CANNOT = new Set(['node-feedparser/nondefaultnamespace.atom']);

const ws = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * rss-parser decodes every body as UTF-8 (its ISO-8859-1 feeds come out with U+FFFD) and leaves
 * double-escaped entities in titles: compare modulo those two known defects of the reference.
 */
function sameText(expected: string, actual: string): boolean {
  const e = ws(decodeHTML(expected));
  if (!e.includes('\uFFFD')) return e === actual;
  const re = new RegExp(`^${e.split('\uFFFD').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.')}$`);
  return re.test(actual);
}

describeShared('shared feeds (../shared/data/feeds)', {
  data: 'feeds',
  checks: '60 real captured feeds against rss-parser (own Cyrillic and broken feeds: own-feeds.test.ts)',
}, () => {
  for (const [name, path] of sharedFeedFiles()) {
    it(`${name} ${NOT_FEEDS.has(name) ? 'is refused as not-a-feed' : 'parses'}`, () => {
      const body = readFileSync(path);
      if (NOT_FEEDS.has(name)) {
        expect(() => parseFeed(body, {})).toThrow(FeedError);
        try {
          parseFeed(body, {});
        } catch (err) {
          expect((err as FeedError).kind).toBe('not-a-feed');
          expect((err as FeedError).message).toMatch(/^feeds: /);
        }
        return;
      }
      const feed = parseFeed(body, {});
      expect(['rss', 'rdf', 'atom']).toContain(feed.format);
      for (const item of feed.items) {
        expect(item.link === null || /^https?:\/\//.test(item.link)).toBe(true);
        expect(item.published === null || !Number.isNaN(Date.parse(item.published))).toBe(true);
      }
    });
  }

  it('agrees with rss-parser expected output on feed titles, item titles, links and dates', () => {
    const mismatches: string[] = [];
    let compared = 0;
    for (const [name] of sharedFeedFiles().filter(([n]) => n.startsWith('rss-parser/'))) {
      const expectedPath = join(SHARED_FEEDS, 'rss-parser/expected', name.split('/').pop()!.replace(/\.\w+$/, '.json'));
      if (!existsSync(expectedPath) || NOT_FEEDS.has(name)) continue;
      const expected = JSON.parse(readFileSync(expectedPath, 'utf8')).feed;
      const feed = parseFeed(shared(name), {});
      if (!sameText(expected.title ?? '', feed.title)) mismatches.push(`${name}: title ${feed.title}`);
      // Items with no title, link or id carry nothing to key an article on: the reader drops them.
      const items = expected.items.filter((i: Record<string, unknown>) => i['title'] || i['link'] || i['guid'] || i['id']);
      if (items.length !== feed.items.length) mismatches.push(`${name}: ${feed.items.length} items, expected ${items.length}`);
      items.forEach((e: Record<string, string | undefined>, k: number) => {
        const got = feed.items[k];
        if (!got) return;
        compared++;
        if (e['title'] && !e['title'].includes('<') && !sameText(e['title'], got.title)) mismatches.push(`${name}#${k}: title ${got.title}`);
        if (e['link'] && /^https?:/.test(e['link']) && new URL(e['link'].trim()).href !== got.link) mismatches.push(`${name}#${k}: link ${got.link}`);
        if ((e['isoDate'] ?? null) !== got.published) mismatches.push(`${name}#${k}: date ${got.published} vs ${e['isoDate']}`);
      });
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
  });

  it('every repaired shared feed is accepted by rss-parser (the strict cross-check)', async () => {
    const parser = new Parser();
    const rejected: string[] = [];
    for (const [name, path] of sharedFeedFiles()) {
      if (NOT_FEEDS.has(name) || RSS_PARSER_CANNOT.has(name)) continue;
      const { text } = decodeBytes(maybeDecompress(readFileSync(path)), { kind: 'xml' });
      const repaired = repairXml(text).text;
      try {
        const ref = await parser.parseString(repaired);
        const ours = parseFeed(readFileSync(path), {});
        if (ws(ref.title ?? '') !== ours.title && !sameText(ref.title ?? '', ours.title)) rejected.push(`${name}: title ${ref.title} / ${ours.title}`);
      } catch (err) {
        rejected.push(`${name}: ${(err as Error).message}`);
      }
    }
    expect(rejected).toEqual([]);
  });

  it('iconv.xml (windows-1251, no charset header) decodes to Cyrillic', () => {
    const feed = parseFeed(shared('node-feedparser/iconv.xml'), {});
    expect(feed.encoding).toBe('windows-1251');
    expect(feed.title).toBe('Новости Оренбурга и области / Раздел Новости');
    expect(feed.ttlMinutes).toBe(30);
    expect(feed.items[0]!.title).toMatch(/^В Бузулуке главные стройплощадки/);
  });

  it('gzipped shared feeds are decompressed whatever the headers say', () => {
    const feed = parseFeed(shared('node-feedparser/compressed.xml'), { contentType: 'text/xml' });
    expect(feed.repairs).toContain('decompressed');
    expect(feed.title).toMatch(/Оренбург/);
    expect(parseFeed(shared('node-feedparser/invalid-characters-gzipped.xml'), {}).items).toHaveLength(25);
  });

  it('saxerror.xml keeps the items around the broken one', () => {
    const feed = parseFeed(shared('node-feedparser/saxerror.xml'), {});
    expect(feed.items.map((i) => i.title)).toEqual(['Good Item', 'Bad Item', 'Item After Error']);
    expect(feed.items[1]!.link).toBe('http://example.com/bad?foo=1&bar=2');
    expect(feed.repairs).toContain('bare-ampersands');
  });

  it('guid-dupes.xml collapses duplicate GUIDs', () => {
    const feed = parseFeed(shared('node-feedparser/guid-dupes.xml'), {});
    const guids = feed.items.map((i) => i.guid);
    expect(new Set(guids).size).toBe(guids.length);
  });

  it('resolves relative links against xml:base and the feed URL', () => {
    const scoped = parseFeed(shared('node-feedparser/rss-with-item-scoped-html-base.xml'), {});
    expect(scoped.items[0]!.link).toBe('https://example.com/first/first');
    expect(scoped.items[0]!.contentHtml).toContain('href="https://example.com/first/post"');
    expect(scoped.items[1]!.link).toBe('https://example.com/second');
    const rel = parseFeed(shared('node-feedparser/rss-with-relative-html-urls.xml'), {});
    expect(rel.items[0]!.contentHtml).toContain('src="https://example.com/images/post-1.png"');
    const tpm = parseFeed(shared('node-feedparser/tpm-with-fragment-base.atom'), { url: 'http://talkingpointsmemo.com/feed' });
    expect(tpm.items[0]!.link).toBe('http://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist');
  });

  it('reads Atom in a non-default namespace prefix and XHTML content', () => {
    const feed = parseFeed(shared('node-feedparser/nondefaultnamespace-xhtml.atom'), {});
    expect(feed.format).toBe('atom');
    expect(feed.items[0]!.contentHtml).toContain('<a href="http://plasmasturm.org/log/376/">');
    expect(parseFeed(shared('node-feedparser/nondefaultnamespace.atom'), {}).items).toHaveLength(1);
  });
});
