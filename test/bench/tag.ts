/**
 * Tagging scale benchmark: time per article with 10, 100, 1,000 and 10,000 synthetic watchlist
 * entries (each with ru/uk/en names and their generated case forms) on top of the shipped watchlist.
 * The curve must stay flat (within 2×). `--json` adds a final line with one JSON object.
 *
 *   npx tsx test/bench/tag.ts             (development)
 *   npm run bench:tag                     (node dist/test/bench/tag.js)
 *   npm run bench:tag -- --hostile        (only the hostile texts: no ../shared data needed)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.js';
import { compileWatchlist, parseWatchlist, tagAndEvaluate, tagText, type RulesConfig, type WatchlistConfig } from '../../src/tagging/index.js';

/** Hostile texts: a 2 MB text full of watched names, and 79 letters before a name under a guard that backtracks on V8. */
const STRESS_CHARS = 2_000_000;
const STRESS_UNITS = ['Donetsk shelled again. ', 'Putin spoke of Donetsk, ', 'evacuation from Donetsk and Luhansk; ', 'the Kremlin said nothing '];

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

/** Wall and CPU ms of one call (CPU time is the fairer figure on a shared machine). */
function timed(fn: () => unknown): { wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const c = process.cpuUsage(c0);
  return { wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

function stress(watchlist: WatchlistConfig, rules: RulesConfig): Array<{ name: string; mentions: number; wallMs: number; cpuMs: number }> {
  let text = '';
  for (let i = 0; text.length < STRESS_CHARS; i++) text += STRESS_UNITS[i % STRESS_UNITS.length];
  const compiled = compileWatchlist(watchlist);
  let mentions = 0;
  const names = timed(() => { mentions = tagAndEvaluate(text, compiled, rules, { lang: 'en' }).mentions.length; });
  const evil = compileWatchlist(parseWatchlist("entries:\n  - {id: d, kind: place, name: D, names: {en: [Donetsk]}, notPrecededBy: ['(a+)+\\s$']}\n"));
  const evilText = `${'a'.repeat(79)}! Donetsk `.repeat(1_000);
  let evilMentions = 0;
  const backtrack = timed(() => { evilMentions = tagText(evilText, evil).length; });
  return [
    { name: `${(text.length / 1e6).toFixed(1)} M chars of watched names, tag + rules`, mentions, ...names },
    { name: "guard '(a+)+\\s$' after 79 a's, 1,000 times", mentions: evilMentions, ...backtrack },
  ];
}

function printHostile(hostile: ReturnType<typeof stress>): void {
  console.log('\nhostile texts (shipped watchlist and rules; one run each):');
  for (const h of hostile) console.log(`  ${h.name.padEnd(48)} ${String(h.mentions).padStart(7)} mentions  ${h.wallMs.toFixed(0).padStart(6)} ms wall  ${h.cpuMs.toFixed(0).padStart(6)} ms CPU`);
}

function main(): void {
  const root = repoRoot();
  const { watchlist, rules } = loadConfig(join(root, 'config'), {});
  if (process.argv.includes('--hostile')) return printHostile(stress(watchlist, rules));
  const corpus = texts(root);
  const names = Object.keys(corpus);
  const warm = compileWatchlist(watchlist);
  for (const text of Object.values(corpus)) msPerRun(() => tagAndEvaluate(text, warm, rules, { lang: 'und' }));
  const rows: Array<{ entries: number; forms: number; compileMs: number; ms: Record<string, number> }> = [];
  for (const size of SIZES) {
    const t0 = performance.now();
    const compiled = compileWatchlist({ ...watchlist, entries: [...watchlist.entries, ...synthetic(size)] });
    const compileMs = performance.now() - t0;
    const ms: Record<string, number> = {};
    for (const [name, text] of Object.entries(corpus)) {
      ms[name] = msPerRun(() => tagAndEvaluate(text, compiled, rules, { lang: 'und' }));
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
  const hostile = stress(watchlist, rules);
  printHostile(hostile);
  if (process.argv.includes('--json')) {
    const worst = Math.max(...rows.map((r) => Math.max(...names.map((n) => (r.ms[n] ?? 0) / (base.ms[n] ?? 1)))));
    console.log(JSON.stringify({ rows, worstRatioVs10: worst, hostile }));
  }
}

main();
