/**
 * The store's contract for the analyst's pages: every article (alert or not) listed newest published
 * first, filtered, searched, counted, tallied per day and by entity, narrative and feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleInput, Store } from '../../src/store/index.js';
import type { Mention } from '../../src/types.js';
import type { Backend } from './contract.js';

function article(key: string, overrides: Partial<ArticleInput>): ArticleInput {
  return {
    key, feedId: 'kyiv', url: null, canonicalUrl: null, title: key, text: 'Nothing here.', author: null, published: null,
    lang: 'en', langConfidence: 0.9, siteName: null, method: 'generic', fetchError: null, ...overrides,
  };
}

const m = (entity: string): Mention => ({ entity, start: 0, end: 1, text: 'x' });

export function articlesStoreContract(name: string, backend: Backend): void {
  describe(`store contract (analyst pages): ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await backend.open();
      await store.syncFeeds([{ id: 'kyiv', url: 'http://127.0.0.1:9/k.xml' }, { id: 'tass', url: 'http://127.0.0.1:9/t.xml', affiliation: 'ru-state' }]);
      await store.saveAnalysis(article('a', { published: '2024-03-01T10:00:00Z', text: 'Pushilin announced evacuations of Donetsk.' }),
        [m('pushilin'), m('donetsk')], [{ rule: 'r', score: 1, priority: 'digest', mentions: [] }]);
      await store.saveAnalysis(article('b', { published: '2024-03-01T23:30:00+03:00', feedId: 'tass', lang: 'ru', text: 'Пушилин эвакуация.' }), [m('pushilin')], [],
        [{ narrative: 'ukraine-aggressor', claim: 'c', start: 0, end: 5, sentence: '' }]);
      await store.saveAnalysis(article('c', { published: '2024-03-03T08:00:00Z', feedId: 'tass', text: 'Grain exports rose.' }), [m('donetsk')], [],
        [{ narrative: 'ukraine-aggressor', claim: 'c', start: 0, end: 5, sentence: '' }]);
    });
    afterAll(async () => {
      await store?.close();
      await backend.cleanup();
    });

    it('lists every article, alert or not, newest publication first, with entities, narratives, affiliation and alert count', async () => {
      const all = await store.listArticles();
      expect(all.map((a) => a.title)).toEqual(['c', 'b', 'a']); // b: 20:30 UTC on March 1st
      expect(all.find((a) => a.title === 'a')).toMatchObject({ alerts: 1, entities: ['donetsk', 'pushilin'], narratives: [], affiliation: null, published: '2024-03-01T10:00:00.000Z' });
      expect(all.find((a) => a.title === 'c')).toMatchObject({ alerts: 0, narratives: ['ukraine-aggressor'], affiliation: 'ru-state' });
      expect(await store.countArticles()).toBe(3);
      expect((await store.listArticles({ limit: 1, offset: 1 })).map((a) => a.title)).toEqual(['b']);
    });

    it('filters by feed, language, entity, narrative, affiliation, publication time and search', async () => {
      const titles = async (q: Parameters<Store['listArticles']>[0]) => (await store.listArticles(q)).map((a) => a.title);
      expect(await titles({ feed: 'tass' })).toEqual(['c', 'b']);
      expect(await titles({ lang: 'ru' })).toEqual(['b']);
      expect(await titles({ entity: 'pushilin' })).toEqual(['b', 'a']);
      expect(await titles({ narrative: 'ukraine-aggressor' })).toEqual(['c', 'b']);
      expect(await titles({ affiliation: 'ru-state', entity: 'donetsk' })).toEqual(['c']);
      expect(await titles({ since: '2024-03-01T12:00:00Z', until: '2024-03-02T00:00:00Z' })).toEqual(['b']);
      expect(await titles({ text: 'evacuation' })).toEqual(['a']); // "evacuations" by its stem
      expect(await titles({ text: 'эвакуации' })).toEqual(['b']);
      expect(await store.countArticles({ entity: 'donetsk', since: '2024-03-02T00:00:00Z' })).toBe(1);
    });

    it('tallies articles per UTC publication day and feed, and by entity, narrative and feed', async () => {
      expect(await store.articleDays()).toEqual([
        { day: '2024-03-01', feedId: 'kyiv', n: 1 }, { day: '2024-03-01', feedId: 'tass', n: 1 }, { day: '2024-03-03', feedId: 'tass', n: 1 }]);
      expect(await store.articleDays({ entity: 'donetsk' })).toEqual([{ day: '2024-03-01', feedId: 'kyiv', n: 1 }, { day: '2024-03-03', feedId: 'tass', n: 1 }]);
      expect(await store.articleFacet({ entity: 'pushilin' }, 'entity', 10)).toEqual([{ key: 'pushilin', n: 2 }, { key: 'donetsk', n: 1 }]);
      expect(await store.articleFacet({}, 'feed', 10)).toEqual([{ key: 'tass', n: 2 }, { key: 'kyiv', n: 1 }]);
      expect(await store.articleFacet({}, 'narrative', 10)).toEqual([{ key: 'ukraine-aggressor', n: 2 }]);
      expect(await store.articleFacet({}, 'feed', 1)).toEqual([{ key: 'tass', n: 2 }]);
    });

    // Last: it stores one more article.
    it('orders an article\'s entities by prominence: named in the headline, then most often named, then by id', async () => {
      const at = (entity: string, field: 'title' | 'body'): Mention => ({ ...m(entity), field });
      const saved = await store.saveAnalysis(article('prominent', { published: '2020-01-01T00:00:00Z' }),
        [at('pushilin', 'body'), at('dpr', 'body'), at('dpr', 'body'), at('kremlin', 'title'), at('dpr', 'body'), at('azov', 'body')],
        [{ rule: 'r', score: 1, priority: 'digest', mentions: [] }]);
      const expected = ['kremlin', 'dpr', 'azov', 'pushilin'];
      expect((await store.listArticles({ since: '2019-12-31T00:00:00Z', until: '2020-01-02T00:00:00Z' }))[0]!.entities).toEqual(expected);
      expect((await store.getAlerts(saved.alertIds))[0]!.entities).toEqual(expected);
    });
  });
}
