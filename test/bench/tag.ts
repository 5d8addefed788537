/**
 * Tagging scale benchmark: time per article with 10, 100, 1,000 and 10,000 synthetic watchlist
 * entries (each with ru/uk/en names and their generated case forms) on top of the shipped watchlist.
 * The curve must stay flat (within 2×). `--json` adds a final line with one JSON object.
 *
 *   npx tsx test/bench/tag.ts             (development)
 *   npm run bench:tag                     (node dist/test/bench/tag.js)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWatchlist, evaluateRules, loadTaggingConfig, tagText, type WatchlistConfig } from '../../src/tagging/index.js';

const SIZES = [10, 100, 1_000, 10_000];
const MIN_BENCH_MS = 500;
const BATCHES = 5;
const SYLLABLES = ['ба', 'ро', 'ки', 'ле', 'ну', 'ма', 'ты', 'ше', 'до', 'ва', 'зи', 'ко', 'пу', 'ря', 'го', 'фе'];
const LATIN: Record<string, string> = { а: 'a', о: 'o', и: 'i', е: 'e', у: 'u', ы: 'y', я: 'ya', б: 'b', р: 'r', к: 'k', л: 'l', н: 'n', м: 'm', т: 't', ш: 'sh', д: 'd', в: 'v', з: 'z', п: 'p', г: 'g', ф: 'f' };
const SUFFIXES = ['ов', 'ин', 'ский', 'ев'];

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: package.json not found');
    dir = up;
  }
  return dir;
}

const translit = (s: string): string => [...s.toLowerCase()].map((c) => LATIN[c] ?? c).join('');
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A made-up surname from entry number i (distinct for every i). */
function surname(i: number): string {
  let n = i;
  let s = '';
  do { s += SYLLABLES[n % SYLLABLES.length]; n = Math.floor(n / SYLLABLES.length); } while (n > 0);
  return cap(s + 'р' + (SUFFIXES[i % SUFFIXES.length] ?? 'ов'));
}

function synthetic(count: number): WatchlistConfig['entries'] {
  return Array.from({ length: count }, (_, i) => {
    const ru = surname(i);
    const uk = ru.replace(/ин$/, 'ін').replace(/ский$/, 'ський');
    const kind = i % 5 === 0 ? 'keyword' : 'person';
    return {
      id: `syn-${i}`, kind, name: ru, caseSensitive: kind === 'person', exclude: [], notPrecededBy: [], notFollowedBy: [], commonWords: [],
      names: { en: [cap(translit(ru))], ru: [`Иван ${ru}`, ru], uk: [`Іван ${uk}`, uk] },
    } as WatchlistConfig['entries'][number];
  });
}

function texts(root: string): Record<string, string> {
  const data = join(root, '..', 'shared', 'data');
  const lines = (lang: string) => readFileSync(join(data, 'langid-dev', 'sentences', `${lang}.txt`), 'utf8');
  return {
    seed: readFileSync(join(data, 'seed', 'evacuation-2022-02-18.txt'), 'utf8'),
    'ru-20k': lines('ru').slice(0, 20_000),
    'uk-20k': lines('uk').slice(0, 20_000),
    'en-20k': lines('en').slice(0, 20_000),
  };
}

/** Best of BATCHES batches (the machine is shared: the minimum is the least disturbed figure). */
function msPerRun(fn: () => void): number {
  fn();
  let best = Infinity;
  for (let b = 0; b < BATCHES; b++) {
    let runs = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < MIN_BENCH_MS / BATCHES) { fn(); runs++; }
    best = Math.min(best, (performance.now() - t0) / runs);
  }
  return best;
}

function main(): void {
  const root = repoRoot();
  const { watchlist, rules } = loadTaggingConfig(join(root, 'config'));
  const corpus = texts(root);
  const names = Object.keys(corpus);
  const warm = compileWatchlist(watchlist);
  for (const text of Object.values(corpus)) msPerRun(() => evaluateRules(text, tagText(text, warm), rules, { lang: 'und', watchlist: warm }));
  const rows: Array<{ entries: number; forms: number; compileMs: number; ms: Record<string, number> }> = [];
  for (const size of SIZES) {
    const t0 = performance.now();
    const compiled = compileWatchlist({ ...watchlist, entries: [...watchlist.entries, ...synthetic(size)] });
    const compileMs = performance.now() - t0;
    const ms: Record<string, number> = {};
    for (const [name, text] of Object.entries(corpus)) {
      ms[name] = msPerRun(() => evaluateRules(text, tagText(text, compiled), rules, { lang: 'und', watchlist: compiled }));
    }
    rows.push({ entries: size, forms: compiled.formCount, compileMs, ms });
  }
  console.log(`entries    forms  compile ms  ${names.map((n) => `${n} ms`.padStart(11)).join(' ')}   vs 10`);
  const base = rows[0]!;
  for (const r of rows) {
    const ratio = Math.max(...names.map((n) => (r.ms[n] ?? 0) / (base.ms[n] ?? 1)));
    console.log(`${String(r.entries).padStart(7)} ${String(r.forms).padStart(8)} ${r.compileMs.toFixed(0).padStart(11)}  ${names.map((n) => (r.ms[n] ?? 0).toFixed(3).padStart(11)).join(' ')}   ${ratio.toFixed(2)}×`);
  }
  const chars = names.map((n) => `${n}: ${corpus[n]?.length} chars`).join(', ');
  console.log(`(tag + rules per text; ${chars}; shipped watchlist + N synthetic entries)`);
  if (process.argv.includes('--json')) {
    const worst = Math.max(...rows.map((r) => Math.max(...names.map((n) => (r.ms[n] ?? 0) / (base.ms[n] ?? 1)))));
    console.log(JSON.stringify({ rows, worstRatioVs10: worst }));
  }
}

main();
