/**
 * The store's contract for stories: each article joins a story as it is stored, across outlets and
 * languages (a Russian and an English report of one evacuation are one story), and reports of two
 * shelling events in one city on different days stay two stories. Tagged with the shipped watchlist.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleInput, Store } from '../../src/store/index.js';
import { compileWatchlist, parseWatchlist, tagArticle } from '../../src/tagging/index.js';
import { REPO_ROOT } from '../helpers/paths.js';
import type { Backend } from './contract.js';

const watchlist = compileWatchlist(parseWatchlist(readFileSync(join(REPO_ROOT, 'config', 'watchlist.yaml'), 'utf8')));

function report(key: string, feedId: string, lang: string, published: string, title: string, text: string): ArticleInput {
  return { key, feedId, url: `https://${feedId}.example/${key}`, canonicalUrl: null, title, text, author: null, published, lang, langConfidence: 1, siteName: null, method: 'generic', fetchError: null };
}

async function save(store: Store, a: ArticleInput, rules: string[] = []) {
  const mentions = tagArticle({ title: a.title, text: a.text }, watchlist, { lang: a.lang });
  return store.saveAnalysis(a, mentions, rules.map((rule) => ({ rule, score: 1, priority: 'digest' as const, mentions: mentions.slice(0, 1) })));
}

export function storiesStoreContract(name: string, backend: Backend): void {
  describe(`store contract (stories): ${name}`, () => {
    let store: Store;
    const ids: Record<string, number> = {};
    beforeAll(async () => {
      store = await backend.open();
      await store.syncFeeds([{ id: 'tass', url: 'http://127.0.0.1:9/t.xml', affiliation: 'ru-state' }, { id: 'reuters', url: 'http://127.0.0.1:9/r.xml' }]);
      const all = [
        report('evac-ru', 'tass', 'ru', '2022-02-18T13:55:00Z', 'Пушилин объявил эвакуацию жителей ДНР в Ростовскую область',
          'Глава ДНР Денис Пушилин объявил о начале массовой эвакуации населения в Россию. Всего может быть эвакуировано около 700 000 человек.'),
        report('evac-en', 'reuters', 'en', '2022-02-18T14:10:00Z', 'Separatist leader Pushilin orders evacuation of civilians from Donetsk to Russia',
          "Denis Pushilin, head of the self-proclaimed Donetsk People's Republic, announced a mass evacuation to Russia. He said about 700,000 people could leave."),
        report('shell-19', 'tass', 'ru', '2022-02-19T07:40:00Z', 'ВСУ обстреляли Донецк, повреждён жилой дом на улице Куприна',
          'Украинские силовики ночью обстреляли Донецк, снаряд попал в жилой дом на улице Куприна. Ранены два человека, повреждены 12 квартир.'),
        report('shell-20', 'tass', 'ru', '2022-02-20T18:30:00Z', 'Обстрел Донецка: погиб мирный житель, разрушены пять домов',
          'Вечером в воскресенье Петровский район Донецка попал под обстрел. Погиб один мирный житель, без света остались 3 400 абонентов.'),
      ];
      for (const a of all) ids[a.key] = (await save(store, a, a.key === 'evac-en' ? ['evacuations', 'separatists'] : []))!.articleId;
    });
    afterAll(async () => {
      await store?.close();
      await backend.cleanup();
    });

    it('puts a Russian and an English report of one evacuation in one story, first report first', async () => {
      const stories = await store.listStories();
      const evac = stories.find((s) => s.first.articleId === ids['evac-ru']);
      expect(evac).toMatchObject({ articles: 2, outlets: 2, langs: ['ru', 'en'], alerts: 2, firstSeen: '2022-02-18T13:55:00.000Z', lastSeen: '2022-02-18T14:10:00.000Z' });
      expect(evac!.first).toMatchObject({ feedId: 'tass', affiliation: 'ru-state', lang: 'ru' });
      const members = await store.listArticles({ story: evac!.id });
      expect(members.map((a) => a.id).sort()).toEqual([ids['evac-ru'], ids['evac-en']].sort());
      expect((await store.getStory(evac!.id))?.articles).toBe(2);
    });

    it('gives the latest members of many stories in one call, as listArticles gives each story', async () => {
      const stories = await store.listStories();
      expect(stories.length).toBe(3);
      const members = await store.storyMembers([...stories.map((s) => s.id), 999999], 50);
      expect([...members.keys()].sort()).toEqual(stories.map((s) => s.id).sort()); // a story without articles is absent
      for (const s of stories) expect(members.get(s.id)).toEqual(await store.listArticles({ story: s.id, limit: 50 }));
      const evac = stories.find((s) => s.articles === 2)!;
      const latest = await store.storyMembers([evac.id], 1);
      expect(latest.get(evac.id)).toEqual(await store.listArticles({ story: evac.id, limit: 1 })); // the newest only
      expect(latest.get(evac.id)![0]).toMatchObject({ lang: 'en', alerts: 2, feedId: 'reuters' });
      expect((await store.storyMembers([], 50)).size).toBe(0);
    });

    it('keeps two shellings of one city on different days as two stories', async () => {
      const [s19] = await store.listArticles({ text: 'Куприна' });
      const [s20] = await store.listArticles({ text: 'Петровский' });
      expect(s19!.storyId).not.toBeNull();
      expect(s19!.storyId).not.toBe(s20!.storyId);
      expect((await store.listStories()).map((s) => s.id)[0]).toBe(s20!.storyId); // most recently active first
    });

    it('gives every alert its article story, and a repeated save changes nothing', async () => {
      const alerts = await store.listAlerts();
      expect(new Set(alerts.map((a) => a.storyId)).size).toBe(1);
      const again = await save(store, report('evac-en', 'reuters', 'en', '2022-02-18T14:10:00Z', 'x', 'Pushilin evacuation'));
      expect(again.created).toBe(false);
      expect((await store.listStories()).length).toBe(3);
      expect(await store.getStory(999999)).toBeUndefined();
    });

    it('retention counts a story again from the reports left, and deletes the stories it empties', async () => {
      const day = 86_400_000;
      const policy = { articlesMs: 30 * day, alertedArticlesMs: 365 * day, deliveriesMs: 0, dedupKeysMs: 0 };
      const now = new Date(Date.now() + 31 * day);
      // The quiet reports go (the Russian first report of the evacuation, both shellings); the alerted English one stays.
      const dry = await store.prune(policy, { now, dryRun: true });
      expect(dry).toMatchObject({ articles: 3, stories: 2 });
      expect(await store.prune(policy, { now, pauseMs: 0 })).toMatchObject({ articles: 3, stories: 2 });
      const stories = await store.listStories();
      expect(stories).toHaveLength(1);
      expect(stories[0]).toMatchObject({ articles: 1, outlets: 1, langs: ['en'], alerts: 2, firstSeen: '2022-02-18T14:10:00.000Z', lastSeen: '2022-02-18T14:10:00.000Z' });
      expect(stories[0]!.first).toMatchObject({ articleId: ids['evac-en'], feedId: 'reuters', lang: 'en' });
      // A new report of a pruned event starts a story of its own (no key of the deleted story is left to find).
      const again = await save(store, report('shell-20b', 'tass', 'ru', '2022-02-20T19:00:00Z', 'Обстрел Донецка: погиб мирный житель',
        'Вечером в воскресенье Петровский район Донецка попал под обстрел. Без света остались 3 400 абонентов.'));
      expect(await store.getStory(again.storyId!)).toMatchObject({ articles: 1 });
      // The last report goes a year on: its story goes with it.
      expect(await store.prune(policy, { now: new Date(Date.now() + 366 * day), pauseMs: 0 })).toMatchObject({ articles: 1, alertedArticles: 1, stories: 2 });
      expect(await store.listStories()).toEqual([]);
    });
  });
}
