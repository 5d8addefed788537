/** Test helpers: the project's feed fixtures and the shared feeds (../shared/data/feeds, may be absent). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES as ALL_FIXTURES, hasShared, sharedData } from '../helpers/paths.js';

export const SHARED_FEEDS = sharedData('feeds');
export const FIXTURES = join(ALL_FIXTURES, 'feeds');

/** Every shared feed file as [relative name, absolute path]; none when the shared data is absent. */
export function sharedFeedFiles(): [string, string][] {
  if (!hasShared('feeds')) return [];
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
