/**
 * Story assignment under concurrency on PostgreSQL: several analyze workers (each its own store and
 * connection pool) storing reports of one new event at the same instant must put them in one story,
 * not start one story each. (SQLite's single writer serialises store transactions by itself.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type ArticleInput, type Store } from '../../src/store/index.js';
import type { Mention } from '../../src/types.js';
import { pgSchema } from '../helpers/services.js';

const WORKERS = 4;
const EVENTS = 6;
const REPORTS = 4;

function report(event: number, n: number): { article: ArticleInput; mentions: Mention[] } {
  const place = `town-${event}`;
  const text = `Officials in ${place} said ${1000 + event * 17} residents were evacuated overnight after shelling of the bridge; ${40 + event} buses left.`;
  return {
    article: {
      key: `event-${event}-report-${n}`, feedId: `feed-${n}`, url: `https://feed-${n}.example/${event}`, canonicalUrl: null,
      title: `Evacuation of ${place}`, text, author: null, published: new Date(Date.UTC(2026, 10, 1 + event, 8, n)).toISOString(),
      lang: 'en', langConfidence: 1, siteName: null, method: 'generic', fetchError: null,
    },
    // Each event names its own two entries, so events never join each other.
    mentions: [{ entity: place, start: 14, end: 14 + place.length, text: place }, { entity: `leader-${event}`, start: 0, end: 9, text: 'Officials' }],
  };
}

describe('stories on PostgreSQL: concurrent reports of one new event', () => {
  let schema: Awaited<ReturnType<typeof pgSchema>>;
  const stores: Store[] = [];
  beforeAll(async () => {
    schema = await pgSchema();
    for (let i = 0; i < WORKERS; i++) {
      const store = await openStore(schema.url);
      stores.push(store);
    }
    await stores[0]!.syncFeeds(Array.from({ length: REPORTS }, (_, n) => ({ id: `feed-${n}`, url: `http://127.0.0.1:9/${n}.xml` })));
  });
  afterAll(async () => {
    await Promise.allSettled(stores.map((s) => s.close()));
    await schema?.drop();
  });

  it('puts every report of each event in one story, with a summary that counts them all', async () => {
    // All reports of all events at once, each report of an event through a different worker.
    const saves = [];
    for (let event = 0; event < EVENTS; event++) {
      for (let n = 0; n < REPORTS; n++) {
        const { article, mentions } = report(event, n);
        saves.push(stores[(event + n) % WORKERS]!.saveAnalysis(article, mentions, []));
      }
    }
    const saved = await Promise.all(saves);
    expect(saved.every((s) => s.created)).toBe(true);
    const stories = await stores[0]!.listStories({ limit: 100 });
    expect(stories).toHaveLength(EVENTS);
    for (let event = 0; event < EVENTS; event++) {
      const ids = new Set(saved.slice(event * REPORTS, (event + 1) * REPORTS).map((s) => s.storyId));
      expect(ids.size).toBe(1);
      const story = stories.find((s) => s.id === [...ids][0]);
      expect(story).toMatchObject({ articles: REPORTS, outlets: REPORTS, langs: ['en'], firstSeen: new Date(Date.UTC(2026, 10, 1 + event, 8, 0)).toISOString() });
    }
  });
});
