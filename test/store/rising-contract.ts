/**
 * Rising rules against every backend: a burst of articles about an entry raises one alert per spike
 * (per rule and series), never twice — also when two connections look at once — the alert carries its
 * spike (count, usual level, sources, the articles of the bucket), and the digest shows it under
 * "Rising" with a link to the entry's page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertJson } from '../../src/cli/commands/alerts.js';
import { buildDigest, renderMarkdown } from '../../src/delivery/index.js';
import type { ArticleInput, Store } from '../../src/store/index.js';
import { RulesSchema, WatchlistSchema } from '../../src/tagging/schema.js';
import { raiseRisingAlerts, type RaisedSpike } from '../../src/trends/alerts.js';
import type { Backend } from './contract.js';

const DAY = 86_400_000;
/** The run's clock: 40 minutes into the hour of the burst (2024-03-15 is a Friday). */
const NOW = new Date('2024-03-15T10:40:00Z');
const BURST_HOUR = '2024-03-15T10:00:00.000Z';

const watchlist = WatchlistSchema.parse({
  entries: [
    { id: 'pushilin', kind: 'person', name: 'Denis Pushilin', names: { en: ['Pushilin'] } },
    { id: 'kremlin', kind: 'organisation', name: 'Kremlin', names: { en: ['Kremlin'] } },
  ],
});
const rules = RulesSchema.parse({
  rules: [
    { id: 'donbas-watch', when: ['pushilin'] },
    { id: 'pushilin-rising', type: 'rising', description: 'Pushilin mentioned far more than usual', priority: 'immediate', watch: { entity: 'pushilin' } },
    { id: 'anything-rising', type: 'rising', watch: { entity: '*' } },
    { id: 'separatist-media-rising', type: 'rising', watch: { affiliation: 'separatist-media' } },
    // Overrides: z 10 is more than this burst (7 deviations), so this rule stays quiet.
    { id: 'pushilin-strict', type: 'rising', z: 10, watch: { entity: 'pushilin' } },
    { id: 'kremlin-daily', type: 'rising', bucket: 'day', baseline: 'hour-of-day', watch: { entity: 'kremlin' } },
  ],
});
const config = { rules, watchlist };

function article(key: string, feedId: string, published: string, entity: string): ArticleInput {
  return {
    key, feedId, url: `https://example.org/${key}`, canonicalUrl: null, title: `${entity} ${key}`, text: `${entity} said something.`, author: null,
    published, lang: 'en', langConfidence: 0.9, siteName: null, method: 'generic', fetchError: null,
  };
}

export function risingStoreContract(name: string, backend: Backend): void {
  describe(`store rising-rules contract: ${name}`, () => {
    let store: Store;
    let other: Store;
    let first: RaisedSpike[];
    let second: RaisedSpike[];
    beforeAll(async () => {
      store = await backend.open();
      other = await backend.open();
      await store.syncFeeds([
        { id: 'wire', url: 'https://wire.example/rss', affiliation: 'international' },
        { id: 'dan', url: 'https://dan.example/rss', affiliation: 'separatist-media' },
        { id: 'lug', url: 'https://lug.example/rss', affiliation: 'separatist-media' },
      ]);
      const save = (a: ArticleInput, entity: string) => store.saveAnalysis(a, [{ entity, start: 0, end: entity.length, text: entity }], []);
      // Three weeks of the usual: one Pushilin article a day at 10:00 from the wire, one Kremlin article from separatist media.
      for (let d = 21; d >= 1; d--) {
        const at = new Date(Date.parse(BURST_HOUR) - d * DAY).toISOString();
        await save(article(`usual-p-${d}`, 'wire', at, 'pushilin'), 'pushilin');
        await save(article(`usual-k-${d}`, 'dan', at, 'kremlin'), 'kremlin');
      }
      // The burst: 8 Pushilin articles from three sources in one hour (two of them separatist media).
      const feeds = ['dan', 'lug', 'wire', 'dan', 'lug', 'dan', 'lug', 'wire'];
      for (let i = 0; i < 8; i++) await save(article(`burst-${i}`, feeds[i]!, `2024-03-15T10:${String(5 + i * 4).padStart(2, '0')}:00Z`, 'pushilin'), 'pushilin');
      // Two connections look at once: each spike is raised by exactly one of them.
      const [a, b] = await Promise.all([raiseRisingAlerts({ store, config, now: NOW }), raiseRisingAlerts({ store: other, config, now: NOW })]);
      first = [...a, ...b];
      second = await raiseRisingAlerts({ store, config, now: new Date(NOW.getTime() + 10 * 60_000) });
    });
    afterAll(async () => {
      await Promise.allSettled([store?.close(), other?.close()]);
      await backend.cleanup();
    });

    it('raises one alert per spike and series: the entry, every entry (only the one that rose), the affiliation; never twice', async () => {
      expect(first.map((s) => `${s.rule} ${s.watch.kind}:${s.watch.id} ${s.time}`).sort()).toEqual([
        `anything-rising entity:pushilin ${BURST_HOUR}`,
        `pushilin-rising entity:pushilin ${BURST_HOUR}`,
        `separatist-media-rising affiliation:separatist-media ${BURST_HOUR}`,
      ]);
      expect(first.every((s) => s.alertId !== null)).toBe(true);
      expect(second).toEqual([]);
      expect((await store.listSpikes()).length).toBe(3);
      expect((await store.listAlerts({ rule: 'pushilin-rising' })).length).toBe(1);
    });

    it('gives the alert its spike: count against the usual level, sources, the articles of the bucket', async () => {
      const raised = first.find((s) => s.rule === 'pushilin-rising')!;
      const [alert] = await store.getAlerts([raised.alertId!]);
      expect(alert).toMatchObject({ rule: 'pushilin-rising', priority: 'immediate', evidence: [] });
      expect(alert!.rising).toMatchObject({ watch: { kind: 'entity', id: 'pushilin' }, bucket: 'hour', time: BURST_HOUR, count: 8, sources: 3, expected: 1 });
      expect(alert!.rising!.articleIds).toHaveLength(8);
      // `alerts list --json` carries it too.
      expect(alertJson(alert!).rising).toMatchObject({ series: { kind: 'entity', id: 'pushilin' }, time: BURST_HOUR, count: 8, expected: 1, sources: 3 });
      // The alert hangs on the first article of the bucket.
      expect(alert!.articleId).toBe(alert!.rising!.articleIds[0]);
      expect((await store.getArticle(alert!.articleId))?.key).toBe('burst-0');
      const sep = (await store.listSpikes({ watch: { kind: 'affiliation', id: 'separatist-media' } }))[0]!;
      expect(sep).toMatchObject({ count: 6, sources: 2, rule: 'separatist-media-rising' });
      // An ordinary alert says nothing of spikes.
      const plain = await store.saveAnalysis(article('plain', 'wire', '2024-03-15T09:00:00Z', 'pushilin'), [], [{ rule: 'donbas-watch', score: 1, priority: 'digest', mentions: [{ entity: 'pushilin', start: 0, end: 8, text: 'pushilin' }] }]);
      expect((await store.getAlerts(plain.alertIds))[0]!.rising).toBeUndefined();
    });

    it('counts every entry at once for rules watching every entry', async () => {
      const byEntity = await store.trendCountsByEntity({ bucket: 'day', since: '2024-03-14T00:00:00Z', until: '2024-03-16T00:00:00Z' });
      expect(byEntity.get('pushilin')).toEqual([
        { time: '2024-03-14T00:00:00.000Z', count: 1, sources: 1 },
        { time: '2024-03-15T00:00:00.000Z', count: 8, sources: 3 },
      ]);
      expect(byEntity.get('kremlin')).toEqual([{ time: '2024-03-14T00:00:00.000Z', count: 1, sources: 1 }]);
    });

    it('keeps spikes as long as alerted articles, then prunes them (articles stored now stay)', async () => {
      const policy = { articlesMs: 0, alertedArticlesMs: 365 * DAY, deliveriesMs: 0, dedupKeysMs: 0 };
      const inAYear = new Date(NOW.getTime() + 300 * DAY);
      expect((await store.prune(policy, { now: inAYear, dryRun: true })).spikes).toBe(0);
      const later = new Date(NOW.getTime() + 400 * DAY);
      expect((await store.prune(policy, { now: later, dryRun: true })).spikes).toBe(3);
      expect((await store.listSpikes()).length).toBe(3);
    });

    it('shows the spikes in the digest under Rising, with the count, the usual level, the sources and a link', async () => {
      const alerts = await store.getAlerts(first.map((s) => s.alertId!));
      const digest = buildDigest({
        subscription: { id: 'desk', timezone: 'UTC' }, alerts, articles: new Map(),
        names: { entities: new Map([['pushilin', 'Denis Pushilin']]), feeds: new Map(), rules: new Map() }, now: NOW, baseUrl: 'https://mediamon.example/',
      });
      expect(digest.stories).toEqual([]);
      const md = renderMarkdown(digest);
      expect(md).toContain('## Rising');
      expect(md).toContain('- **[Denis Pushilin](<https://mediamon.example/entities/pushilin>)**: 8 articles in the hour from 2024-03-15 10:00 UTC (usual 1), from 3 sources — pushilin-rising');
      expect(md).toContain('**[separatist-media sources](<https://mediamon.example/articles?affiliation=separatist-media>)**: 6 articles');
      expect(digest.subject).toMatch(/^mediamon: 3 alerts — rising: Denis Pushilin, separatist-media sources \(/);
    });

    it('prunes them for real, leaving the alerts to the age of their articles', async () => {
      const policy = { articlesMs: 0, alertedArticlesMs: 365 * DAY, deliveriesMs: 0, dedupKeysMs: 0 };
      expect((await store.prune(policy, { now: new Date(NOW.getTime() + 400 * DAY), pauseMs: 0 })).spikes).toBe(3);
      expect(await store.listSpikes()).toEqual([]);
      // The alerts stay with their articles (stored now, far younger than a year).
      expect((await store.listAlerts({ rule: 'pushilin-rising' })).length).toBe(1);
    });
  });
}
