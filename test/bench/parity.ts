/**
 * Cross-language tagging parity: how often the English, Russian and Ukrainian versions of the same
 * sentence (test/fixtures/parallel/news-en-ru-uk.jsonl, or FILE) yield the same watchlist entries.
 * Prints the figure, each language's agreement with the majority, and every sentence that differs.
 *
 *   npx tsx test/bench/parity.ts [FILE]
 *   npm run bench:parity                  (node dist/test/bench/parity.js)
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.js';
import { compileWatchlist } from '../../src/tagging/index.js';
import { parallelFile, parityReport, PARITY_LANGS, PARITY_TARGET, readParallel } from '../tagging/parity.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('parity: package.json not found');
    dir = up;
  }
  return dir;
}

const root = repoRoot();
const file = process.argv[2] ?? parallelFile(root);
const compiled = compileWatchlist(loadConfig(join(root, 'config'), {}).watchlist);
const report = parityReport(readParallel(file), compiled);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
for (const row of report.rows.filter((r) => !r.same)) {
  process.stdout.write(`differs ${row.id}: ${PARITY_LANGS.map((l) => `${l}=[${row.entities[l].join(',')}]`).join(' ')}\n`);
}
process.stdout.write(`sentences: ${report.rows.length}\n`);
process.stdout.write(`same entity set in en, ru and uk: ${pct(report.agreement)} (target ${pct(PARITY_TARGET)})\n`);
process.stdout.write(`agrees with the majority: ${PARITY_LANGS.map((l) => `${l} ${pct(report.byLang[l])}`).join(', ')}\n`);
