/**
 * `mediamon feeds import`: clear one-line errors for files that cannot be imported, ids from the
 * outline titles (Cyrillic transliterated), and a feeds.yaml written one feed a line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, writeTestConfig } from '../helpers/cli.js';
import { tempDir } from '../helpers/services.js';

const OPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>desk</title></head><body>
  <outline text="Donbas">
    <outline type="rss" text="Донецкое агентство новостей" xmlUrl="https://dan.example/rss"/>
    <outline type="rss" title="Українська правда" text="УП" xmlUrl="https://pravda.example/rss/"/>
    <outline type="rss" title="Українська правда" xmlUrl="https://pravda.example/eng/rss/"/>
  </outline>
  <outline type="rss" text="BBC News (World)" xmlUrl="https://bbc.example/news/world/rss.xml"/>
  <outline type="rss" xmlUrl="https://untitled.example/feed"/>
</body></opml>
`;

describe('mediamon feeds import', { timeout: 240_000 }, () => {
  const temp = tempDir();
  let env: NodeJS.ProcessEnv;
  const feedsFile = () => path.join(temp.dir, 'feeds.yaml');
  const opml = (name: string, text: string) => {
    const file = path.join(temp.dir, name);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(() => {
    writeTestConfig(temp.dir, []);
    writeFileSync(feedsFile(), '# Watched feeds: the desk keeps this list.\nfeeds: []\n');
    env = cliEnv({ configDir: temp.dir, prefix: 'unused', databaseUrl: 'sqlite::memory:' });
  });
  afterAll(() => temp.drop());

  it('says in one line that a missing file cannot be read, exit 1, no stack trace', async () => {
    const missing = path.join(temp.dir, 'missing.opml');
    const result = await runCli(['feeds', 'import', missing], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`mediamon: feeds import: cannot read ${missing}: no such file\n`);
  });

  it('refuses a truncated OPML and one without feeds, changing nothing', async () => {
    const truncated = await runCli(['feeds', 'import', opml('cut.opml', OPML.slice(0, OPML.indexOf('<outline type="rss" text="BBC')))], env);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/^mediamon: feeds import: .*cut\.opml: opml: the document ends before <\/opml> \(truncated\?\)\n$/);
    const empty = await runCli(['feeds', 'import', opml('empty.opml', '<opml version="2.0"><head/><body><outline text="folder"/></body></opml>')], env);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/empty\.opml: no feeds in it/);
    expect(readFileSync(feedsFile(), 'utf8')).toBe('# Watched feeds: the desk keeps this list.\nfeeds: []\n');
  });

  it('names feeds after their titles and writes one feed a line under the comment', async () => {
    const result = await runCli(['feeds', 'import', opml('desk.opml', OPML)], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/imported 5 feeds/);
    const text = readFileSync(feedsFile(), 'utf8');
    const feeds = (YAML.parse(text) as { feeds: { id: string; url: string; title?: string }[] }).feeds;
    expect(feeds.map((f) => f.id)).toEqual(['donetskoe-agentstvo-novostey', 'ukrayinska-pravda', 'ukrayinska-pravda-2', 'bbc-news-world', 'untitled.example']);
    expect(feeds[0]).toMatchObject({ url: 'https://dan.example/rss', title: 'Донецкое агентство новостей' });
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual(['# Watched feeds: the desk keeps this list.', 'feeds:']);
    expect(lines.slice(2)).toHaveLength(5);
    for (const line of lines.slice(2)) expect(line).toMatch(/^ {2}- \{ id: [a-z0-9.-]+, url: .+ \}$/);
    const check = await runCli(['config', 'check'], env);
    expect(check.code, check.stderr).toBe(0);
  });
});
