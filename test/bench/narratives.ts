/**
 * Narrative detection on the project's labelled set (test/fixtures/narratives/{en,ru,uk}.jsonl: claims
 * stated, quoted or attributed, and neutral reports on the same subjects that must not be tagged):
 * precision and recall per language (micro over narratives) and per narrative, with the shipped
 * config/narratives.yaml and watchlist, and per narrative in each language. `--json` adds a final line
 * with one JSON object; `--ids REGEX` scores only the items whose id matches (e.g. `--ids '^..-x'`: the
 * items added on 2026-12-04, written before the patterns were tuned on them).
 *
 *   npx tsx test/bench/narratives.ts      (development)
 *   npm run bench:narratives              (node dist/test/bench/narratives.js)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileNarratives, detectNarratives, loadNarratives, narrativeIds } from '../../src/narratives/index.js';
import { compileWatchlist, parseWatchlist, tagText } from '../../src/tagging/index.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { readItems } from './narratives-set.js';

const LANGS = ['en', 'ru', 'uk'] as const;

interface Tally { tp: number; fp: number; fn: number; items: number }

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const fmt = (x: number) => x.toFixed(3);


function main(): void {
  const root = REPO_ROOT;
  const narratives = compileNarratives(loadNarratives(join(root, 'config')));
  const watchlist = compileWatchlist(parseWatchlist(readFileSync(join(root, 'config', 'watchlist.yaml'), 'utf8')));
  const byLang = new Map<string, Tally>();
  const byNarrative = new Map<string, Tally>();
  const errors: string[] = [];
  const tally = (map: Map<string, Tally>, key: string) => map.get(key) ?? map.set(key, { tp: 0, fp: 0, fn: 0, items: 0 }).get(key)!;
  const byCell = new Map<string, Tally>();
  const idsAt = process.argv.indexOf('--ids');
  const only = idsAt >= 0 ? new RegExp(process.argv[idsAt + 1] ?? '') : null;
  let ms = 0;
  let texts = 0;
  for (const lang of LANGS) {
    for (const item of readItems(lang)) {
      if (only && !only.test(item.id)) continue;
      const started = performance.now();
      const found = new Set(narrativeIds(detectNarratives(item.text, narratives, tagText(item.text, watchlist))));
      ms += performance.now() - started;
      texts++;
      const want = new Set(item.narratives);
      tally(byLang, lang).items++;
      for (const n of new Set([...found, ...want])) {
        const kind = found.has(n) && want.has(n) ? 'tp' : found.has(n) ? 'fp' : 'fn';
        tally(byLang, lang)[kind]++;
        tally(byNarrative, n)[kind]++;
        tally(byNarrative, n).items++;
        tally(byCell, `${n} ${lang}`)[kind]++;
        tally(byCell, `${n} ${lang}`).items++;
        if (kind !== 'tp') errors.push(`${kind} ${item.id} ${n}: ${item.text.slice(0, 90)}`);
      }
    }
  }
  const row = (name: string, t: Tally) => `| ${name} | ${t.items} | ${t.tp} | ${t.fp} | ${t.fn} | ${fmt(ratio(t.tp, t.tp + t.fp))} | ${fmt(ratio(t.tp, t.tp + t.fn))} |`;
  const lines = ['| language | items | TP | FP | FN | precision | recall |', '|---|---|---|---|---|---|---|'];
  for (const lang of LANGS) lines.push(row(lang, byLang.get(lang)!));
  const all = [...byLang.values()].reduce((a, t) => ({ tp: a.tp + t.tp, fp: a.fp + t.fp, fn: a.fn + t.fn, items: a.items + t.items }), { tp: 0, fp: 0, fn: 0, items: 0 });
  lines.push(row('all', all), '', '| narrative | items labelled or tagged | TP | FP | FN | precision | recall |', '|---|---|---|---|---|---|---|');
  for (const [n, t] of [...byNarrative].sort()) lines.push(row(n, t));
  lines.push('', '| narrative | en items | en P | en R | ru items | ru P | ru R | uk items | uk P | uk R |', '|---|---|---|---|---|---|---|---|---|---|');
  for (const n of [...byNarrative.keys()].sort()) {
    const cells = LANGS.map((l) => { const t = byCell.get(`${n} ${l}`) ?? { tp: 0, fp: 0, fn: 0, items: 0 }; return `${t.items} | ${fmt(ratio(t.tp, t.tp + t.fp))} | ${fmt(ratio(t.tp, t.tp + t.fn))}`; });
    lines.push(`| ${n} | ${cells.join(' | ')} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n${errors.length} errors:\n${errors.map((e) => `  ${e}`).join('\n')}\n${(ms / texts).toFixed(3)} ms a text (${texts} texts)\n`);
  if (process.argv.includes('--json')) {
    const json = Object.fromEntries(LANGS.map((l) => { const t = byLang.get(l)!; return [l, { precision: ratio(t.tp, t.tp + t.fp), recall: ratio(t.tp, t.tp + t.fn), items: t.items }]; }));
    process.stdout.write(`${JSON.stringify({ ...json, all: { precision: ratio(all.tp, all.tp + all.fp), recall: ratio(all.tp, all.tp + all.fn) } })}\n`);
  }
}

main();
