/**
 * Managing watched feeds from the command line: add (with feed discovery on a web page), remove,
 * OPML import and export. feeds.yaml keeps the analyst's comments.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { rssFeed } from '../helpers/fixture-server.js';
import { FIXTURES, REPO_ROOT } from '../helpers/paths.js';

describe('mediamon feeds', () => {
  const e2e = useE2E({
    routes: {
      '/news/rss.xml': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Donetsk Daily', [{ title: 'x', link: 'http://127.0.0.1/x' }]) },
      '/home': {
        headers: { 'content-type': 'text/html' },
        body: '<html><head><link rel="alternate" type="application/rss+xml" title="All news" href="/news/rss.xml"></head><body>Home</body></html>',
      },
    },
    feeds: () => [],
  });
  const feedsFile = () => path.join(e2e.dir, 'feeds.yaml');
  const ids = () => (YAML.parse(readFileSync(feedsFile(), 'utf8')) as { feeds: { id: string; url: string; title?: string }[] }).feeds;

  // feeds.yaml as an analyst wrote it, comments and all.
  beforeAll(() => {
    writeFileSync(feedsFile(), '# the analyst keeps notes here\nfeeds:\n  - id: existing  # a note on this feed\n    url: http://example.org/rss\n');
  });

  it('adds a feed after reading it, with its title, and keeps comments', async () => {
    const add = await runCli(['feeds', 'add', `${e2e.server.url}/news/rss.xml`], e2e.env);
    expect(add.code, add.stderr).toBe(0);
    expect(ids().map((f) => f.title ?? null)).toEqual([null, 'Donetsk Daily']);
    expect(ids()[1]!.id).toMatch(/^127\.0\.0\.1-news/);
    const text = readFileSync(feedsFile(), 'utf8');
    expect(text).toContain('# the analyst keeps notes here');
    expect(text).toContain('# a note on this feed');
    const again = await runCli(['feeds', 'add', `${e2e.server.url}/news/rss.xml`], e2e.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already watched/);
  });

  it('offers the feed a web page advertises instead of adding the page', async () => {
    const add = await runCli(['feeds', 'add', `${e2e.server.url}/home`], e2e.env);
    expect(add.code).toBe(1);
    expect(add.stderr).toContain(`mediamon feeds add ${e2e.server.url}/news/rss.xml`);
    expect(ids()).toHaveLength(2);
  });

  it('refuses an unreachable URL unless told not to check', async () => {
    const refused = await runCli(['feeds', 'add', 'http://127.0.0.1:9/rss'], e2e.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/127\.0\.0\.1:9.*--no-check/);
    const forced = await runCli(['feeds', 'add', 'http://127.0.0.1:9/rss', '--no-check', '--id', 'later', '--interval', '30m'], e2e.env);
    expect(forced.code).toBe(0);
    expect(ids().find((f) => f.id === 'later')).toMatchObject({ url: 'http://127.0.0.1:9/rss', interval: '30m' });
  });

  it('removes a feed by id', async () => {
    expect((await runCli(['feeds', 'remove', 'later'], e2e.env)).code).toBe(0);
    expect(ids().map((f) => f.id)).not.toContain('later');
    const missing = await runCli(['feeds', 'remove', 'nope'], e2e.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no feed with id 'nope'/);
  });

  it('imports OPML (nested folders too) and exports what it holds', async () => {
    const opml = path.join(e2e.dir, 'subs.opml');
    writeFileSync(opml, `<?xml version="1.0"?><opml version="1.0"><head><title>x</title></head><body>
      <outline text="Ukraine"><outline type="rss" text="Kyiv &amp; Region" xmlUrl="https://kyiv.example/rss"/>
        <outline text="Deeper"><outline type="rss" text="Donetsk" xmlUrl="https://donetsk.example/feed"/></outline></outline>
      <outline type="rss" text="Already" xmlUrl="http://example.org/rss"/></body></opml>`);
    const imported = await runCli(['feeds', 'import', opml], e2e.env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/imported 2 feeds .*\(1 already watched\)/);
    expect(ids().map((f) => f.url)).toEqual(expect.arrayContaining(['https://kyiv.example/rss', 'https://donetsk.example/feed']));
    const exported = await runCli(['feeds', 'export'], e2e.env);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('xmlUrl="https://kyiv.example/rss"');
    expect(exported.stdout).toContain('text="Kyiv &amp; Region"');
    expect((exported.stdout.match(/<outline /g) ?? []).length).toBe(ids().length);
    const check = await runCli(['config', 'check'], e2e.env);
    expect(check.code, check.stderr).toBe(0);
  });

  it('checks feeds without storing them: one JSON line an input, exit 1 when one is not a feed', async () => {
    const cp1251 = path.join(FIXTURES, 'feeds/cp1251.xml');
    const notAFeed = path.join(FIXTURES, 'feeds/page-with-feeds.html');
    const result = await runCli(['feeds', 'check', '--jsonl', `${e2e.server.url}/news/rss.xml`, cp1251, notAFeed], e2e.env);
    expect(result.code).toBe(1);
    const [served, cyrillic, page] = jsonLines(result.stdout);
    expect(served).toMatchObject({ input: `${e2e.server.url}/news/rss.xml`, ok: true, error: null, format: 'rss', title: 'Donetsk Daily' });
    expect(cyrillic).toMatchObject({ ok: true, encoding: 'windows-1251', title: 'Вести Донбасса / Лента новостей', strict: { ok: true } });
    expect((cyrillic!.items as { title: string }[])[0]!.title).toMatch(/[А-Яа-я]/);
    expect(page).toMatchObject({ ok: false, error: { kind: 'not-a-feed' } });
    expect(ids()).not.toContainEqual(expect.objectContaining({ url: cp1251 }));
  });

  it('tells people what was repaired and that strict readers reject the feed', async () => {
    const broken = path.join(REPO_ROOT, 'test/fixtures/feeds/bare-ampersands.xml');
    const result = await runCli(['feeds', 'check', broken], e2e.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/: ok, rss \(utf-8\), "Tom & Jerry", 1 item; repaired: .*bare-ampersands.*; strict readers \(rss-parser\) reject it: Invalid character in entity name/);
  });

  it('rejects a file that is not OPML', async () => {
    const bad = path.join(e2e.dir, 'bad.opml');
    writeFileSync(bad, '<html><body>no</body></html>');
    const result = await runCli(['feeds', 'import', bad], e2e.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/opml: not an OPML document/);
  });
});
