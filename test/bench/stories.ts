/**
 * Story grouping on the project's labelled set (test/fixtures/stories/set.jsonl: short reports in en, ru
 * and uk, each labelled with the event it reports): the articles are tagged with the shipped watchlist
 * and stored in publication order in a temporary SQLite store, which assigns stories as it stores
 * them; the stories found are compared with the labels by pairwise precision and recall (over pairs of
 * articles put in one story) and B-cubed. `--json` adds a final line with one JSON object.
 *
 *   npx tsx test/bench/stories.ts        (development)
 *   npm run bench:stories                (node dist/test/bench/stories.js)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.js';
import { compileWatchlist, parseWatchlist, tagArticle } from '../../src/tagging/index.js';
import { hasShared, REPO_ROOT, sharedData } from '../helpers/paths.js';

export interface StoryItem {
  id: string;
  /** The event's label. */
  story: string;
  feed: string;
  lang: string;
  published: string;
  title: string;
  text: string;
}

/** The shared pages labelled here (read in place when ../shared/data is present): the seed article reports the evacuation. */
const SHARED: { path: string; item: Omit<StoryItem, 'text'> }[] = [
  { path: 'seed/evacuation-2022-02-18.txt', item: { id: 'shared-seed', story: 'evac', feed: 'shared-seed', lang: 'en', published: '2022-02-18T13:30:00Z', title: 'Separatist leaders in eastern Ukraine announce mass evacuation to Russia' } },
];

export function readStoryItems(): StoryItem[] {
  const own = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'stories', 'set.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as StoryItem);
  const shared = SHARED.filter((s) => hasShared(s.path)).map((s) => ({ ...s.item, text: readFileSync(sharedData(s.path), 'utf8') }));
  return [...own, ...shared];
}

/** Pairwise precision/recall and B-cubed of a found grouping against the labels (both by item id). */
export function grouping(labels: Map<string, string>, found: Map<string, string>) {
  const ids = [...labels.keys()];
  let tp = 0, fp = 0, fn = 0, bp = 0, br = 0;
  for (let i = 0; i < ids.length; i++) {
    const sameGold = (j: string) => labels.get(j) === labels.get(ids[i]!);
    const sameFound = (j: string) => found.get(j) === found.get(ids[i]!);
    for (let j = i + 1; j < ids.length; j++) {
      const g = sameGold(ids[j]!), f = sameFound(ids[j]!);
      if (g && f) tp++; else if (f) fp++; else if (g) fn++;
    }
    const cluster = ids.filter(sameFound);
    const gold = ids.filter(sameGold);
    const both = cluster.filter(sameGold).length;
    bp += both / cluster.length;
    br += both / gold.length;
  }
  return { precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, pairs: { tp, fp, fn },
    bcubedPrecision: bp / ids.length, bcubedRecall: br / ids.length };
}

async function main(): Promise<void> {
  const items = readStoryItems().sort((a, b) => a.published.localeCompare(b.published));
  const watchlist = compileWatchlist(parseWatchlist(readFileSync(join(REPO_ROOT, 'config', 'watchlist.yaml'), 'utf8')));
  const dir = mkdtempSync(join(tmpdir(), 'mediamon-stories-'));
  const store = await openStore(`sqlite:${join(dir, 'bench.db')}`);
  try {
    await store.migrate();
    await store.syncFeeds([...new Set(items.map((i) => i.feed))].map((id) => ({ id, url: `https://${id}.example/feed` })));
    const found = new Map<string, string>();
    const started = performance.now();
    for (const item of items) {
      const mentions = tagArticle({ title: item.title, text: item.text }, watchlist, { lang: item.lang });
      const saved = await store.saveAnalysis({ key: item.id, feedId: item.feed, url: null, canonicalUrl: null, title: item.title, text: item.text, author: null,
        published: item.published, lang: item.lang, langConfidence: 1, siteName: null, method: 'feed-fallback', fetchError: null }, mentions, []);
      found.set(item.id, String(saved.storyId));
    }
    const ms = performance.now() - started;
    const labels = new Map(items.map((i) => [i.id, i.story]));
    const r = grouping(labels, found);
    const fmt = (x: number) => x.toFixed(3);
    const sharedN = items.filter((i) => i.id.startsWith('shared-')).length;
    console.log(`stories: ${items.length} articles (${sharedN ? `${sharedN} from ../shared/data, ` : 'no shared pages: ../shared/data absent, '}${new Set(items.map((i) => i.lang)).size} languages), ${new Set(labels.values()).size} labelled events, ${new Set(found.values()).size} stories found`);
    console.log(`pairwise: precision ${fmt(r.precision)}, recall ${fmt(r.recall)} (${r.pairs.tp} pairs right, ${r.pairs.fp} wrongly joined, ${r.pairs.fn} missed)`);
    console.log(`B-cubed:  precision ${fmt(r.bcubedPrecision)}, recall ${fmt(r.bcubedRecall)}`);
    console.log(`store with story assignment: ${(ms / items.length).toFixed(2)} ms an article (SQLite, temp dir)`);
    if (process.argv.includes('--verbose')) {
      const byStory = new Map<string, string[]>();
      for (const [id, s] of found) byStory.set(s, [...(byStory.get(s) ?? []), id]);
      for (const [s, ids] of byStory) console.log(`  story ${s}: ${ids.join(' ')}`);
    }
    if (process.argv.includes('--json')) console.log(JSON.stringify({ articles: items.length, ...r, msPerArticle: ms / items.length }));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) void main();
