/**
 * What story assignment costs an article in the worst case: a store of ordinary generated articles
 * (4-8 of 14 common entries each, published within a few days, so every lookup key is crowded), then
 * articles naming 500 distinct entries each. Prints the CPU ms of story assignment an article
 * (Store.storyCost: all of it on SQLite; the client's part on PostgreSQL) and the wall ms of the whole
 * saveAnalysis, for the ordinary and the wide articles. A benchmark: it measures, asserts nothing.
 *
 *   npx tsx test/bench/story-cost.ts [--store sqlite|pg] [--articles 20000] [--wide 200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type ArticleInput, type Store } from '../../src/store/index.js';
import type { Mention } from '../../src/types.js';
import { round } from './harness.js';
import { freshDatabase } from './pipeline/services.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const STORE = opt('store', 'sqlite') as 'sqlite' | 'pg';
const ARTICLES = Number(opt('articles', '20000'));
const WIDE = Number(opt('wide', '200'));
const COMMON = ['pushilin', 'pasechnik', 'dpr', 'lpr', 'kremlin', 'zelensky', 'putin', 'peskov', 'evacuation', 'shelling', 'donetsk', 'luhansk', 'kuleba', 'mariupol'];
const WORDS = 'evacuation shelling civilians buses border officials announced region forces claims reported village front line ceasefire statement'.split(' ');
const DAYS = 5;

let seed = 11;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}

function article(key: string, entities: string[], now: number): { article: ArticleInput; mentions: Mention[] } {
  const words = Array.from({ length: 60 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  const text = `${entities.slice(0, 20).join(' ')} ${words} ${Math.floor(random() * 900) + 100} people.`;
  return {
    article: { key, feedId: `feed-${Math.floor(random() * 20)}`, url: null, canonicalUrl: null, title: `${entities[0]} ${WORDS[Math.floor(random() * WORDS.length)]}`, text, author: null,
      published: new Date(now - random() * DAYS * 86_400_000).toISOString(), lang: 'en', langConfidence: 1, siteName: null, method: 'generic', fetchError: null },
    mentions: entities.map((entity) => ({ entity, start: 0, end: 1, text: entity })),
  };
}

async function timed(store: Store, items: { article: ArticleInput; mentions: Mention[] }[]): Promise<{ storyCpuMs: number; wallMs: number }> {
  const before = store.storyCost();
  const t0 = performance.now();
  for (const { article: a, mentions } of items) await store.saveAnalysis(a, mentions, []);
  const after = store.storyCost();
  return { storyCpuMs: (after.cpuMs - before.cpuMs) / items.length, wallMs: (performance.now() - t0) / items.length };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mediamon-story-cost-'));
  const db = await freshDatabase(STORE, dir);
  const store = await openStore(db.url);
  try {
    await store.syncFeeds(Array.from({ length: 20 }, (_, i) => ({ id: `feed-${i}`, url: `http://127.0.0.1:9/${i}.xml` })));
    const now = Date.now();
    const ordinary = (i: number) => article(`o-${i}`, [...new Set(Array.from({ length: 4 + Math.floor(random() * 5) }, () => COMMON[Math.floor(random() * COMMON.length)]!))], now);
    const fill = await timed(store, Array.from({ length: ARTICLES }, (_, i) => ordinary(i)));
    const wide = await timed(store, Array.from({ length: WIDE }, (_, i) => article(`w-${i}`, [...COMMON, ...Array.from({ length: 500 - COMMON.length }, (_, e) => `entry-${(i * 37 + e) % 2000}`)], now)));
    const after = await timed(store, Array.from({ length: 1000 }, (_, i) => ordinary(ARTICLES + i)));
    console.log(`story cost (${STORE}, ${ARTICLES} ordinary articles over ${DAYS} days, then ${WIDE} naming 500 entries, then 1,000 ordinary):`);
    console.log(`  ordinary (fill): story ${round(fill.storyCpuMs, 3)} CPU ms, saveAnalysis ${round(fill.wallMs, 2)} wall ms an article`);
    console.log(`  500 entries:     story ${round(wide.storyCpuMs, 3)} CPU ms, saveAnalysis ${round(wide.wallMs, 2)} wall ms an article`);
    console.log(`  ordinary after:  story ${round(after.storyCpuMs, 3)} CPU ms, saveAnalysis ${round(after.wallMs, 2)} wall ms an article`);
  } finally {
    await store.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
