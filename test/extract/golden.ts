/**
 * Golden pages: test/fixtures/pages/<slug>/{source.html, expected.json}, as Readability keeps its test
 * pages. expected.json holds what extraction gives (title, author, published and its precision, text),
 * reviewed by a person, and two keys that are not extraction output: `url`, the page's address where
 * extraction reads it (a date in the path, a Wayback capture), and `note`, the reviewer's remark (a
 * known miss, say). Both are kept when the file is rewritten.
 *
 * After a change to extraction, see what it changed on every page, field by field (the text as its
 * changed paragraphs):
 *
 *   npx tsx test/extract/golden.ts --check    prints the differences; exits 1 if there are any
 *   npx tsx test/extract/golden.ts --update   prints them and writes them to the expected.json files
 *
 * (or, built: node dist/test/extract/golden.js --check). Review the diff before committing it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractArticle } from '../../src/extract/index.js';
import { precisionOf } from '../../src/types.js';
import { repoRoot } from '../helpers/paths.js';

export const GOLDEN_DIR = join(repoRoot(), 'test', 'fixtures', 'pages');

/** What extraction gives for a page, as expected.json records it. */
export interface Golden {
  title: string | null;
  author: string | null;
  published: string | null;
  published_precision: 'day' | 'minute' | null;
  text: string;
}

/** expected.json: the extraction output, and the page's address and a reviewer's note when it has them. */
interface ExpectedFile extends Golden {
  url?: string;
  note?: string;
}

const FIELDS: (keyof Golden)[] = ['title', 'author', 'published', 'published_precision', 'text'];

/** Slugs of the golden pages (folders with a source.html). */
export function goldenSlugs(): string[] {
  return readdirSync(GOLDEN_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(GOLDEN_DIR, d.name, 'source.html')))
    .map((d) => d.name)
    .sort();
}

function readFile(slug: string): ExpectedFile | null {
  const file = join(GOLDEN_DIR, slug, 'expected.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ExpectedFile) : null;
}

/** What extraction gives for a golden page now (at the address its expected.json names, if any). */
export function extractGolden(slug: string): Golden {
  const html = readFileSync(join(GOLDEN_DIR, slug, 'source.html'), 'utf8');
  const a = extractArticle(html, readFile(slug)?.url ?? null);
  return { title: a.title, author: a.author, published: a.published, published_precision: precisionOf(a.published), text: a.text };
}

/** The reviewed extraction output of a golden page. */
export function readExpected(slug: string): Golden {
  const file = readFile(slug);
  if (!file) throw new Error(`golden: ${slug} has no expected.json (write it with golden.ts --update, then review it)`);
  return Object.fromEntries(FIELDS.map((k) => [k, file[k]])) as unknown as Golden;
}

/** The differences between two records of a page, field by field, as lines to print ([] when equal). */
export function goldenDiff(slug: string, before: Golden | null, now: Golden): string[] {
  const out: string[] = [];
  for (const key of FIELDS) {
    const was = before?.[key];
    const is = now[key];
    if (JSON.stringify(was) === JSON.stringify(is)) continue;
    if (key === 'text' && typeof was === 'string') out.push(`${slug}.text:`, ...paragraphDiff(was, is as string));
    else out.push(`${slug}.${key}:`, `  - ${JSON.stringify(was)}`, `  + ${JSON.stringify(is)}`);
  }
  return out;
}

/** The changed paragraphs of a text (a longest common subsequence of paragraphs keeps the rest out). */
function paragraphDiff(was: string, is: string): string[] {
  const a = was.split('\n\n');
  const b = is.split('\n\n');
  // common[i][j]: length of the longest common run of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  }
  const out: string[] = [];
  let same = 0;
  const flush = (): void => {
    if (same > 0) out.push(`    (${same} paragraph${same === 1 ? '' : 's'} unchanged)`);
    same = 0;
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      same++;
      i++;
      j++;
    } else if (i < a.length && (j === b.length || common[i + 1]![j]! >= common[i]![j + 1]!)) {
      flush();
      out.push(`  - ${JSON.stringify(a[i++])}`);
    } else {
      flush();
      out.push(`  + ${JSON.stringify(b[j++])}`);
    }
  }
  if (out.length > 0) flush();
  return out;
}

/** Prints every golden page's differences; with `write`, rewrites the expected files. Returns how many pages differ. */
function compareAll(write: boolean): number {
  let changed = 0;
  for (const slug of goldenSlugs()) {
    const file = readFile(slug);
    const now = extractGolden(slug);
    const diff = goldenDiff(slug, file, now);
    if (diff.length === 0) continue;
    changed++;
    process.stdout.write(`${file ? '' : `${slug}: new page\n`}${diff.join('\n')}\n`);
    if (write) {
      const keep = { ...(file?.url !== undefined && { url: file.url }), ...now, ...(file?.note !== undefined && { note: file.note }) };
      writeFileSync(join(GOLDEN_DIR, slug, 'expected.json'), `${JSON.stringify(keep, null, 2)}\n`);
    }
  }
  process.stdout.write(`golden: ${changed} of ${goldenSlugs().length} pages ${write ? 'rewritten' : 'differ'} (- expected.json, + extraction now)\n`);
  return changed;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const mode = process.argv[2];
  if (mode !== '--check' && mode !== '--update') {
    process.stderr.write('usage: golden.ts --check | --update\n');
    process.exit(2);
  }
  const changed = compareAll(mode === '--update');
  if (mode === '--check' && changed > 0) process.exit(1);
}
