/**
 * Golden pages: test/fixtures/pages/<slug>/{source.html, expected.json}. expected.json holds what
 * extraction gives (title, author, published, its precision, text) as reviewed by a person.
 * Regenerate after a reviewed change, and read the diff it prints:
 *
 *   npx tsx test/extract/golden.ts --update
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractArticle } from '../../src/extract/index.js';
import { precisionOf } from '../../src/types.js';
import { repoRoot } from '../helpers/paths.js';

export const GOLDEN_DIR = join(repoRoot(), 'test', 'fixtures', 'pages');

export interface Golden {
  title: string | null;
  author: string | null;
  published: string | null;
  published_precision: 'day' | 'minute' | null;
  text: string;
}

/** Slugs of the golden pages (folders with a source.html). */
export function goldenSlugs(): string[] {
  return readdirSync(GOLDEN_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(GOLDEN_DIR, d.name, 'source.html')))
    .map((d) => d.name)
    .sort();
}

/** What extraction gives for a golden page now. */
export function extractGolden(slug: string): Golden {
  const a = extractArticle(readFileSync(join(GOLDEN_DIR, slug, 'source.html'), 'utf8'), null);
  return { title: a.title, author: a.author, published: a.published, published_precision: precisionOf(a.published), text: a.text };
}

export function readExpected(slug: string): Golden {
  return JSON.parse(readFileSync(join(GOLDEN_DIR, slug, 'expected.json'), 'utf8')) as Golden;
}

if (process.argv.includes('--update')) {
  for (const slug of goldenSlugs()) {
    const now = extractGolden(slug);
    const file = join(GOLDEN_DIR, slug, 'expected.json');
    const before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    for (const [key, value] of Object.entries(now)) {
      if (JSON.stringify(before[key]) !== JSON.stringify(value)) process.stdout.write(`${slug}.${key}:\n  - ${JSON.stringify(before[key])}\n  + ${JSON.stringify(value)}\n`);
    }
    writeFileSync(file, `${JSON.stringify(now, null, 2)}\n`);
  }
}
