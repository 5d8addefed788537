/**
 * Upgrading a store to migration 53 (the story key table): stories stored before it are found by the
 * reports that come after it, on both stores. The store is taken back to before migration 53 (its
 * tables and index dropped, its record removed), then migrated again.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type ArticleInput } from '../../src/store/index.js';
import type { Mention } from '../../src/types.js';
import { openRawDb } from '../bench/pipeline/services.js';
import { pgSchema, tempDir } from '../helpers/services.js';

function report(key: string, feedId: string, published: string, text: string): { article: ArticleInput; mentions: Mention[] } {
  return {
    article: { key, feedId, url: null, canonicalUrl: null, title: 'Evacuation of Horlivka announced', text, author: null, published, lang: 'en',
      langConfidence: 1, siteName: null, method: 'generic', fetchError: null },
    mentions: [{ entity: 'horlivka', start: 0, end: 8, text: 'Horlivka' }, { entity: 'evacuation', start: 9, end: 19, text: 'evacuation' }],
  };
}

const temp = tempDir();
const backends = [
  { name: 'sqlite', make: async () => ({ url: `sqlite:${path.join(temp.dir, 'upgrade.db')}`, drop: async () => undefined }) },
  { name: 'postgres', make: pgSchema },
];

describe.each(backends)('stories after the upgrade to migration 53: $name', ({ make }) => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
    temp.drop();
  });

  it('a report stored after the upgrade joins the story of reports stored before it', async () => {
    const target = await make();
    drops.push(() => target.drop());
    let store = await openStore(target.url);
    await store.syncFeeds([{ id: 'a', url: 'http://127.0.0.1:9/a.xml' }, { id: 'b', url: 'http://127.0.0.1:9/b.xml' }]);
    const text = 'Horlivka evacuation: officials said 2,400 residents and 35 buses left the city overnight after shelling.';
    const before = await store.saveAnalysis(report('before', 'a', '2026-11-20T08:00:00Z', text).article, report('before', 'a', '2026-11-20T08:00:00Z', text).mentions, []);
    await store.close();

    const raw = openRawDb(target.url);
    for (const sql of ['DROP TABLE story_keys', 'DROP TABLE story_entry_counts', 'DROP INDEX articles_story_time', 'DELETE FROM schema_migrations WHERE id = 53']) await raw.run(sql);
    await raw.close();

    store = await openStore(target.url);
    try {
      const after = report('after', 'b', '2026-11-20T09:30:00Z', text);
      const saved = await store.saveAnalysis(after.article, after.mentions, []);
      expect(saved.storyId).toBe(before.storyId);
      expect(await store.getStory(before.storyId!)).toMatchObject({ articles: 2, outlets: 2 });
    } finally {
      await store.close();
    }
  });
});
