/**
 * `mediamon feeds check` on a news listing page that has no feed (served on 127.0.0.1): besides
 * "not a feed", it shows the article links discovery finds, the selectors it would use, and the
 * feeds.yaml entry to watch the page, in JSON and for people.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { FeedSchema } from '../../src/settings/schema.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { REPO_ROOT } from '../helpers/paths.js';

const listing = readFileSync(path.join(REPO_ROOT, 'test/fixtures/listings/dated-list.html'), 'utf8');

describe('feeds check on a feedless listing page', () => {
  const e2e = useE2E({ routes: { '/news/': { headers: { 'content-type': 'text/html; charset=utf-8' }, body: listing } }, feeds: () => [] });

  it('lists the article links and the selectors, and offers an entry that validates', async () => {
    const run = await runCli(['feeds', 'check', '--jsonl', `${e2e.server.url}/news/`], e2e.env);
    const [result] = jsonLines<{ ok: boolean; error: { kind: string }; listing: { items: { link: string; title: string; published: string }[]; selectors: Record<string, string>; entry: string } }>(run.stdout);
    expect(result!.ok).toBe(false);
    expect(result!.error.kind).toBe('not-a-feed');
    expect(result!.listing.items).toHaveLength(6);
    expect(result!.listing.items[0]).toMatchObject({ link: `${e2e.server.url}/official/2022/02/18/84512.html`, published: '2022-02-18T16:30:00.000Z' });
    expect(result!.listing.selectors).toEqual({ items: 'div.news-item', date: 'span.news-date' });
    const entry = YAML.parse(result!.listing.entry) as unknown[];
    expect(FeedSchema.parse(entry[0])).toMatchObject({ id: '127.0.0.1', page: `${e2e.server.url}/news/`, items: 'div.news-item', date: 'span.news-date' });
  });

  it('says it in words for people', async () => {
    const run = await runCli(['feeds', 'check', `${e2e.server.url}/news/`], e2e.env);
    expect(run.stdout).toContain('a listing page: 6 article links found by discovery');
    expect(run.stdout).toContain('Глава ДНР Денис Пушилин объявил о централизованной эвакуации населения в Россию');
    expect(run.stdout).toContain(`- { id: 127.0.0.1, page: "${e2e.server.url}/news/", items: "div.news-item", date: "span.news-date" }`);
  });
});
