/**
 * The analyst's pages over a full store: fills SQLite (or a PostgreSQL schema) with generated articles
 * in en/ru/uk — 100,000 by default, over the last 90 days, 40 feeds of five affiliations, 2-8
 * watchlist mentions each, alerts on about a third, a narrative on a tenth — through the store's own
 * saveAnalysis (search index included), then times each page over HTTP: median and p95 of repeated
 * requests, against the 300 ms the pages must answer in. A benchmark: it measures, asserts nothing.
 *
 *   npm run bench:pages                      (node dist/test/bench/pages.js)
 *   npx tsx test/bench/pages.ts [--articles 100000] [--store sqlite|pg] [--keep DIR] [--runs 15] [--json] [--fill-only]
 *
 * `--keep DIR` fills DIR/pages.db once and reuses it on later runs (SQLite); with `--store pg` it keeps
 * the filled schema (its URL is printed; drop it when done), and `--store pg --reuse URL` times the
 * pages over a schema kept so (no fill; the URL as printed).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log.js';
import { createRuntime } from '../../src/pipeline/runtime.js';
import { startServer } from '../../src/server/index.js';
import { openStore, type ArticleInput, type Store } from '../../src/store/index.js';
import type { Mention, NarrativeHit, RuleHit } from '../../src/types.js';
import { writeTestConfig } from '../helpers/cli.js';
import { REDIS_URL, uniqueName } from '../helpers/services.js';
import { dropRedisPrefix, freshDatabase, openRawDb } from './pipeline/services.js';
import { machineInfo, percentile, printTable, round } from './harness.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const ARTICLES = Number(opt('articles', '100000'));
const STORE = opt('store', 'sqlite');
const RUNS = Number(opt('runs', '15'));
const KEEP = args.includes('--keep') ? path.resolve(opt('keep', '')) : null;
const JSON_OUT = args.includes('--json');
/** A PostgreSQL schema kept by an earlier `--keep` run, timed without filling. */
const REUSE_URL = STORE === 'pg' && args.includes('--reuse') ? opt('reuse', '') : null;
/** Fill the store, print the fill rate and stop (no pages timed). */
const FILL_ONLY = args.includes('--fill-only');
const LIMIT_MS = 300;

const AFFILIATIONS = ['ua-government', 'ua-media', 'ru-state', 'separatist-authority', 'separatist-media'];
const FEEDS = Array.from({ length: 40 }, (_, i) => ({ id: `feed-${i}`, url: `http://127.0.0.1:9/${i}.xml`, affiliation: AFFILIATIONS[i % AFFILIATIONS.length]! }));
const ENTITIES = ['pushilin', 'pasechnik', 'dpr', 'lpr', 'kremlin', 'zelensky', 'putin', 'peskov', 'evacuation', 'shelling', 'false-flag', 'donetsk', 'luhansk', 'kuleba'];
const RULES = ['donbas-evacuation', 'false-flag', 'shelling-claims', 'separatist-evacuation-claims', 'watch-kremlin'];
const NARRATIVES = ['ukraine-aggressive', 'russia-must-protect-itself', 'nazis-in-ukraine', 'west-controls-ukraine'];
const WORDS: Record<string, string[]> = {
  en: 'evacuation shelling civilians buses border officials announced region forces claims reported village front line ceasefire statement'.split(' '),
  ru: 'эвакуация обстрел мирных жителей автобусы граница власти объявили регион силы заявления сообщили село линия фронта перемирие'.split(' '),
  uk: 'евакуація обстріл мирних жителів автобуси кордон влада оголосила регіон сили заяви повідомили село лінія фронту перемирʼя'.split(' '),
};
const NAMES: Record<string, Record<string, string>> = {
  en: { pushilin: 'Pushilin', pasechnik: 'Pasechnik', dpr: 'DPR', lpr: 'LPR', kremlin: 'Kremlin', zelensky: 'Zelensky', putin: 'Putin', peskov: 'Peskov', evacuation: 'evacuation', shelling: 'shelling', 'false-flag': 'false flag', donetsk: 'Donetsk', luhansk: 'Luhansk', kuleba: 'Kuleba' },
  ru: { pushilin: 'Пушилин', pasechnik: 'Пасечник', dpr: 'ДНР', lpr: 'ЛНР', kremlin: 'Кремль', zelensky: 'Зеленский', putin: 'Путин', peskov: 'Песков', evacuation: 'эвакуация', shelling: 'обстрел', 'false-flag': 'под чужим флагом', donetsk: 'Донецк', luhansk: 'Луганск', kuleba: 'Кулеба' },
  uk: { pushilin: 'Пушилін', pasechnik: 'Пасічник', dpr: 'ДНР', lpr: 'ЛНР', kremlin: 'Кремль', zelensky: 'Зеленський', putin: 'Путін', peskov: 'Пєсков', evacuation: 'евакуація', shelling: 'обстріл', 'false-flag': 'під чужим прапором', donetsk: 'Донецьк', luhansk: 'Луганськ', kuleba: 'Кулеба' },
};

let seed = 7;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** One generated article: words of its language with watched names among them, and the mentions of those names. */
function generate(i: number, now: number): { article: ArticleInput; mentions: Mention[]; hits: RuleHit[]; narratives: NarrativeHit[] } {
  const lang = pick(['en', 'ru', 'ru', 'uk']);
  const feed = FEEDS[i % FEEDS.length]!;
  const named = [...new Set(Array.from({ length: 2 + Math.floor(random() * 7) }, () => pick(ENTITIES)))];
  let text = '';
  const mentions: Mention[] = [];
  for (let s = 0; s < 8; s++) {
    const words = Array.from({ length: 10 }, () => pick(WORDS[lang]!));
    if (s < named.length) {
      const name = NAMES[lang]![named[s]!]!;
      const at = text.length + words.slice(0, 3).join(' ').length + 1;
      words.splice(3, 0, name);
      mentions.push({ entity: named[s]!, start: at, end: at + name.length, text: name, field: 'body' });
    }
    text += `${words.join(' ')}. `;
  }
  const title = `${NAMES[lang]![named[0]!]} ${pick(WORDS[lang]!)} ${pick(WORDS[lang]!)} ${i}`;
  const published = new Date(now - random() * 90 * 86_400_000).toISOString();
  const hits: RuleHit[] = random() < 0.33 ? [...new Set([pick(RULES), ...(random() < 0.3 ? [pick(RULES)] : [])])].map((rule) => ({ rule, score: 2, priority: random() < 0.2 ? 'immediate' : 'digest', mentions: mentions.slice(0, 2) })) : [];
  const narratives: NarrativeHit[] = random() < 0.1 ? [{ narrative: pick(NARRATIVES), claim: 'claim', start: 0, end: 40, sentence: text.slice(0, 40) }] : [];
  return {
    article: { key: `bench-${i}`, feedId: feed.id, url: `https://news.example/${feed.id}/${i}`, canonicalUrl: null, title, text: text.trim(), author: null, published, lang, langConfidence: 0.95, siteName: null, method: 'generic', fetchError: null },
    mentions, hits, narratives,
  };
}

/** Wall seconds of the fill, and the process's CPU ms per stored article (user + system). */
async function fill(store: Store): Promise<{ seconds: number; cpuMsPerArticle: number; storyCpuMsPerArticle: number }> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const now = Date.now();
  for (let i = 0; i < ARTICLES; i++) {
    const { article, mentions, hits, narratives } = generate(i, now);
    await store.saveAnalysis(article, mentions, hits, narratives);
    if ((i + 1) % 10_000 === 0) process.stderr.write(`  stored ${i + 1} of ${ARTICLES} articles (${Math.round((performance.now() - started) / 1000)} s)\n`);
  }
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - started) / 1000, cpuMsPerArticle: (cpu.user + cpu.system) / 1000 / ARTICLES, storyCpuMsPerArticle: store.storyCost().cpuMs / ARTICLES };
}

async function main(): Promise<void> {
  const dir = KEEP ?? mkdtempSync(path.join(os.tmpdir(), 'mediamon-pages-'));
  mkdirSync(dir, { recursive: true });
  const configDir = path.join(dir, 'config');
  mkdirSync(configDir, { recursive: true });
  writeTestConfig(configDir, FEEDS);
  const config = loadConfig(configDir, {});
  const dbFile = path.join(dir, 'pages.db');
  const reuse = (STORE === 'sqlite' && KEEP !== null && existsSync(dbFile)) || !!REUSE_URL;
  const schema = STORE === 'pg' && !REUSE_URL ? await freshDatabase('pg', dir) : null;
  const databaseUrl = REUSE_URL ?? (schema ? schema.url : `sqlite:${dbFile}`);
  const prefix = uniqueName('mmpages');

  let fillSeconds: number | null = null;
  if (!reuse) {
    process.stderr.write(`filling the ${STORE} store with ${ARTICLES} articles ...\n`);
    const store = await openStore(databaseUrl);
    await store.syncFeeds(FEEDS);
    const filled = await fill(store);
    fillSeconds = filled.seconds;
    await store.close();
    if (schema) {
      // The development server runs with autovacuum off: without statistics the planner takes a
      // 100,000-row table for an empty one (nested loops over 'kremlin''s 35,000 mentions), and without
      // a vacuum no page is marked all-visible, so no index-only scan is possible (every index entry
      // goes to the table). A deployed PostgreSQL's autovacuum analyses tables as they grow and, since
      // PostgreSQL 13, vacuums tables that are only inserted into; the bench does both once after the fill.
      const raw = openRawDb(databaseUrl);
      for (const t of await raw.all<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()')) await raw.exec(`VACUUM ANALYZE "${t.name}"`);
      await raw.close();
    }
    console.log(`filled ${ARTICLES} articles in ${round(filled.seconds)} s: ${Math.round(ARTICLES / filled.seconds)} articles/s, ${round(filled.cpuMsPerArticle, 2)} CPU ms an article (this process, ${STORE}), of which story assignment ${round(filled.storyCpuMsPerArticle, 3)}`);
    if (FILL_ONLY) {
      await schema?.drop();
      if (!KEEP) rmSync(dir, { recursive: true, force: true });
      return;
    }
  }

  const rt = await createRuntime(config, { redisUrl: REDIS_URL, databaseUrl, logger: silentLogger, prefix });
  const server = await startServer(rt, { port: 0, env: {} });
  const counts = await rt.store.counts();
  const someArticle = (await rt.store.listArticles({ limit: 1, offset: 5_000 }))[0]?.id ?? 1;
  const since = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  const pages = [
    '/alerts', '/alerts?q=эвакуация', '/alerts?entity=pushilin&rule=donbas-evacuation', `/alerts?from=${since}`,
    '/articles', '/articles?page=400', '/articles?q=evacuation', '/articles?q=евакуація', '/articles?entity=kremlin&affiliation=ru-state', `/articles/${someArticle}`,
    '/stories', '/entities/pushilin', '/narratives', '/narratives/ukraine-aggressive', '/sources',
    '/api/alerts', '/api/articles?q=Пушилин', '/api/trends?entity=pushilin', '/api/entities/pushilin',
  ];
  const rows: (string | number)[][] = [];
  const results: { page: string; status: number; medianMs: number; p95Ms: number; kb: number }[] = [];
  for (const url of pages) {
    const times: number[] = [];
    let status = 0;
    let bytes = 0;
    let runs = RUNS;
    for (let r = 0; r < runs + 1; r++) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}${url}`);
      const body = await res.arrayBuffer();
      const ms = performance.now() - t0;
      if (r > 0) times.push(ms); // the first request warms caches and is not counted
      else if (ms > 2_000) runs = Math.min(runs, 3); // a page this slow is measured three times, not fifteen
      status = res.status;
      bytes = body.byteLength;
    }
    process.stderr.write(`  ${url}: ${status}, median ${round(percentile(times, 0.5))} ms\n`);
    if (status === 404) continue; // a page this build does not have
    const median = percentile(times, 0.5);
    const p95 = percentile(times, 0.95);
    results.push({ page: url, status, medianMs: round(median), p95Ms: round(p95), kb: round(bytes / 1024) });
    rows.push([url, status, round(median), round(p95), round(bytes / 1024), p95 <= LIMIT_MS ? 'ok' : 'SLOW']);
  }
  await server.close();
  await rt.close();
  await dropRedisPrefix(prefix);

  const machine = machineInfo();
  console.log(`Pages over ${counts.articles} articles, ${counts.alerts} alerts (${STORE}${reuse ? ', reused store' : ''}); ${RUNS} requests each after one warm-up; ${machine.cores} x ${machine.cpu}, Node ${machine.node}`);
  if (fillSeconds !== null) console.log(`filled in ${round(fillSeconds)} s (${Math.round(ARTICLES / fillSeconds)} articles/s through saveAnalysis)`);
  printTable(['page', 'status', 'median ms', 'p95 ms', 'KB', `<= ${LIMIT_MS} ms`], rows);
  const slow = results.filter((r) => r.p95Ms > LIMIT_MS);
  console.log(slow.length === 0 ? `every page answered within ${LIMIT_MS} ms (p95)` : `${slow.length} of ${results.length} pages over ${LIMIT_MS} ms (p95): ${slow.map((r) => r.page).join(', ')}`);
  if (JSON_OUT) console.log(JSON.stringify({ bench: 'pages', store: STORE, articles: counts.articles, alerts: counts.alerts, fillSeconds, results }));

  if (KEEP && schema) console.log(`kept the PostgreSQL store: ${schema.url}`);
  else await schema?.drop();
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
