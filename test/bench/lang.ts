/**
 * Language-identification benchmark on ../shared/data/langid-dev (read in place): per-language
 * accuracy on sentences and word pairs, macro average, ms per text, with franc alone and ELD alone
 * (restricted to the same candidates) beside it. `--json` adds a final line with one JSON object.
 *
 *   npx tsx test/bench/lang.ts            (development)
 *   npm run bench:lang                    (node dist/test/bench/lang.js)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eld } from 'eld/extrasmall';
import { franc } from 'franc';
import { DEFAULT_CANDIDATES, ISO1_TO_ISO3, ISO3_TO_ISO1, detectLanguage } from '../../src/language/index.js';

const SETS = ['sentences', 'word-pairs'] as const;

/** Walks up from this file to the directory holding package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

/** The dev lines for one set and language. */
export function readLines(set: string, lang: string): string[] {
  const file = join(repoRoot(), '..', 'shared', 'data', 'langid-dev', set, `${lang}.txt`);
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

interface Row { lang: string; ours: number; noPriors: number; franc: number; eld: number }
interface SetResult { rows: Row[]; macro: number; noPriorsMacro: number; francMacro: number; eldMacro: number; msPerText: number; francMsPerText: number }

/** ELD alone over the same candidates (it knows neither mk nor kk: 0 there). */
function eldSays(line: string): string {
  const scores = eld.detect(line).getScores();
  let best = '';
  for (const c of DEFAULT_CANDIDATES) if ((scores[c] ?? 0) > (scores[best] ?? 0)) best = c;
  return best;
}

const ONLY = DEFAULT_CANDIDATES.map((c) => ISO1_TO_ISO3[c] ?? c);

function runSet(set: string): SetResult {
  const rows: Row[] = [];
  let ms = 0;
  let fms = 0;
  for (const lang of DEFAULT_CANDIDATES) {
    const lines = readLines(set, lang);
    let okOurs = 0;
    let okFranc = 0;
    let t0 = performance.now();
    for (const line of lines) if (detectLanguage(line).lang === lang) okOurs++;
    ms += (performance.now() - t0) / lines.length;
    const okPlain = lines.filter((line) => detectLanguage(line, { priors: {} }).lang === lang).length;
    t0 = performance.now();
    for (const line of lines) if (ISO3_TO_ISO1[franc(line, { only: ONLY, minLength: 1 })] === lang) okFranc++;
    fms += (performance.now() - t0) / lines.length;
    const okEld = lines.filter((line) => eldSays(line) === lang).length;
    rows.push({ lang, ours: okOurs / lines.length, noPriors: okPlain / lines.length, franc: okFranc / lines.length, eld: okEld / lines.length });
  }
  const n = rows.length;
  return {
    rows,
    macro: rows.reduce((s, r) => s + r.ours, 0) / n,
    noPriorsMacro: rows.reduce((s, r) => s + r.noPriors, 0) / n,
    francMacro: rows.reduce((s, r) => s + r.franc, 0) / n,
    eldMacro: rows.reduce((s, r) => s + r.eld, 0) / n,
    msPerText: ms / n,
    francMsPerText: fms / n,
  };
}

function articleTexts(): string[] {
  const text = readFileSync(join(repoRoot(), '..', 'shared', 'data', 'seed', 'evacuation-2022-02-18.txt'), 'utf8');
  const ru = readLines('sentences', 'ru').join(' ').slice(0, 6000);
  return [text, ru];
}

const ARTICLE_REPS = 100;
const ARTICLE_BATCHES = 5;

/** ms per article: ours (reads MAX_CHARS) and franc on a 3,000-char slice restricted to the candidates. */
function articleMs(): { ours: number; franc: number } {
  const texts = articleTexts();
  // Best of ARTICLE_BATCHES batches: the machine is shared, the minimum is the least disturbed figure.
  const run = (fn: (t: string) => unknown): number => {
    for (const t of texts) fn(t);
    let best = Infinity;
    for (let b = 0; b < ARTICLE_BATCHES; b++) {
      const t0 = performance.now();
      for (let i = 0; i < ARTICLE_REPS; i++) for (const t of texts) fn(t);
      best = Math.min(best, (performance.now() - t0) / (ARTICLE_REPS * texts.length));
    }
    return best;
  };
  return { ours: run((t) => detectLanguage(t)), franc: run((t) => franc(t.slice(0, 3000), { only: ONLY })) };
}

const pct = (x: number): string => (x * 100).toFixed(1).padStart(6);

function main(): void {
  const results = Object.fromEntries(SETS.map((s) => [s, runSet(s)])) as Record<(typeof SETS)[number], SetResult>;
  const s = results.sentences;
  const w = results['word-pairs'];
  console.log('lang   sentences (ours / no priors / franc / ELD)      word pairs (ours / no priors / franc / ELD)');
  const cells = (r: { ours: number; noPriors: number; franc: number; eld: number }) => `${pct(r.ours)} /${pct(r.noPriors)} /${pct(r.franc)} /${pct(r.eld)}`;
  s.rows.forEach((r, i) => console.log(`${r.lang.padEnd(4)} ${cells(r)}        ${cells(w.rows[i]!)}`));
  const macros = (r: SetResult) => cells({ ours: r.macro, noPriors: r.noPriorsMacro, franc: r.francMacro, eld: r.eldMacro });
  console.log(`macro${macros(s)}        ${macros(w)}`);
  console.log(`ms/text ${s.msPerText.toFixed(3)} / ${s.francMsPerText.toFixed(3)} (sentences)   ${w.msPerText.toFixed(3)} / ${w.francMsPerText.toFixed(3)} (word pairs)`);
  const art = articleMs();
  console.log(`ms/article (seed article, 6,000-char Russian text): ${art.ours.toFixed(3)} (franc on a 3,000-char slice: ${art.franc.toFixed(3)})`);
  if (process.argv.includes('--json')) {
    const perLang = (r: SetResult) => Object.fromEntries(r.rows.map((x) => [x.lang, { ours: x.ours, noPriors: x.noPriors, franc: x.franc, eld: x.eld }]));
    console.log(JSON.stringify({
      sentences: { macro: s.macro, noPriorsMacro: s.noPriorsMacro, francMacro: s.francMacro, eldMacro: s.eldMacro, msPerText: s.msPerText, perLang: perLang(s) },
      wordPairs: { macro: w.macro, noPriorsMacro: w.noPriorsMacro, francMacro: w.francMacro, eldMacro: w.eldMacro, msPerText: w.msPerText, perLang: perLang(w) },
      msPerArticle: art.ours,
      francMsPerArticle: art.franc,
    }));
  }
}

main();
