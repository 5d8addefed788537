/** Test helpers: locate the repo root and the shared data, read fixtures in place. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';


export const SHARED_FEEDS = join(repoRoot(), '..', 'shared', 'data', 'feeds');
export const FIXTURES = join(repoRoot(), 'test', 'fixtures', 'feeds');

/** Every shared feed file as [relative name, absolute path]. */
export function sharedFeedFiles(): [string, string][] {
  return ['rss-parser/input', 'node-feedparser'].flatMap((d) =>
    readdirSync(join(SHARED_FEEDS, d)).sort().map((f): [string, string] => [`${d}/${f}`, join(SHARED_FEEDS, d, f)]),
  );
}

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export function shared(name: string): Buffer {
  return readFileSync(join(SHARED_FEEDS, name));
}
