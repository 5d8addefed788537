/**
 * Retention's contract (store.prune), run against every backend: what goes, what stays, and that a
 * pruned article's key keeps a feed repeating the item from storing it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleInput, PrunePolicy, Store, TelegramPostRecord } from '../../src/store/index.js';
import type { Mention, RuleHit } from '../../src/types.js';
import type { Backend } from './contract.js';

const DAY = 86_400_000;
const POLICY: PrunePolicy = { articlesMs: 30 * DAY, alertedArticlesMs: 365 * DAY, deliveriesMs: 90 * DAY, dedupKeysMs: 730 * DAY };

function article(key: string, text = 'Denis Pushilin announced an evacuation of the DPR.'): ArticleInput {
  return {
    key, feedId: 'donbas-news', url: `https://example.org/${key}`, canonicalUrl: null, title: `Pushilin ${key}`, text, author: null,
    published: null, lang: 'en', langConfidence: 0.9, siteName: null, method: 'generic', fetchError: null,
  };
}
const mentions: Mention[] = [{ entity: 'pushilin', start: 6, end: 14, text: 'Pushilin' }];
const hit: RuleHit = { rule: 'pushilin-watch', score: 1, priority: 'digest', mentions };
const later = (days: number) => new Date(Date.now() + days * DAY);
const post = (key: string): TelegramPostRecord => ({
  key, feedId: 'donbas-news', channel: 'donbas', postId: 1, textHash: 'h1', published: null, views: 10, forwardedFrom: null,
  replyTo: null, media: [], linkPreviewUrl: null, author: null, edited: false,
});

export function pruneStoreContract(name: string, backend: Backend): void {
  describe(`store prune contract: ${name}`, () => {
    let store: Store;
    let quiet: number;
    let alerted: number;
    beforeAll(async () => {
      store = await backend.open();
      await store.syncFeeds([{ id: 'donbas-news', url: 'https://example.org/rss' }]);
      await store.markSeen('donbas-news', ['quiet-1', 'alerted-1']);
      quiet = (await store.saveAnalysis(article('quiet-1'), mentions, [], [{ narrative: 'n1', claim: 'c1', start: 0, end: 5, sentence: 'Denis' }])).articleId;
      alerted = (await store.saveAnalysis(article('alerted-1'), mentions, [hit])).articleId;
      await store.saveTelegramPosts([post('quiet-1')]);
      const alertId = (await store.alertIdsForArticle(alerted))[0]!;
      const claimed = await store.claimDelivery({ subscription: 'desk', channel: 'file', kind: 'alerts', alertIds: [alertId], meta: { period: null, leftOut: {} } });
      await store.updateDelivery(claimed!.id, 'sent');
      // Search finds the quiet article before the prune (and indexes it, on SQLite).
      expect((await store.listArticles({ text: 'Pushilin' })).map((a) => a.id).sort()).toEqual([quiet, alerted].sort());
    });
    afterAll(async () => {
      await store?.close();
      await backend.cleanup();
    });

    it('deletes nothing that is younger than the settings keep', async () => {
      expect(await store.prune(POLICY, { now: later(1) })).toMatchObject({ articles: 0, alertedArticles: 0, deliveries: 0, seenItems: 0 });
      expect(await store.counts()).toMatchObject({ articles: 2, alerts: 1 });
    });

    it('a dry run counts per table what a prune then deletes, and changes nothing', async () => {
      const dry = await store.prune(POLICY, { now: later(31), dryRun: true });
      expect(dry).toMatchObject({ articles: 1, alertedArticles: 0, mentions: 1, narratives: 1, alerts: 0, telegramPosts: 1, tombstonesAdded: 1 });
      expect(await store.counts()).toMatchObject({ articles: 2 });
      const done = await store.prune(POLICY, { now: later(31), batchSize: 1, pauseMs: 0 });
      expect(done).toEqual({ ...dry, tombstonesAdded: 1 });
    });

    it('takes the article with its mentions, narratives, Telegram post row and search row; keeps the alerted one', async () => {
      expect(await store.getArticle(quiet)).toBeUndefined();
      expect(await store.telegramPosts(['quiet-1'])).toEqual([]);
      expect(await store.getArticle(alerted)).toMatchObject({ key: 'alerted-1', mentions: [{ entity: 'pushilin' }] });
      expect((await store.listArticles({ text: 'Pushilin' })).map((a) => a.id)).toEqual([alerted]);
      expect(await store.articleFacet({}, 'narrative', 10)).toEqual([]);
    });

    it('a feed repeating a pruned item does not store it again', async () => {
      expect(await store.filterUnseen(['quiet-1', 'brand-new'])).toEqual(['brand-new']);
      const again = await store.saveAnalysis(article('quiet-1'), mentions, [hit]);
      expect(again).toMatchObject({ created: false, pruned: true, alertIds: [] });
      const edited = await store.updateAnalysis(article('quiet-1', 'Pushilin again, edited.'), mentions, [hit]);
      expect(edited).toMatchObject({ created: false, updated: false });
      expect(await store.counts()).toMatchObject({ articles: 1, alerts: 1 });
      // The channel page still shows the post: its row comes back, without an article.
      await store.saveTelegramPosts([post('quiet-1')]);
    });

    it('alerted articles go after their own time, with their alerts; finished deliveries after theirs', async () => {
      const c = await store.prune(POLICY, { now: later(366), pauseMs: 0 });
      expect(c).toMatchObject({ articles: 0, alertedArticles: 1, alerts: 1, deliveries: 1, deliveryLinks: 1, tombstonesAdded: 1, telegramPosts: 1 });
      expect(await store.telegramPosts(['quiet-1'])).toEqual([]);
      expect(await store.counts()).toMatchObject({ articles: 0, alerts: 0 });
      expect(await store.listDeliveries()).toEqual([]);
      expect((await store.listArticles({ text: 'Pushilin' }))).toEqual([]);
    });

    it('dedup keys and tombstones expire after their (long) time, and a zero setting keeps forever', async () => {
      const forever: PrunePolicy = { articlesMs: 0, alertedArticlesMs: 0, deliveriesMs: 0, dedupKeysMs: 0 };
      expect(await store.prune(forever, { now: later(5000), pauseMs: 0 })).toMatchObject({ seenItems: 0, tombstonesExpired: 0 });
      expect(await store.filterUnseen(['quiet-1', 'alerted-1'])).toEqual([]);
      const c = await store.prune(POLICY, { now: later(366 + 731), pauseMs: 0 });
      expect(c).toMatchObject({ seenItems: 2, tombstonesExpired: 2 });
      expect(await store.filterUnseen(['quiet-1', 'alerted-1'])).toEqual(['quiet-1', 'alerted-1']);
    });
  });
}
