/**
 * `mediamon trends` as a user runs it: counts by source affiliation and by keyword group, as readable
 * lines or JSON lines (buckets, then spikes), and a clear usage error for an affiliation that does not exist.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type ArticleInput } from '../../src/store/index.js';
import { cliEnv, jsonLines, runCli, writeTestConfig } from '../helpers/cli.js';
import { tempDir } from '../helpers/services.js';

const DAY = 86_400_000;
const BURST = Date.parse('2024-03-15T10:00:00Z');

function article(key: string, feedId: string, published: number): ArticleInput {
  return {
    key, feedId, url: `https://example.org/${key}`, canonicalUrl: null, title: `Evacuation ${key}`, text: 'An evacuation was announced.', author: null,
    published: new Date(published).toISOString(), lang: 'en', langConfidence: 0.9, siteName: null, method: 'generic', fetchError: null,
  };
}

describe('mediamon trends', { timeout: 120_000 }, () => {
  const temp = tempDir();
  const databaseUrl = `sqlite:${path.join(temp.dir, 'trends.db')}`;
  const env = cliEnv({ configDir: temp.dir, prefix: 'unused', databaseUrl });
  beforeAll(async () => {
    writeTestConfig(temp.dir, [{ id: 'tass', url: 'https://tass.example/rss' }]);
    const store = await openStore(databaseUrl);
    try {
      await store.syncFeeds([
        { id: 'tass', url: 'https://tass.example/rss', affiliation: 'ru-state' },
        { id: 'ria', url: 'https://ria.example/rss', affiliation: 'ru-state' },
        { id: 'kyiv', url: 'https://kyiv.example/rss', affiliation: 'ua-media' },
      ]);
      const mention = [{ entity: 'evacuation', start: 3, end: 13, text: 'evacuation' }];
      // Two weeks of one state-media report a day at 10:00, then 9 in the hour from two state outlets, and one Ukrainian report.
      for (let d = 14; d >= 1; d--) await store.saveAnalysis(article(`usual-${d}`, 'tass', BURST - d * DAY), mention, []);
      for (let i = 0; i < 9; i++) await store.saveAnalysis(article(`burst-${i}`, i % 2 ? 'ria' : 'tass', BURST + i * 60_000), mention, []);
      await store.saveAnalysis(article('kyiv-1', 'kyiv', BURST), mention, []);
    } finally {
      await store.close();
    }
  });
  afterAll(() => temp.drop());

  it('counts the sources of one affiliation, and says where it spiked', async () => {
    const result = await runCli(['trends', '--affiliation', 'ru-state', '--since', '2024-03-15T00:00:00Z'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('from ru-state sources, since 2024-03-15T00:00:00.000Z: 9 article(s) in 1 hour bucket(s) with any; 1 spike(s)');
    expect(result.stdout).toContain('  spike 2024-03-15T10:00:00.000Z: 9 articles from 2 sources (usual 1, 8 sd above)');
  });

  it('prints JSON lines of buckets then spikes, for a keyword group', async () => {
    const result = await runCli(['trends', '--entity', 'evacuation', '--since', '2024-03-14T00:00:00Z', '--bucket', 'day', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([
      { type: 'bucket', time: '2024-03-14T00:00:00.000Z', count: 1, sources: 1 },
      { type: 'bucket', time: '2024-03-15T00:00:00.000Z', count: 10, sources: 3 },
      { type: 'spike', time: '2024-03-15T00:00:00.000Z', count: 10, sources: 3, expected: 1, sd: 0, score: 9 },
    ]);
  });

  it('refuses an affiliation that does not exist, naming the ones that do', async () => {
    const result = await runCli(['trends', '--affiliation', 'russian-state'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("trends: --affiliation must be one of ru-state, ru-independent, separatist-authority");
    expect(result.stderr).toContain("(got 'russian-state')");
  });
});
