import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FeedError, type FeedErrorKind, parseFeed } from '../../src/feeds/index.js';
import { fixture } from './helpers.js';

function errorKind(body: Uint8Array | string): FeedErrorKind | 'no error' {
  try {
    parseFeed(body, {});
    return 'no error';
  } catch (err) {
    if (!(err instanceof FeedError)) throw err;
    expect(err.message).toMatch(/^feeds: /);
    return err.kind;
  }
}

describe('repairs before parsing', () => {
  it('turns HTML named entities into characters (full HTML5 table)', () => {
    const feed = parseFeed(fixture('html-entities.xml'), {});
    expect(feed.repairs).toContain('html-entities');
    expect(feed.title).toBe('Café News — Daily');
    expect(feed.items[0]!.title).toBe('Crème brûlée … «quoted» & done');
    expect(feed.items[0]!.summary).toBe('First para © 2024\n\nSecond € para');
  });

  it('escapes stray ampersands and unknown entities instead of failing', () => {
    const feed = parseFeed(fixture('bare-ampersands.xml'), {});
    expect(feed.repairs).toContain('bare-ampersands');
    expect(feed.title).toBe('Tom & Jerry');
    expect(feed.items[0]!.title).toBe('Q&A: prices & taxes');
    expect(feed.items[0]!.link).toBe('https://example.com/story?id=7&page=2&utm_source=rss');
    expect(feed.items[0]!.summary).toBe('AT&T and R&D &unknownentity; stay');
  });

  it('adds the missing RSS version', () => {
    const feed = parseFeed(fixture('rss-no-version.xml'), {});
    expect(feed.repairs).toContain('rss-version');
    expect(feed.version).toBe('2.0');
    expect(feed.items).toHaveLength(1);
  });

  it('drops a BOM, whitespace and junk before the XML declaration', () => {
    const feed = parseFeed(fixture('bom-leading-junk.xml'), {});
    expect(feed.repairs).toContain('leading-content');
    expect(feed.title).toBe('BOM and junk');
    expect(feed.items[0]!.link).toBe('https://example.net/1');
  });

  it('reads undeclared conventional namespace prefixes (dc:, content:, media:)', () => {
    const feed = parseFeed(fixture('undeclared-namespace.xml'), {});
    expect(feed.repairs).toContain('namespace-prefixes');
    const item = feed.items[0]!;
    expect(item.author).toBe('Ivan Petrov');
    expect(item.published).toBe('2024-03-05T09:30:00.000Z');
    expect(item.contentHtml).toBe('<p>Full <b>body</b> text.</p>');
    expect(item.summary).toBe('Short summary.');
    expect(item.enclosure).toEqual({ url: 'https://example.com/pic.jpg', type: 'image/jpeg', length: 1234 });
  });

  it('removes control characters, raw and as references, and content after the root', () => {
    const refs = parseFeed(fixture('control-chars.xml'), {});
    expect(refs.repairs).toContain('control-characters');
    expect(refs.title).toBe('Control chars');
    expect(refs.items[0]!.title).toBe('Bell and smart quote – ok');
    const raw = parseFeed(fixture('raw-control-trailing.xml'), {});
    expect(raw.repairs).toEqual(expect.arrayContaining(['control-characters', 'trailing-content']));
    expect(raw.items[0]!.title).toBe('AB');
  });

  it('never expands DOCTYPE internal entities (billion laughs)', () => {
    const feed = parseFeed(fixture('entity-bomb.xml'), {});
    expect(feed.repairs).toContain('doctype');
    expect(feed.title).toBe('Bomb &lol9;');
    expect(feed.items[0]!.summary.length).toBeLessThan(100);
  });

  it('keeps the good items around a broken one and repairs the broken one', () => {
    const feed = parseFeed(fixture('broken-item.xml'), {});
    expect(feed.items.map((i) => i.guid)).toEqual(['good-1', 'broken', 'good-2']);
    expect(feed.items[1]!.title).toBe('Broken <<< item & friends');
    expect(feed.items[1]!.published).toBeNull();
    expect(feed.items[2]!.published).toBe('2024-03-04T14:05:00.000Z');
  });

  it('collapses duplicate GUIDs to the first item', () => {
    const feed = parseFeed(fixture('duplicate-guids.xml'), {});
    expect(feed.items.map((i) => i.title)).toEqual(['First copy', 'Other']);
  });

  it('decompresses gzip bytes whatever the content type says', () => {
    const feed = parseFeed(gzipSync(fixture('rss-no-version.xml')), { contentType: 'application/rss+xml' });
    expect(feed.repairs).toContain('decompressed');
    expect(feed.title).toBe('No Version');
  });
});

describe('charsets of feeds', () => {
  const RU_FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Новости Донбасса</title>' +
    '<item><title>Эвакуация жителей объявлена в Донецке и Луганске</title><link>https://ru.example/1</link>' +
    '<description>Власти самопровозглашённых республик объявили о массовой эвакуации населения в Россию.</description></item>' +
    '</channel></rss>';

  it.each(['windows-1251', 'koi8-r'])('detects undeclared %s Cyrillic', (enc) => {
    const feed = parseFeed(iconv.encode(RU_FEED, enc), {});
    expect(feed.encoding).toBe(enc);
    expect(feed.title).toBe('Новости Донбасса');
    expect(feed.items[0]!.title).toBe('Эвакуация жителей объявлена в Донецке и Луганске');
  });

  it('honours the XML declaration and the Content-Type charset', () => {
    const declared = RU_FEED.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="koi8-r"?>');
    expect(parseFeed(iconv.encode(declared, 'koi8-r'), {}).title).toBe('Новости Донбасса');
    const viaHeader = parseFeed(iconv.encode(RU_FEED, 'koi8-r'), { contentType: 'text/xml; charset=KOI8-R' });
    expect(viaHeader.encoding).toBe('koi8-r');
  });

  it('keeps valid UTF-8 even when windows-1251 is declared', () => {
    const lying = RU_FEED.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="windows-1251"?>');
    const feed = parseFeed(Buffer.from(lying, 'utf8'), { contentType: 'text/xml; charset=windows-1251' });
    expect(feed.encoding).toBe('utf-8');
    expect(feed.title).toBe('Новости Донбасса');
  });
});

describe('formats', () => {
  it('reads RSS 0.91 with its DOCTYPE, language and ttl', () => {
    const feed = parseFeed(fixture('rss091.xml'), {});
    expect(feed).toMatchObject({ format: 'rss', version: '0.91', language: 'en-us', ttlMinutes: 45, title: 'RSS 0.91' });
    expect(feed.items[0]!.title).toBe('Old & simple');
  });

  it('reads RSS 1.0 (RDF)', () => {
    const feed = parseFeed(fixture('rdf.xml'), {});
    expect(feed).toMatchObject({ format: 'rdf', version: '1.0', title: 'RDF feed' });
    expect(feed.items[0]).toMatchObject({ guid: 'http://example.com/r1', author: 'A. Author', published: '2024-03-05T00:00:00.000Z' });
  });

  it('reads Atom 0.3 (escaped and base64 content, issued dates)', () => {
    const feed = parseFeed(fixture('atom03.xml'), {});
    expect(feed).toMatchObject({ format: 'atom', version: 'atom-0.3', title: 'Atom 0.3 feed', link: 'http://example.org/', language: 'en' });
    expect(feed.items[0]).toMatchObject({
      title: 'Atom 0.3 entry', author: 'Mark Pilgrim', published: '2005-07-31T12:29:29.000Z',
      summary: 'A plain summary.', contentHtml: '<p>Escaped <em>HTML</em> content.</p>', contentText: 'Escaped HTML content.',
    });
    expect(feed.items[1]!.contentText).toBe('Base64 body');
  });

  it('reads Atom with xml:base and sanitises XHTML content', () => {
    const feed = parseFeed(fixture('xml-base.atom'), { url: 'https://example.org/feed.atom' });
    const item = feed.items[0]!;
    expect(feed.link).toBe('https://example.org/blog/');
    expect(item.title).toBe('Entry one');
    expect(item.link).toBe('https://example.org/blog/2024/03/entry-one.html');
    expect(item.contentHtml).toContain('href="https://example.org/blog/about.html"');
    expect(item.contentHtml).toContain('src="https://example.org/blog/2024/03/img/pic.png"');
    expect(item.contentHtml).not.toMatch(/script|onclick|javascript:/);
    expect(item.contentText).toBe('See about and .\n\nSecond x');
  });

  it('reads JSON Feed 1.1', () => {
    const feed = parseFeed(fixture('feed.json'), { url: 'https://json.example.org/feed.json' });
    expect(feed).toMatchObject({ format: 'json', version: 'json-1.1', title: 'JSON Feed example', language: 'en-us' });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({
      guid: '2', author: 'Feed Author', categories: ['news', 'test'], published: '2024-03-05T14:00:00.000Z',
      contentHtml: '<p>Hello, <b>world</b>!</p><p>Again</p>', contentText: 'Hello, world!\n\nAgain',
      enclosure: { url: 'https://json.example.org/a.mp3', type: 'audio/mpeg', length: 1000 },
    });
    expect(feed.items[1]).toMatchObject({ guid: '1', link: 'https://json.example.org/first', published: null, contentText: 'Plain text.\n\nSecond paragraph.' });
  });
});

describe('errors', () => {
  it.each([
    ['an empty body', '', 'empty'],
    ['whitespace', ' \n\t ', 'empty'],
    ['an HTML page', fixture('page-with-feeds.html'), 'not-a-feed'],
    ['OPML', fixture('opml.xml'), 'not-a-feed'],
    ['JSON that is not a JSON Feed', fixture('not-a-jsonfeed.json'), 'not-a-feed'],
    ['JSON with a syntax error', '{"version": "https://jsonfeed.org/version/1", ', 'malformed'],
    ['JSON Feed version 2', '{"version":"https://jsonfeed.org/version/2","items":[]}', 'unsupported'],
    ['text with no element', 'just some words', 'malformed'],
  ] as const)('%s -> %s', (_label, body, kind) => {
    expect(errorKind(body)).toBe(kind);
  });

  it('too-large: over maxBytes, and a gzip bomb stops at the cap', () => {
    expect(() => parseFeed(fixture('rss091.xml'), { maxBytes: 100 })).toThrow(/^feeds: body exceeds 100 bytes/);
    const bomb = gzipSync(Buffer.concat([fixture('rss091.xml'), Buffer.alloc(5_000_000, 0x20)]));
    try {
      parseFeed(bomb, { maxBytes: 1_000_000 });
      expect.unreachable();
    } catch (err) {
      expect((err as FeedError).kind).toBe('too-large');
    }
  });
});

describe('feeds in encodings people forget to declare', () => {
  const rss = (decl: string) => `<?xml version="1.0"${decl}?><rss version="2.0"><channel><title>Новини Донбасу</title>` +
    '<item><title>Пасічник оголосив евакуацію з Луганська</title><link>https://a.example/1</link></item></channel></rss>';

  it.each([
    ['koi8-u, undeclared', iconv.encode(rss(''), 'koi8-u'), 'koi8-u'],
    ['UTF-16LE without a BOM', Buffer.from(rss(' encoding="UTF-16"'), 'utf16le'), 'utf-16le'],
    ['UTF-16BE without a BOM', Buffer.from(rss(' encoding="UTF-16"'), 'utf16le').swap16(), 'utf-16be'],
  ])('reads %s with its Ukrainian titles intact', (_label, bytes, encoding) => {
    const feed = parseFeed(bytes, {});
    expect(feed.encoding).toBe(encoding);
    expect(feed.title).toBe('Новини Донбасу');
    expect(feed.items.map((i) => i.title)).toEqual(['Пасічник оголосив евакуацію з Луганська']);
  });
});
