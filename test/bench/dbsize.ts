/**
 * How big the database grows: stores N generated articles (default 10,000; text of news length in
 * en/ru/uk, mentions, some alerts and narratives, each item's seen key) into SQLite and PostgreSQL, and
 * reports the bytes per 10,000 articles (tables, indexes and search index), per 10,000 dedup keys, and
 * what a year of 20,000 articles a day holds under the default retention (settings.retention). Then
 * prunes every article in batches (timed: the machine may be loaded) and measures the tombstones.
 * Deterministic (seeded).
 *
 *   npx tsx test/bench/dbsize.ts [--articles N] [--stores sqlite,postgres] [--json]
 *   npm run bench:dbsize                  (node dist/test/bench/dbsize.js)
 *
 * PostgreSQL: DATABASE_URL if it is postgres://, else postgres://postgres@127.0.0.1:5432/test; a schema of its own, dropped after.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SettingsSchema } from '../../src/settings/schema.js';
import { retentionPolicy } from '../../src/store/retention.js';
import { openStore, type ArticleInput, type Store } from '../../src/store/index.js';
import type { Mention, NarrativeHit, RuleHit } from '../../src/types.js';

const PER_DAY = 20_000;
/** Shares of articles that raise an alert / carry a narrative (about what the seed config gives on news). */
const ALERTED = 0.05;
const NARRATIVE = 0.03;
const TEXT_CHARS = 4_000;
const MENTIONS_PER_ARTICLE = 6;
const VOCABULARY = 20_000;
const FEEDS = 50;

let seed = 7;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const SYLLABLES: Record<string, string[]> = {
  en: ['ta', 'ren', 'mon', 'vel', 'st', 'ing', 'com', 'pro', 'der', 'al', 'ex', 'ment', 'tion', 'per', 'sol', 'ward'],
  ru: ['ра', 'про', 'ст', 'ни', 'ко', 'вед', 'ски', 'ова', 'ние', 'за', 'бор', 'ель', 'тер', 'мы', 'дон', 'ков'],
  uk: ['ра', 'про', 'ст', 'ні', 'ко', 'від', 'ськ', 'ова', 'ння', 'за', 'бір', 'їв', 'тер', 'ми', 'дон', 'ків'],
};
/** Per language, a vocabulary of made-up words drawn with a Zipf-like skew (as real text is). */
const WORDS: Record<string, string[]> = Object.fromEntries(Object.entries(SYLLABLES).map(([lang, syl]) => {
  const words: string[] = [];
  for (let i = 0; i < VOCABULARY; i++) {
    let w = '';
    for (let n = 2 + Math.floor(random() * 3); n > 0; n--) w += pick(syl);
    words.push(w);
  }
  return [lang, words];
}));
const NAMES = ['Pushilin', 'Пушилин', 'Пушилін', 'DPR', 'ДНР', 'Kremlin', 'Кремль', 'evacuation', 'эвакуация', 'евакуація'];

function zipfWord(lang: string): string {
  return WORDS[lang]![Math.floor(VOCABULARY * random() ** 3)]!;
}

function generate(i: number): { article: ArticleInput; mentions: Mention[]; hits: RuleHit[]; narratives: NarrativeHit[] } {
  const lang = pick(['en', 'ru', 'uk']);
  const mentions: Mention[] = [];
  let text = '';
  while (text.length < TEXT_CHARS) {
    if (random() < MENTIONS_PER_ARTICLE / (TEXT_CHARS / 8)) {
      const name = pick(NAMES);
      mentions.push({ entity: name.toLowerCase().slice(0, 8), start: text.length, end: text.length + name.length, text: name });
      text += `${name} `;
    } else {
      text += `${zipfWord(lang)}${random() < 0.08 ? '. ' : ' '}`;
    }
  }
  const key = `https://news${i % FEEDS}.example.org/${lang}/2026/12/${i}-${zipfWord('en')}-${zipfWord('en')}`;
  const hits: RuleHit[] = random() < ALERTED && mentions.length > 0
    ? [{ rule: 'donbas-leaders', score: 2, priority: 'digest', mentions: mentions.slice(0, 3) }] : [];
  const narratives: NarrativeHit[] = random() < NARRATIVE ? [{ narrative: 'false-flag', claim: 'staged', start: 0, end: 200, sentence: text.slice(0, 200) }] : [];
  return {
    article: {
      key, feedId: `feed-${i % FEEDS}`, url: key, canonicalUrl: key, title: Array.from({ length: 9 }, () => zipfWord(lang)).join(' '), text,
      author: 'A. Reporter', published: new Date(Date.UTC(2026, 11, 1) + i * 4_000).toISOString(), lang, langConfidence: 0.9,
      siteName: `News ${i % FEEDS}`, method: 'generic', fetchError: null,
    },
    mentions, hits, narratives,
  };
}

interface Sizes { total: number; keys: number; tombstones: number }

async function fill(store: Store, n: number): Promise<void> {
  seed = 7;
  await store.syncFeeds(Array.from({ length: FEEDS }, (_, i) => ({ id: `feed-${i}`, url: `https://news${i}.example.org/rss` })));
  for (let i = 0; i < n; i++) {
    const g = generate(i);
    await store.markSeen(g.article.feedId, [g.article.key]);
    await store.saveAnalysis(g.article, g.mentions, g.hits, g.narratives);
  }
}

async function sqliteSizes(file: string): Promise<Sizes> {
  const db = new Database(file, { readonly: true });
  try {
    // dbstat is not compiled into better-sqlite3: key tables are measured by their pages' share instead.
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const used = (Number(db.pragma('page_count', { simple: true })) - Number(db.pragma('freelist_count', { simple: true }))) * pageSize;
    const keyBytes = (table: string) => Number((db.prepare(`SELECT COALESCE(SUM(LENGTH(CAST(key AS BLOB))), 0) AS n FROM ${table}`).get() as { n: number }).n);
    return { total: used, keys: keyBytes('seen_items'), tombstones: keyBytes('article_tombstones') };
  } finally {
    db.close();
  }
}

async function pgSizes(client: pg.Client, schema: string): Promise<Record<string, number>> {
  const { rows } = await client.query(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r'`, [schema]);
  return Object.fromEntries(rows.map((r) => [r.name as string, Number(r.bytes)]));
}

interface Result { store: string; articles: number; bytesPer10k: number; keyBytesPer10k: number; tombstoneBytesPer10k: number; pruneSeconds: number }

const prunedAll = { articlesMs: 1, alertedArticlesMs: 1, deliveriesMs: 0, dedupKeysMs: 0 };

async function benchSqlite(n: number): Promise<Result> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mediamon-dbsize-'));
  const file = path.join(dir, 'db.sqlite');
  try {
    // What an empty store takes (a page or two per table and index): not growth, left out below.
    const emptyFile = path.join(dir, 'empty.sqlite');
    await (await openStore(`sqlite:${emptyFile}`)).close();
    const empty = (await sqliteSizes(emptyFile)).total;
    let store = await openStore(`sqlite:${file}`);
    await fill(store, n);
    await store.close();
    const before = statSync(file).size - empty;
    const filled = await sqliteSizes(file);
    const filledAt = new Date(Date.now() + 5);
    await new Promise((resolve) => setTimeout(resolve, 10));
    store = await openStore(`sqlite:${file}`);
    // A writer on its own connection (as another worker process) stores articles while the prune runs:
    // how long does one store wait?
    const writer = await openStore(`sqlite:${file}`);
    const started = performance.now();
    let pruning = true;
    const waits: number[] = [];
    const writing = (async () => {
      for (let i = n; pruning; i++) {
        const g = generate(i);
        const t = performance.now();
        await writer.saveAnalysis({ ...g.article, key: `${g.article.key}-during-prune` }, g.mentions, g.hits, g.narratives);
        waits.push(performance.now() - t);
        await new Promise((resolve) => setTimeout(resolve, 5)); // a pipeline's writes come and go; it never holds the thread
      }
    })();
    // Only what was filled: the articles stored meanwhile are newer than the cutoff.
    await store.prune(prunedAll, { now: filledAt });
    const pruneSeconds = (performance.now() - started) / 1000;
    pruning = false;
    await writing;
    await writer.close();
    await store.close();
    waits.sort((a, b) => a - b);
    process.stdout.write(`sqlite   while pruning: ${waits.length} articles stored by another connection, each waiting p50 ${waits[Math.floor(waits.length / 2)]!.toFixed(0)} ms, ` +
      `p95 ${waits[Math.floor(waits.length * 0.95)]!.toFixed(0)} ms, max ${waits.at(-1)!.toFixed(0)} ms\n`);
    // The articles stored during the prune are not growth of the 10,000: prune them too.
    const rest = await openStore(`sqlite:${file}`);
    await rest.prune(prunedAll, { now: new Date(Date.now() + 60_000) });
    await rest.close();
    // What is left after pruning every article: the seen keys and the tombstones (the same keys, and rows
    // of the same shape: split in proportion to their key bytes).
    const afterPrune = await sqliteSizes(file);
    const perKeyByte = (afterPrune.total - empty) / (filled.keys + afterPrune.tombstones);
    return {
      store: 'sqlite', articles: n, bytesPer10k: before * 10_000 / n,
      keyBytesPer10k: perKeyByte * filled.keys * 10_000 / n, tombstoneBytesPer10k: perKeyByte * afterPrune.tombstones * 10_000 / n, pruneSeconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(n: number): Promise<Result> {
  const base = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `dbsize_${process.pid}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    const store = await openStore(`${base}${base.includes('?') ? '&' : '?'}schema=${schema}`);
    try {
      await fill(store, n);
      await client.query(`VACUUM ANALYZE`);
      const filled = await pgSizes(client, schema);
      const started = performance.now();
      await store.prune(prunedAll, { now: new Date(Date.now() + 60_000) });
      const pruneSeconds = (performance.now() - started) / 1000;
      const pruned = await pgSizes(client, schema);
      const total = Object.values(filled).reduce((a, b) => a + b, 0);
      return {
        store: 'postgres', articles: n, bytesPer10k: total * 10_000 / n, keyBytesPer10k: (filled.seen_items ?? 0) * 10_000 / n,
        tombstoneBytesPer10k: (pruned.article_tombstones ?? 0) * 10_000 / n, pruneSeconds,
      };
    } finally {
      await store.close();
    }
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await client.end();
  }
}

/** What a year of PER_DAY articles a day holds under the default retention, in bytes. */
function yearly(r: Result): { articlesKept: number; keysKept: number; bytes: number } {
  const policy = retentionPolicy(SettingsSchema.parse({}));
  const days = (ms: number) => Math.min(365, ms / 86_400_000);
  const articlesKept = PER_DAY * ((1 - ALERTED) * days(policy.articlesMs) + ALERTED * days(policy.alertedArticlesMs));
  const keyDays = days(policy.dedupKeysMs);
  const seenKept = PER_DAY * keyDays;
  // Tombstones of the articles pruned within the last dedupKeys days (articles without alerts, in year one).
  const tombstonesKept = PER_DAY * (1 - ALERTED) * Math.max(0, Math.min(keyDays, 365 - days(policy.articlesMs)));
  const perArticle = (r.bytesPer10k - r.keyBytesPer10k) / 10_000;
  const bytes = articlesKept * perArticle + seenKept * r.keyBytesPer10k / 10_000 + tombstonesKept * r.tombstoneBytesPer10k / 10_000;
  return { articlesKept, keysKept: seenKept + tombstonesKept, bytes };
}

const mb = (b: number) => `${(b / 1_048_576).toFixed(1)} MB`;
const gb = (b: number) => `${(b / 1_073_741_824).toFixed(2)} GB`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--articles');
  const n = at >= 0 ? Number(args[at + 1]) : 10_000;
  const storesAt = args.indexOf('--stores');
  const stores = (storesAt >= 0 ? args[storesAt + 1]! : 'sqlite,postgres').split(',');
  const r = retentionPolicy(SettingsSchema.parse({}));
  const d = (ms: number) => `${ms / 86_400_000}d`;
  process.stdout.write(`dbsize: ${n} generated articles (~${TEXT_CHARS} chars, ${MENTIONS_PER_ARTICLE} mentions, ${ALERTED * 100}% alerted, ${NARRATIVE * 100}% with a narrative) per store\n`);
  process.stdout.write(`default retention: articles ${d(r.articlesMs)}, with alerts ${d(r.alertedArticlesMs)}, deliveries ${d(r.deliveriesMs)}, dedup keys ${d(r.dedupKeysMs)}\n`);
  for (const name of stores) {
    const result = name === 'postgres' ? await benchPostgres(n) : await benchSqlite(n);
    const y = yearly(result);
    process.stdout.write(`${result.store.padEnd(8)} ${mb(result.bytesPer10k)} per 10,000 articles (of which seen keys ${mb(result.keyBytesPer10k)}); tombstones ${mb(result.tombstoneBytesPer10k)} per 10,000; ` +
      `prune of all ${n}: ${result.pruneSeconds.toFixed(1)} s\n`);
    process.stdout.write(`         a year at ${PER_DAY.toLocaleString('en-US')}/day, default retention: ${Math.round(y.articlesKept).toLocaleString('en-US')} articles and ${Math.round(y.keysKept).toLocaleString('en-US')} keys kept, about ${gb(y.bytes)}\n`);
    if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ ...result, yearly: y })}\n`);
  }
}

await main();
