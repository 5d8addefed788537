/**
 * Cyrillic and broken feeds written for the project (test/fixtures/feeds): what shared-feeds.test.ts
 * checks on real captured feeds, on a bare clone too. windows-1251 and KOI8-R, declared and not; a feed
 * broken as served; one cut off mid-item; Atom under a namespace prefix; and the strict cross-check.
 */
import { readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { decodeBytes, maybeDecompress } from '../../src/fetch/charset.js';
import { parseFeed, repairXml } from '../../src/feeds/index.js';
import { FIXTURES, fixture } from './helpers.js';

const DONBASS_TITLES = [
  'Пушилин объявил эвакуацию жителей ДНР в Ростовскую область',
  'Пасечник отдал такой же приказ в ЛНР',
  'В Кремле ничего не знают о планах эвакуации',
];

describe('Cyrillic feeds in legacy encodings', () => {
  it.each([
    ['cp1251.xml', 'declared in the XML declaration'],
    ['cp1251-undeclared.xml', 'declared nowhere: detected'],
  ])('windows-1251 %s (%s) decodes to Cyrillic, no charset header', (name) => {
    const feed = parseFeed(fixture(name), {});
    expect(feed).toMatchObject({ format: 'rss', encoding: 'windows-1251', title: 'Вести Донбасса / Лента новостей', ttlMinutes: 30, repairs: [] });
    expect(feed.items.map((i) => i.title)).toEqual(DONBASS_TITLES);
    expect(feed.items[2]!.summary).toBe('Дмитрий Песков сказал журналистам, что не располагает такой информацией.');
    expect(feed.items[0]).toMatchObject({ guid: 'dv-2022-02-18-1', link: 'https://donbass-vesti.example/news/2022/02/18/1', published: '2022-02-18T12:10:00.000Z' });
  });

  it.each(['koi8r.xml', 'koi8r-undeclared.xml'])('KOI8-R %s decodes to Cyrillic', (name) => {
    const feed = parseFeed(fixture(name), {});
    expect(feed).toMatchObject({ encoding: 'koi8-r', title: 'Вечерний Ростов: новости' });
    expect(feed.items.map((i) => i.title)).toEqual([
      'Очереди у банкоматов в Донецке после объявления об эвакуации',
      'В Ростовской области узнали об эвакуированных из новостей',
    ]);
  });

  it('a gzipped windows-1251 feed is decompressed whatever the headers say', () => {
    const feed = parseFeed(gzipSync(fixture('cp1251.xml')), { contentType: 'text/xml' });
    expect(feed.repairs).toContain('decompressed');
    expect(feed).toMatchObject({ encoding: 'windows-1251', title: 'Вести Донбасса / Лента новостей' });
    expect(feed.items).toHaveLength(3);
  });
});

describe('feeds broken as served', () => {
  it('windows-1251 with a bare ampersand and HTML entities: every item kept, repairs named', () => {
    const feed = parseFeed(fixture('cp1251-broken.xml'), {});
    expect(feed.title).toBe('Вести Донбасса & партнёры');
    expect(feed.repairs).toEqual(expect.arrayContaining(['bare-ampersands', 'html-entities']));
    expect(feed.items.map((i) => i.title)).toEqual(['Автобусы на улицах Донецка', 'Эвакуация: списки пунктов сбора', 'Обстрел в Станице Луганской']);
    expect(feed.items[1]!.link).toBe(`https://donbass-vesti.example/search?q=${encodeURIComponent('эвакуация')}&page=2`);
    expect(feed.items[1]!.summary).toBe('Адреса пунктов сбора «по районам» опубликованы на сайте.');
  });

  it('a feed cut off mid-item keeps the items before the cut', () => {
    const feed = parseFeed(fixture('truncated.xml'), {});
    expect(feed.title).toBe('Kyiv Evening Wire');
    expect(feed.items.slice(0, 2).map((i) => [i.guid, i.title, i.link])).toEqual([
      ['kw-1', 'Kyiv denies plans to attack', 'https://kyiv-wire.example/2022/02/18/denial'],
      ['kw-2', 'US warns of a false-flag pretext', 'https://kyiv-wire.example/2022/02/18/false-flag'],
    ]);
  });

  it('reads Atom under a non-default namespace prefix, with XHTML content', () => {
    const feed = parseFeed(fixture('prefixed.atom'), {});
    expect(feed).toMatchObject({ format: 'atom', title: 'Monitoring Desk' });
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({ link: 'https://desk.example/2022/02/18/evacuation', published: '2022-02-18T19:30:00.000Z' });
    expect(feed.items[0]!.contentHtml).toContain('<a href="https://desk.example/live">');
  });
});

describe('the strict cross-check on the project’s feeds', () => {
  /** Not feeds, or beyond rss-parser: it is not namespace-aware, and reads neither Atom 0.3 nor JSON. */
  const SKIP = /\.(json|html)$|^(opml\.xml|prefixed\.atom|entity-bomb\.xml|atom03\.xml)$/;
  /** Broken past what text repairs fix (a mismatched tag, a cut): only the tolerant parser reads them. */
  const BEYOND_REPAIR = ['broken-item.xml: Unexpected close tag', 'truncated.xml: Unclosed root tag'];
  /** Feeds a person's reader reads and rss-parser does not (mediamon reads them: test/feeds/quirks.test.ts). */
  const BEYOND_STRICT = [
    'atom-base64.xml: title QmFzZTY0IENocm9uaWNsZQ== / Base64 Chronicle',
    'cdf-channel.xml: Feed not recognized as RSS 1 or 2.',
    'uppercase-podcast.xml: Feed not recognized as RSS 1 or 2.',
  ];
  const ws = (s: string): string => s.replace(/\s+/g, ' ').trim();

  it('every other feed fixture, once repaired, is accepted by rss-parser with the same title', async () => {
    const parser = new Parser();
    const names = readdirSync(FIXTURES).filter((n) => !SKIP.test(n)).sort();
    expect(names).toEqual(expect.arrayContaining(['cp1251.xml', 'cp1251-broken.xml', 'koi8r-undeclared.xml', 'bare-ampersands.xml']));
    const rejected: string[] = [];
    for (const name of names) {
      const body = fixture(name);
      const { text } = decodeBytes(maybeDecompress(body), { kind: 'xml' });
      try {
        const ref = await parser.parseString(repairXml(text).text);
        const ours = parseFeed(body, {});
        if (ws(ref.title ?? '') !== ours.title) rejected.push(`${name}: title ${ref.title} / ${ours.title}`);
      } catch (err) {
        rejected.push(`${name}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    expect(rejected).toEqual([...BEYOND_REPAIR, ...BEYOND_STRICT].sort());
  });
});
