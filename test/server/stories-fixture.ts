/** What the stories page tests store: one evacuation reported by tass (ru) then Kyiv News (en, two rules), and an unrelated report. */
import type { ArticleInput } from '../../src/store/index.js';
import type { Mention } from '../../src/types.js';
import type { World } from './fixture.js';

function report(key: string, feedId: string, lang: string, published: string, title: string, text: string): ArticleInput {
  return { key, feedId, url: `https://news.example/${key}`, canonicalUrl: null, title, text, author: null, published, lang, langConfidence: 1, siteName: null, method: 'generic', fetchError: null };
}

const at = (text: string, surface: string, entity: string): Mention => ({ entity, start: text.indexOf(surface), end: text.indexOf(surface) + surface.length, text: surface });

export async function saveStories(world: World): Promise<{ first: number; follower: number; other: number }> {
  const store = world.rt.store;
  const ruText = 'Глава ДНР Денис Пушилин объявил эвакуацию в Ростовскую область: около 700 000 человек.';
  const ru = await store.saveAnalysis(report('evac-ru', 'tass', 'ru', '2022-02-18T13:55:00Z', 'Пушилин объявил эвакуацию жителей ДНР', ruText),
    [at(ruText, 'ДНР', 'dpr'), at(ruText, 'Пушилин', 'pushilin'), at(ruText, 'эвакуацию', 'evacuation')], []);
  const enText = 'Denis Pushilin, head of the DPR, ordered the evacuation of about 700,000 people to Russia.';
  const evidence = [at(enText, 'Pushilin', 'pushilin'), at(enText, 'evacuation', 'evacuation')];
  const en = await store.saveAnalysis(report('evac-en', 'kyiv-news', 'en', '2022-02-18T16:25:00Z', 'Pushilin orders evacuation to Russia', enText),
    [...evidence, at(enText, 'DPR', 'dpr')],
    [{ rule: 'donbas-evacuation', score: 3, priority: 'immediate', mentions: evidence }, { rule: 'false-flag', score: 1, priority: 'digest', mentions: evidence.slice(0, 1) }]);
  const otherText = 'Grain exports from Odesa rose by 12 percent.';
  const other = await store.saveAnalysis(report('grain', 'kyiv-news', 'en', '2022-02-19T09:00:00Z', 'Grain exports <rise>', otherText), [], []);
  return { first: ru.articleId, follower: en.articleId, other: other.articleId };
}
