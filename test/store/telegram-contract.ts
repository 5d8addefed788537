/**
 * The store's Telegram contract (both backends): posts with their preview facts, edits counted by text
 * hash, and an edited post's article rewritten in place with only new alerts raised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleInput, Store, TelegramPostRecord } from '../../src/store/index.js';
import type { Mention, RuleHit } from '../../src/types.js';
import type { Backend } from './contract.js';

const KEY = 'telegram:dnr_test/101';

function post(overrides: Partial<TelegramPostRecord> = {}): TelegramPostRecord {
  return {
    key: KEY, feedId: 'tg-dnr', channel: 'dnr_test', postId: 101, textHash: 'h1', published: '2022-02-18T15:00:00+00:00', views: 33_800,
    forwardedFrom: { name: 'ДНР Онлайн', url: 'https://t.me/dnronline/5' }, replyTo: null, media: ['photo'], linkPreviewUrl: null, author: null, edited: false,
    ...overrides,
  };
}

function article(text: string): ArticleInput {
  return {
    key: KEY, feedId: 'tg-dnr', url: 'https://t.me/dnr_test/101', canonicalUrl: 'https://t.me/dnr_test/101', title: text.split('.')[0]!, text,
    author: null, published: '2022-02-18T15:00:00Z', lang: 'ru', langConfidence: 0.9, siteName: 'ДНР', method: 'telegram', fetchError: null,
  };
}

const pushilin: Mention = { entity: 'pushilin', start: 0, end: 7, text: 'Пушилин' };
const evacuation: Mention = { entity: 'evacuation', start: 8, end: 17, text: 'эвакуация' };
const hit = (rule: string, mentions: Mention[]): RuleHit => ({ rule, score: 1, priority: 'immediate', mentions });

export function telegramStoreContract(name: string, backend: Backend): void {
  describe(`store contract, Telegram: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await backend.open();
      await store.migrate();
    });
    afterAll(async () => {
      await store?.close();
      await backend.cleanup();
    });

    it('stores a post with what the preview says, and refreshes it', async () => {
      expect(await store.telegramPosts([KEY])).toEqual([]);
      await store.saveTelegramPosts([post(), post({ key: 'telegram:dnr_test/102', postId: 102, forwardedFrom: null, media: [] })]);
      await store.saveTelegramPosts([post({ views: 40_000 })]);
      const [first, second] = await store.telegramPosts([KEY, 'telegram:dnr_test/102', 'telegram:dnr_test/999']);
      expect(first).toMatchObject({ postId: 101, views: 40_000, forwardedFrom: { name: 'ДНР Онлайн', url: 'https://t.me/dnronline/5' }, media: ['photo'], edits: 0, edited: false, published: '2022-02-18T15:00:00.000Z' });
      expect(second).toMatchObject({ postId: 102, forwardedFrom: null, media: [] });
    });

    it('counts an edit when the text hash changes, not when only the views do', async () => {
      await store.saveTelegramPosts([post({ textHash: 'h2', edited: true, views: 41_000 })]);
      await store.saveTelegramPosts([post({ textHash: 'h2', edited: true, views: 42_000 })]);
      const [stored] = await store.telegramPosts([KEY]);
      expect(stored).toMatchObject({ textHash: 'h2', edits: 1, edited: true, views: 42_000 });
    });

    it('rewrites an edited article in place and raises only new alerts', async () => {
      const first = await store.updateAnalysis(article('Пушилин говорит.'), [pushilin], [hit('watch-pushilin', [pushilin])]);
      expect(first).toMatchObject({ created: true, updated: false });
      expect(first.alertIds).toHaveLength(1);
      // A search indexes what is stored (SQLite's batched index), so the edit below must unindex old words.
      expect(await store.listAlerts({ text: 'говорит' })).toHaveLength(1);
      const again = await store.updateAnalysis(article('Пушилин говорит.'), [pushilin], [hit('watch-pushilin', [pushilin])]);
      expect(again).toEqual({ articleId: first.articleId, created: false, updated: false, alertIds: [] });
      const editedText = 'Пушилин эвакуация объявлена.';
      const carried = { narrative: 'russia-must-protect-itself', claim: 'protect-citizens', start: 0, end: editedText.length, sentence: editedText };
      const edited = await store.updateAnalysis(article(editedText), [pushilin, evacuation], [hit('watch-pushilin', [pushilin]), hit('donbas-evacuation', [pushilin, evacuation])], [carried]);
      expect(edited).toMatchObject({ articleId: first.articleId, created: false, updated: true });
      expect(edited.alertIds).toHaveLength(1);
      const stored = await store.getArticle(first.articleId);
      expect(stored).toMatchObject({ text: 'Пушилин эвакуация объявлена.', method: 'telegram' });
      expect(stored!.mentions.map((m) => m.entity)).toEqual(['pushilin', 'evacuation']);
      // The edit's narratives replace the post's (it carried none before).
      expect(stored!.narratives).toEqual([carried]);
      expect((await store.listAlerts()).map((a) => a.rule).sort()).toEqual(['donbas-evacuation', 'watch-pushilin']);
      expect((await store.counts()).articles).toBe(1);
    });

    it('searches the edited text, not the old one', async () => {
      expect((await store.listAlerts({ text: 'эвакуация' })).length).toBe(2);
      expect(await store.listAlerts({ text: 'говорит' })).toEqual([]);
    });
  });
}
