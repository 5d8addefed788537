/**
 * Feeds a person's reader reads although a strict XML reader does not: markup inside a comment before
 * the root, Atom 0.3 base64 text, RSS 1.0 without a default namespace, element names in capitals,
 * upper-case hex references, Microsoft CDF channels, titles that are only an image. Each is read, and
 * `feeds check` names the repair it took.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/feeds/index.js';
import { checkFeed } from '../../src/sources/check.js';
import { cliEnv, jsonLines, runCli, writeTestConfig } from '../helpers/cli.js';
import { tempDir } from '../helpers/services.js';
import { FIXTURES, fixture } from './helpers.js';

describe('feed quirks', () => {
  it('reads Atom and RSS preceded by a comment holding <div>/<a> markup', () => {
    const atom = parseFeed(fixture('comment-markup-atom.xml'));
    expect(atom.format).toBe('atom');
    expect(atom.items.map((i) => [i.title, i.link])).toEqual([['Pushilin announces evacuation', 'http://dispatch.example/2022/02/18/evacuation']]);
    const rss = parseFeed(fixture('comment-markup-rss.xml'));
    expect(rss.title).toBe('Radio Example');
    expect(rss.items.map((i) => i.title)).toEqual(['Shelling near Donetsk']);
  });

  it('decodes Atom mode="base64" titles and content', () => {
    const feed = parseFeed(fixture('atom-base64.xml'));
    expect(feed.title).toBe('Base64 Chronicle');
    expect(feed.items[0]!.title).toBe('Евакуація з Донецька: перші автобуси');
    expect(feed.items[0]!.contentText).toBe('Перші автобуси з Донецька вирушили о 16:00.');
    expect(feed.repairs).toContain('base64');
  });

  it('reads RSS 1.0 whose elements are in no namespace', () => {
    const feed = parseFeed(fixture('rss10-no-default-ns.xml'));
    expect(feed).toMatchObject({ format: 'rdf', version: '1.0', title: 'RDF Without Default', link: 'http://rdf.example/' });
    expect(feed.items.map((i) => [i.title, i.link, i.published])).toEqual([['Kharkiv under fire', 'http://rdf.example/1', '2022-02-18T08:00:00.000Z']]);
  });

  it('reads upper-case element and attribute names and upper-case hex references (&#X41;)', () => {
    const feed = parseFeed(fixture('uppercase-podcast.xml'));
    expect(feed).toMatchObject({ format: 'rss', version: '2.0', title: 'Eastern Front Podcast', link: 'http://podcast.example/', language: 'en-us' });
    const [item] = feed.items;
    expect(item).toMatchObject({ title: 'Episode 12: Avdiivka', link: 'http://podcast.example/12', guid: 'ep-12', published: '2022-02-18T10:00:00.000Z', summary: 'The week in the Donbas.' });
    expect(item!.enclosure).toEqual({ url: 'http://podcast.example/12.mp3', type: 'audio/mpeg', length: 1234 });
    expect(feed.repairs).toEqual(expect.arrayContaining(['element-case', 'hex-references']));
  });

  it('reads a Microsoft CDF channel: links and dates from attributes, relative links against BASE', () => {
    const feed = parseFeed(fixture('cdf-channel.xml'));
    expect(feed).toMatchObject({ version: 'cdf', title: 'CDF News Channel', link: 'http://cdf.example/index.html' });
    expect(feed.items.map((i) => [i.title, i.link, i.published, i.summary])).toEqual([
      ['First story', 'http://cdf.example/story1.html', '1998-11-05T22:12:00.000Z', 'The first story of the channel.'],
      ['Second story', 'http://cdf.example/story2.html', null, ''],
    ]);
    expect(feed.repairs).toContain('cdf');
  });

  it('names an item whose title is only an image by its alt text, or by its first sentence', () => {
    const feed = parseFeed(fixture('image-title.xml'));
    expect(feed.items.map((i) => i.title)).toEqual([
      'Evacuation buses in Donetsk', 'Queues at the border', 'Residents of Mariupol wait for buses at the collection point.',
    ]);
    expect(feed.repairs).toContain('image-title');
  });
});

describe('feeds check names the repair it used', () => {
  const CASES: Array<[string, string | null]> = [
    ['comment-markup-atom.xml', null], ['atom-base64.xml', 'base64'], ['uppercase-podcast.xml', 'element-case'],
    ['cdf-channel.xml', 'cdf'], ['image-title.xml', 'image-title'],
  ];

  it.each(CASES)('%s', async (name, repair) => {
    const result = await checkFeed(join(FIXTURES, name));
    expect(result.ok, JSON.stringify(result.error)).toBe(true);
    expect(result.items.length).toBeGreaterThan(0);
    expect(result.items.every((i) => i.title !== '')).toBe(true);
    if (repair) expect(result.repairs).toContain(repair);
  });

  it('prints the repairs on the command line', async () => {
    const temp = tempDir();
    try {
      writeTestConfig(temp.dir, []);
      const env = cliEnv({ configDir: temp.dir, prefix: 'unused', databaseUrl: `sqlite:${join(temp.dir, 'db.sqlite')}` });
      const files = CASES.map(([name]) => join(FIXTURES, name));
      const result = await runCli(['feeds', 'check', '--jsonl', ...files], env);
      expect(result.code, result.stderr).toBe(0);
      const lines = jsonLines<{ input: string; ok: boolean; repairs: string[] }>(result.stdout);
      expect(lines.map((l) => [l.ok, l.repairs.some((r) => CASES.some(([, want]) => want === r))])).toEqual(
        CASES.map(([, repair]) => [true, repair !== null]),
      );
    } finally {
      temp.drop();
    }
  });
});
