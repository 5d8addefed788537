/**
 * The store's contract: one suite, run against every backend (test/store/*.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleInput, Store } from '../../src/store/index.js';
import type { Mention, RuleHit } from '../../src/types.js';

export interface Backend {
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

function article(key: string, overrides: Partial<ArticleInput> = {}): ArticleInput {
  return {
    key, feedId: 'kyiv-post', url: `https://example.org/${key}`, canonicalUrl: null, title: `Title ${key}`,
    text: 'Denis Pushilin announced an evacuation of the DPR.', author: 'A. Reporter', published: '2022-02-18T14:00:00+03:00',
    lang: 'en', langConfidence: 0.97, siteName: 'Example', method: 'generic', fetchError: null, ...overrides,
  };
}

const mentions: Mention[] = [
  { entity: 'pushilin', start: 6, end: 14, text: 'Pushilin' },
  { entity: 'evacuation', start: 28, end: 38, text: 'evacuation' },
  { entity: 'dpr', start: 46, end: 49, text: 'DPR' },
];
const hits: RuleHit[] = [
  { rule: 'donbas-evacuation', score: 2, priority: 'immediate', mentions: mentions.slice(0, 2) },
  { rule: 'watch-all', score: 1, priority: 'digest', mentions: [mentions[0]!] },
];

export function storeContract(name: string, backend: Backend): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await backend.open();
    });
    afterAll(async () => {
      await store?.close();
      await backend.cleanup();
    });

    it('migrates twice without harm', async () => {
      await store.migrate();
      expect(await store.counts()).toEqual({ feeds: 0, articles: 0, alerts: 0 });
    });

    it('keeps feed state as data and updates it', async () => {
      await store.syncFeeds([{ id: 'kyiv-post', url: 'https://example.org/rss' }, { id: 'tass', url: 'https://tass.example/rss', title: 'TASS' }]);
      await store.syncFeeds([{ id: 'kyiv-post', url: 'https://example.org/rss2' }]);
      await store.updateFeed('tass', { consecutiveErrors: 3, lastStatus: 'http-4xx', lastError: 'fetch: HTTP 404', nextPollAt: '2030-01-01T00:00:00.000Z' });
      const feeds = await store.listFeeds();
      expect(feeds.map((f) => f.id)).toEqual(['kyiv-post', 'tass']);
      expect(feeds[0]!.url).toBe('https://example.org/rss2');
      const tass = await store.getFeed('tass');
      expect(tass).toMatchObject({ title: 'TASS', consecutiveErrors: 3, lastStatus: 'http-4xx', lastError: 'fetch: HTTP 404', nextPollAt: '2030-01-01T00:00:00.000Z' });
    });

    it('marks feeds that left the config as removed, keeps their rows, and counts only configured feeds', async () => {
      await store.syncFeeds([{ id: 'gone-a', url: 'https://gone.example/a' }, { id: 'gone-b', url: 'https://gone.example/b' }]);
      await store.updateFeed('gone-a', { consecutiveErrors: 4, lastStatus: 'network', lastError: 'fetch: ENOTFOUND' });
      const failingBefore = (await store.stats()).feedsByState.failing ?? 0;
      const configured = (await store.listFeeds()).map((f) => f.id).filter((id) => !id.startsWith('gone-'));
      expect(await store.retireFeeds([...configured, 'gone-b'])).toEqual(['gone-a']);
      expect(await store.retireFeeds([...configured, 'gone-b'])).toEqual([]);
      const gone = await store.getFeed('gone-a');
      expect(gone?.removedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(gone?.lastError).toBe('fetch: ENOTFOUND');
      expect((await store.stats()).feedsByState.failing ?? 0).toBe(failingBefore - 1);
      // Configured again: no longer removed, counted again.
      await store.syncFeeds([{ id: 'gone-a', url: 'https://gone.example/a' }]);
      expect((await store.getFeed('gone-a'))?.removedAt).toBeNull();
      expect((await store.stats()).feedsByState.failing ?? 0).toBe(failingBefore);
      expect(await store.retireFeeds(configured)).toEqual(['gone-a', 'gone-b']);
      expect((await store.stats()).feedsByState.failing ?? 0).toBe(failingBefore - 1);
      await store.syncFeeds([{ id: 'gone-a', url: 'https://gone.example/a' }, { id: 'gone-b', url: 'https://gone.example/b' }]);
      await store.retireFeeds(configured);
    });

    it('skips seen item keys, by any feed', async () => {
      expect(await store.filterUnseen(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
      await store.markSeen('kyiv-post', ['a', 'b']);
      await store.markSeen('tass', ['b']);
      expect(await store.filterUnseen(['a', 'b', 'c', 'c'])).toEqual(['c']);
    });

    it('stores an article, its mentions and alerts once per key', async () => {
      const first = await store.saveAnalysis(article('k1'), mentions, hits);
      expect(first.created).toBe(true);
      expect(first.alertIds).toHaveLength(2);
      const again = await store.saveAnalysis(article('k1', { title: 'changed' }), mentions, hits);
      expect(again).toEqual({ articleId: first.articleId, created: false, alertIds: [] });
      expect(await store.alertIdsForArticle(first.articleId)).toEqual(first.alertIds);
      const stored = await store.getArticle(first.articleId);
      expect(stored?.title).toBe('Title k1');
      expect(stored?.published).toBe('2022-02-18T11:00:00.000Z');
      expect(stored?.mentions.map((m) => m.text)).toEqual(['Pushilin', 'evacuation', 'DPR']);
      expect(await store.filterUnseen(['k1'])).toEqual([]);
    });

    it('lists alerts with entities and evidence, filtered', async () => {
      await store.saveAnalysis(article('k2', { text: 'Nothing here', published: null }), [], [{ rule: 'watch-all', score: 1, priority: 'digest', mentions: [] }]);
      const all = await store.listAlerts();
      expect(all.map((a) => a.rule)).toEqual(['watch-all', 'watch-all', 'donbas-evacuation']);
      const evac = await store.listAlerts({ rule: 'donbas-evacuation' });
      expect(evac).toHaveLength(1);
      expect(evac[0]).toMatchObject({ url: 'https://example.org/k1', lang: 'en', published: '2022-02-18T11:00:00.000Z', entities: ['dpr', 'evacuation', 'pushilin'] });
      expect(evac[0]!.evidence.map((m) => m.entity)).toEqual(['pushilin', 'evacuation']);
      expect((await store.listAlerts({ entity: 'dpr' })).map((a) => a.articleId)).toEqual([evac[0]!.articleId, evac[0]!.articleId]);
      expect(await store.listAlerts({ since: '2999-01-01' })).toEqual([]);
      const newest = all[0]!;
      expect((await store.getAlerts([newest.id]))[0]?.published).toBeNull();
      expect(await store.listAlerts({ afterId: newest.id })).toEqual([]);
    });

    it('lists alerts newest published first (created when unpublished), an article\'s alerts together', async () => {
      const quiet = (rule: string) => ({ rule, score: 1, priority: 'digest' as const, mentions: [] });
      const late = await store.saveAnalysis(article('k-late', { text: 'Quiet day.', published: '2031-05-01T10:00:00+02:00' }), [], [quiet('watch-all'), quiet('quiet')]);
      const early = await store.saveAnalysis(article('k-early', { text: 'Quiet day.', published: '2001-01-01T00:00:00Z' }), [], [quiet('watch-all')]);
      const byPublished = await store.listAlerts({ sort: 'published' });
      // k-late is in the future, then the unpublished k2 (created now), then 2022's k1, then 2001's k-early.
      expect(byPublished.slice(0, 2).map((a) => a.articleId)).toEqual([late.articleId, late.articleId]);
      expect(byPublished[2]!.published).toBeNull();
      expect(byPublished.at(-1)!.articleId).toBe(early.articleId);
      const byCreated = await store.listAlerts({ sort: 'created' });
      expect(byCreated[0]!.articleId).toBe(early.articleId);
      expect(byCreated.map((a) => a.created)).toEqual([...byCreated.map((a) => a.created)].sort().reverse());
    });

    it('keeps one article under concurrent saves of the same key', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => store.saveAnalysis(article('k3'), mentions, hits)));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.articleId)).size).toBe(1);
      expect((await store.listAlerts()).filter((a) => a.url === 'https://example.org/k3')).toHaveLength(2);
    });

    it('rolls back a failed save completely', async () => {
      const bad = { ...hits[0]!, rule: null as unknown as string };
      await expect(store.saveAnalysis(article('k4'), mentions, [bad])).rejects.toThrow();
      expect(await store.filterUnseen(['k4'])).toEqual(['k4']);
      expect((await store.saveAnalysis(article('k4'), mentions, hits)).created).toBe(true);
    });

    it('searches titles and bodies in any language, with the other filters and paging', async () => {
      const watch = [{ rule: 'watch-all', score: 1, priority: 'digest' as const, mentions: [] }];
      await store.saveAnalysis(article('s1', { title: 'Пушилин объявил эвакуацию', text: 'Глава ДНР Денис Пушилин объявил эвакуацию.', lang: 'ru', feedId: 'tass' }), [], watch);
      await store.saveAnalysis(article('s2', { title: 'Grain corridor talks', text: 'Ministers met in Istanbul.' }), [], watch);
      const ids = (alerts: { url: string | null }[]) => alerts.map((a) => a.url?.replace('https://example.org/', ''));
      expect(ids(await store.listAlerts({ text: 'эвакуац' }))).toEqual(['s1']);
      expect(ids(await store.listAlerts({ text: 'ПУШИЛИН' }))).toEqual(['s1']);
      expect(ids(await store.listAlerts({ text: 'grain', rule: 'watch-all' }))).toEqual(['s2']);
      expect(ids(await store.listAlerts({ text: 'istanbul ministers' }))).toEqual(['s2']);
      expect(await store.listAlerts({ text: 'istanbul pushilin' })).toEqual([]);
      expect(ids(await store.listAlerts({ text: '"evacuation" (*: -', rule: 'donbas-evacuation' }))).toEqual(['k4', 'k3', 'k1']);
      expect(ids(await store.listAlerts({ lang: 'ru' }))).toEqual(['s1']);
      expect(ids(await store.listAlerts({ feed: 'tass' }))).toEqual(['s1']);
      expect(await store.listAlerts({ until: '2000-01-01' })).toEqual([]);
      const all = await store.listAlerts();
      expect(ids(await store.listAlerts({ limit: 2, offset: 1 }))).toEqual(ids(all.slice(1, 3)));
    });

    it('finds every inflected form in en/ru/uk, phrases, exclusions, OR and prefixes, best match first, counted', async () => {
      const rule = [{ rule: 'search-forms', score: 1, priority: 'digest' as const, mentions: [] }];
      const save = (key: string, lang: string, title: string, text: string) => store.saveAnalysis(article(key, { lang, title, text }), [], rule);
      await save('q1', 'ru', 'Власти объявили эвакуацию', 'Глава ДНР Денис Пушилин объявил об эвакуации жителей в Ростовскую область. Эвакуация началась в Донбассе.');
      await save('q2', 'uk', 'Евакуація мешканців', 'Пушилін оголосив евакуацію. Про евакуації з Донбасу повідомили окупанти.');
      await save('q3', 'en', 'Civilians evacuated', 'Separatist leaders said they evacuated civilians; the evacuation of Donetsk continued.');
      await save('q4', 'en', 'Grain exports resume', 'No evacuation was planned, officials said, while the grain corridor reopened.');
      const ids = async (text: string) => (await store.listAlerts({ text, rule: 'search-forms' })).map((a) => a.url?.replace('https://example.org/', ''));
      for (const form of ['эвакуация', 'эвакуацию', 'Эвакуации', 'эвакуацией', 'Пушилиным', 'Пушилина', 'Донбасс']) expect(await ids(form), form).toEqual(['q1']);
      for (const form of ['евакуація', 'евакуації', 'евакуацією', 'Пушиліна', 'Донбас']) expect(await ids(form), form).toEqual(['q2']);
      for (const form of ['evacuate', 'evacuations', 'EVACUATED']) expect(await ids(form), form).toEqual(['q3', 'q4']);
      expect(await ids('"evacuation of Donetsk"')).toEqual(['q3']);
      expect(await ids('"Donetsk evacuation"')).toEqual([]);
      expect(await ids('evacuation -grain')).toEqual(['q3']);
      expect(await ids('evacuation -"grain corridor"')).toEqual(['q3']);
      expect(await ids('-grain')).toEqual(['q3', 'q2', 'q1']);
      expect(await ids('grain OR евакуація')).toEqual(expect.arrayContaining(['q2', 'q4']));
      expect(await ids('grain OR евакуація')).toHaveLength(2);
      expect(await ids('grain OR евакуація -окупанти')).toEqual(['q4']);
      expect(await ids('evacu*')).toEqual(['q3', 'q4']);
      expect(await ids('эвакуация евакуація')).toEqual([]);
      expect(await store.countAlerts({ text: 'evacuate' })).toEqual({ alerts: 2 + 3 * 2, articles: 2 + 3 });
      expect(await store.countAlerts({ text: 'evacuate', rule: 'search-forms' })).toEqual({ alerts: 2, articles: 2 });
      // A page and the count of every match together, as listAlerts and countAlerts give them.
      for (const query of [{ text: 'evacuate' }, { text: 'evacuate', limit: 3, offset: 2 }, { text: 'evacuation -grain' }, { rule: 'search-forms', limit: 2 },
        { text: 'evacuate', offset: 500 }, { text: 'istanbul pushilin' }, {}, { text: 'evacuate', sort: 'published' as const }]) {
        expect(await store.alertsWithCount(query), JSON.stringify(query)).toEqual({ alerts: await store.listAlerts(query), total: await store.countAlerts(query) });
      }
    });

    it('keeps the narratives an article carries, with their sentences, on its alerts and as a filter', async () => {
      const text = 'Buses left on Friday. Pushilin claimed that Kyiv was planning an offensive against the republics.';
      const start = text.indexOf('Pushilin');
      const hit = { narrative: 'ukraine-aggressive', claim: 'offensive-planned', start, end: text.length, sentence: text.slice(start) };
      const rule = [{ rule: 'narrative-test', score: 1, priority: 'digest' as const, mentions: [] }];
      const saved = await store.saveAnalysis(article('n1', { text }), [], rule, [hit]);
      await store.saveAnalysis(article('n2', { text: 'Buses left on Friday.' }), [], rule);
      expect((await store.getArticle(saved.articleId))?.narratives).toEqual([hit]);
      const listed = await store.listAlerts({ rule: 'narrative-test' });
      expect(listed.map((a) => [a.url?.replace('https://example.org/', ''), a.narratives])).toEqual([['n2', []], ['n1', ['ukraine-aggressive']]]);
      expect((await store.listAlerts({ narrative: 'ukraine-aggressive' })).map((a) => a.articleId)).toEqual([saved.articleId]);
      await store.replaceAnalysis(saved.articleId, [], [], []);
      expect((await store.getArticle(saved.articleId))?.narratives).toEqual([]);
      expect(await store.listAlerts({ narrative: 'ukraine-aggressive' })).toEqual([]);
    });

    it('counts articles per hour and day by publication time, per entity, rule, narrative and feed, with distinct sources', async () => {
      const rule = [{ rule: 'trend-test', score: 1, priority: 'digest' as const, mentions: [] }];
      const at = (key: string, published: string, feedId: string, entity: string | null) => store.saveAnalysis(
        article(key, { published, feedId, text: 'Trend text.' }),
        entity ? [{ entity, start: 0, end: 5, text: 'Trend' }] : [], entity ? rule : [],
        entity ? [{ narrative: 'maidan-coup', claim: 'coup', start: 0, end: 11, sentence: 'Trend text.' }] : []);
      await at('t1', '2023-05-01T10:05:00Z', 'feed-a', 'trend-entity');
      await at('t2', '2023-05-01T10:55:00+00:00', 'feed-b', 'trend-entity');
      await at('t3', '2023-05-01T12:00:00+03:00', 'feed-a', 'trend-entity');
      await at('t4', '2023-05-02T08:00:00Z', 'feed-a', null);
      const since = '2023-05-01T00:00:00Z';
      const until = '2023-05-03T00:00:00Z';
      expect(await store.trendCounts({ bucket: 'hour', since, until, entity: 'trend-entity' })).toEqual([
        { time: '2023-05-01T09:00:00.000Z', count: 1, sources: 1 },
        { time: '2023-05-01T10:00:00.000Z', count: 2, sources: 2 },
      ]);
      expect(await store.trendCounts({ bucket: 'day', since, until })).toEqual([
        { time: '2023-05-01T00:00:00.000Z', count: 3, sources: 2 },
        { time: '2023-05-02T00:00:00.000Z', count: 1, sources: 1 },
      ]);
      expect(await store.trendCounts({ bucket: 'day', since, until, rule: 'trend-test', feed: 'feed-a' })).toEqual([{ time: '2023-05-01T00:00:00.000Z', count: 2, sources: 1 }]);
      expect((await store.trendCounts({ bucket: 'day', since, until, narrative: 'maidan-coup' }))[0]?.count).toBe(3);
      // By source affiliation: only feed-b is ru-state, so only its article counts.
      await store.syncFeeds([{ id: 'feed-a', url: 'https://a.example/', affiliation: 'ua-media' }, { id: 'feed-b', url: 'https://b.example/', affiliation: 'ru-state' }]);
      expect(await store.trendCounts({ bucket: 'day', since, until, affiliation: 'ru-state' })).toEqual([{ time: '2023-05-01T00:00:00.000Z', count: 1, sources: 1 }]);
      expect((await store.trendCounts({ bucket: 'day', since, until, affiliation: 'ua-media' })).map((b) => b.count)).toEqual([2, 1]);
      expect(await store.trendCounts({ bucket: 'day', since, until, affiliation: 'international' })).toEqual([]);
    });

    it('searches what another process stored, however many, each article found once', async () => {
      const other = await backend.open();
      try {
        const watch = [{ rule: 'watch-all', score: 1, priority: 'digest' as const, mentions: [] }];
        for (let i = 0; i < 120; i++) {
          await other.saveAnalysis(article(`bulk${i}`, { title: `Bulk story ${i}`, text: `Convoy number ${i} left Mariupol at dawn.` }), [], watch);
        }
        const found = await store.listAlerts({ text: 'mariupol convoy', limit: 500 });
        expect(found).toHaveLength(120);
        expect(new Set(found.map((a) => a.url)).size).toBe(120);
        expect((await store.listAlerts({ text: 'bulk story 77' })).map((a) => a.title)).toEqual(['Bulk story 77']);
      } finally {
        await other.close();
      }
      expect(await store.listAlerts({ text: 'mariupol', limit: 500 })).toHaveLength(120);
    });

    it('replaces mentions and adds new alerts once on re-analysis', async () => {
      const since = '2000-01-01T00:00:00.000Z';
      const first = await store.articlesSince(since, 0, 2);
      expect(first).toHaveLength(2);
      const k1 = first.find((a) => a.text.startsWith('Denis Pushilin'))!;
      expect(k1).toMatchObject({ lang: 'en', feedId: 'kyiv-post' });
      expect((await store.articlesSince(since, first[1]!.id, 1000)).every((a) => a.id > first[1]!.id)).toBe(true);
      const hit = { rule: 'pushilin-only', score: 1, priority: 'digest' as const, mentions: [mentions[0]!] };
      const added = await store.replaceAnalysis(k1.id, [mentions[0]!], [...hits, hit]);
      expect(added).toHaveLength(1);
      expect(await store.replaceAnalysis(k1.id, [mentions[0]!], [...hits, hit])).toEqual([]);
      expect((await store.getArticle(k1.id))?.mentions.map((m) => m.entity)).toEqual(['pushilin']);
      const stats = await store.stats();
      expect(stats.alertsByRule['pushilin-only']).toBe(1);
      expect(stats.articlesByMethod.generic).toBeGreaterThanOrEqual(5);
      expect(stats.feedsByState.failing).toBe(1);
      expect(stats.deliveries).toEqual(expect.any(Object));
    });

    it('claims each alert once per (subscription, channel) in the delivery ledger', async () => {
      const since = '2000-01-01T00:00:00.000Z';
      const open = await store.undeliveredAlerts('daily', 'email', since, 1000);
      const ids = open.map((a) => a.id);
      expect(ids.length).toBeGreaterThanOrEqual(3);
      const claims = await Promise.all([0, 1, 2, 3].map(() => store.claimDelivery({ subscription: 'daily', channel: 'email', kind: 'digest', alertIds: ids, meta: { window: 'w' } })));
      const made = claims.filter((c) => c !== null);
      expect(made).toHaveLength(1);
      const delivery = made[0]!;
      expect(delivery).toMatchObject({ status: 'pending', attempts: 0, alertIds: [...ids].sort((a, b) => a - b), meta: { window: 'w' }, sentAt: null });
      expect(await store.undeliveredAlerts('daily', 'email', since, 1000)).toEqual([]);
      expect(await store.undeliveredAlerts('daily', 'webhook', since, 1000)).toHaveLength(ids.length);
      expect(await store.claimDelivery({ subscription: 'daily', channel: 'email', kind: 'digest', alertIds: ids })).toBeNull();
      const other = await store.claimDelivery({ subscription: 'daily', channel: 'webhook', kind: 'digest', alertIds: ids.slice(0, 1) });
      expect(other?.key).not.toBe(delivery.key);

      await store.updateDelivery(delivery.id, 'sending');
      await store.updateDelivery(delivery.id, 'sending');
      await store.updateDelivery(delivery.id, 'failed', 'delivery: smtp 451');
      expect(await store.getDelivery(delivery.id)).toMatchObject({ status: 'failed', attempts: 2, error: 'delivery: smtp 451', key: delivery.key });
      expect((await store.listDeliveries({ status: 'failed' })).map((d) => d.id)).toEqual([delivery.id]);
      await store.updateDelivery(delivery.id, 'sent');
      const sent = await store.getDelivery(delivery.id);
      expect(sent).toMatchObject({ status: 'sent', error: null });
      expect(sent?.sentAt).toMatch(/^\d{4}-/);
      expect((await store.listDeliveries({ subscription: 'daily' })).map((d) => d.channel)).toEqual(['webhook', 'email']);
      expect(await store.listDeliveries({ status: ['pending', 'sending'], channel: 'email' })).toEqual([]);
    });

    it('keeps the field (title or body) of each mention and of the evidence', async () => {
      const title = 'Pushilin announces mass evacuation';
      const inTitle: Mention[] = [
        { entity: 'pushilin', start: 0, end: 8, text: 'Pushilin', field: 'title' },
        { entity: 'evacuation', start: 24, end: 34, text: 'evacuation', field: 'title' },
      ];
      const inBody: Mention = { entity: 'dpr', start: 46, end: 49, text: 'DPR', field: 'body' };
      const hit: RuleHit = { rule: 'headline', score: 3, priority: 'immediate', mentions: [...inTitle, inBody] };
      const saved = await store.saveAnalysis(article('k-title', { title }), [inBody, ...inTitle, { entity: 'lpr', start: 1, end: 4, text: 'LPR' }], [hit]);
      const stored = await store.getArticle(saved.articleId);
      expect(stored?.mentions.map((m) => [m.field, m.entity, m.start])).toEqual([
        ['title', 'pushilin', 0], ['title', 'evacuation', 24], ['body', 'lpr', 1], ['body', 'dpr', 46],
      ]);
      const [alert] = await store.getAlerts(saved.alertIds);
      expect(alert?.evidence.map((m) => m.field)).toEqual(['title', 'title', 'body']);
      expect(alert?.evidence.filter((m) => m.field === 'title').map((m) => title.slice(m.start, m.end))).toEqual(['Pushilin', 'evacuation']);
    });

    it('keeps each source\'s registry keys on its feed row and gives alerts their affiliation', async () => {
      await store.syncFeeds([
        { id: 'dan-news', url: 'https://dan-news.ru/', affiliation: 'separatist-media', country: 'UA', owner: 'DPR ministry of information' },
        { id: 'pushilin', url: 'https://t.me/s/pushilindenis', affiliation: 'separatist-authority', country: 'UA', owner: 'Denis Pushilin' },
      ]);
      expect(await store.getFeed('dan-news')).toMatchObject({ affiliation: 'separatist-media', country: 'UA', owner: 'DPR ministry of information' });
      const dan = await store.saveAnalysis(article('reg-1', { feedId: 'dan-news' }), mentions, hits.slice(0, 1));
      const tg = await store.saveAnalysis(article('reg-2', { feedId: 'pushilin' }), mentions, hits.slice(0, 1));
      const [danAlert] = await store.getAlerts(dan.alertIds);
      expect(danAlert?.affiliation).toBe('separatist-media');
      const byAffiliation = await store.listAlerts({ affiliation: 'separatist-authority' });
      expect(byAffiliation.map((a) => a.id)).toEqual(tg.alertIds);
      expect(byAffiliation[0]).toMatchObject({ feedId: 'pushilin', affiliation: 'separatist-authority', rule: 'donbas-evacuation' });
      expect(await store.listAlerts({ affiliation: 'ua-government' })).toEqual([]);
      // Alerts of a source without an affiliation say null; so does one whose affiliation the config drops.
      expect((await store.listAlerts({ feed: 'kyiv-post' }))[0]?.affiliation).toBeNull();
      await store.syncFeeds([{ id: 'dan-news', url: 'https://dan-news.ru/', affiliation: null }]);
      expect(await store.getFeed('dan-news')).toMatchObject({ affiliation: null, country: null, owner: null });
      expect((await store.getAlerts(dan.alertIds))[0]?.affiliation).toBeNull();
      // A poll's patch leaves the registry alone.
      await store.updateFeed('pushilin', { lastStatus: 'ok', consecutiveErrors: 0 });
      expect(await store.getFeed('pushilin')).toMatchObject({ affiliation: 'separatist-authority', lastStatus: 'ok' });
    });

    it('keeps a date without a time as a date (published_precision day), a time as minute', async () => {
      const watch: RuleHit[] = [{ rule: 'precision', score: 1, priority: 'digest', mentions: [] }];
      const day = await store.saveAnalysis(article('k-day', { published: '2022-02-18' }), [], watch);
      const minute = await store.saveAnalysis(article('k-minute', { published: '2022-02-18T14:00:00+03:00' }), [], watch);
      const none = await store.saveAnalysis(article('k-none', { published: null }), [], watch);
      const stored = await store.getArticle(day.articleId);
      expect(stored?.publishedPrecision).toBe('day');
      expect(new Date(stored!.published!).toISOString()).toBe('2022-02-18T00:00:00.000Z');
      expect((await store.getArticle(minute.articleId))?.publishedPrecision).toBe('minute');
      const alerts = await store.listAlerts({ rule: 'precision' });
      expect(alerts.map((a) => [a.articleId, a.publishedPrecision ?? null])).toEqual([
        [none.articleId, null], [minute.articleId, 'minute'], [day.articleId, 'day'],
      ]);
    });
  });
}
