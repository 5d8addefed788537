/**
 * Fuzzing the two parsers that read what strangers write: the project's feed and page fixtures (always)
 * and the real feeds and pages of ../shared/data (read in place, when present), mutated by a seeded
 * PRNG, go to parseFeed and extractArticle. parseFeed may only throw FeedError; extractArticle may not
 * throw. Counts and input sizes are bounded, so no hang.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/index.js';
import { FeedError, parseFeed } from '../../src/feeds/index.js';
import { FIXTURES, SHARED_DATA } from '../helpers/paths.js';
import { describeShared } from '../helpers/shared-data.js';

const SEED = 0x6d65_6469;
const FEED_CASES = 400;
const PAGE_CASES = 80;
/** Inputs are cut to this before mutating, so a case stays fast. */
const MAX_INPUT_BYTES = 256 * 1024;
const MAX_MUTATIONS = 12;
const FEED_DIRS = ['feeds/rss-parser/input', 'feeds/node-feedparser'];
const PAGE_DIRS = ['extraction-dev/trafilatura/pages', 'extraction-dev/daniel-ru/pages'];
/** Fragments that stress a parser: markup, entities, CDATA ends, encodings, nesting. */
const TOKENS = ['<', '>', '&', '&amp;', '&#xD800;', '&nbsp;', ']]>', '<![CDATA[', '<!--', '-->', '</item>', '<item>', '<entry>', '</channel>', '<?xml version="1.0" encoding="koi8-r"?>', '<!DOCTYPE x [<!ENTITY a "&a;&a;">]>', '&a;', '"', "'", '\u0000', '\uFFFD', '<script>', '<div>'.repeat(300), '{"version":"https://jsonfeed.org/version/1.1","items":[', '\xEF\xBB\xBF'];

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function files(root: string, dirs: string[], filter: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    const abs = path.join(root, dir);
    for (const name of readdirSync(abs).sort()) {
      const file = path.join(abs, name);
      if (statSync(file).isFile() && filter(name)) out.push(file);
    }
  }
  return out;
}

function load(file: string): Buffer {
  const raw = readFileSync(file);
  const bytes = file.endsWith('.gz') ? gunzipSync(raw) : raw;
  return bytes.subarray(0, MAX_INPUT_BYTES);
}

/** One mutated copy: byte flips, deletions, duplications, token insertions, truncation. */
function mutate(input: Buffer, rand: () => number): Buffer {
  let bytes = Buffer.from(input);
  const pick = (n: number) => Math.floor(rand() * n);
  const count = 1 + pick(MAX_MUTATIONS);
  for (let m = 0; m < count && bytes.length > 0; m++) {
    const at = pick(bytes.length);
    switch (pick(6)) {
      case 0:
        bytes[at] = pick(256);
        break;
      case 1:
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + 1 + pick(512)))]);
        break;
      case 2: {
        const end = Math.min(bytes.length, at + 1 + pick(2048));
        bytes = Buffer.concat([bytes.subarray(0, end), bytes.subarray(at, end), bytes.subarray(end)]);
        break;
      }
      case 3:
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(TOKENS[pick(TOKENS.length)]!, 'latin1'), bytes.subarray(at)]);
        break;
      case 4:
        bytes = bytes.subarray(0, at);
        break;
      default:
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(TOKENS[pick(TOKENS.length)]!), bytes.subarray(at)]);
    }
  }
  return bytes.subarray(0, MAX_INPUT_BYTES * 2);
}

interface Corpus {
  feeds: () => string[];
  pages: () => string[];
  /** At least this many inputs of each kind, so a moved folder cannot make the fuzzing vacuous. */
  minFeeds: number;
  minPages: number;
}

function fuzz(corpus: Corpus): void {
  it(`parseFeed throws nothing but FeedError over ${FEED_CASES} mutated feeds`, () => {
    const rand = prng(SEED);
    const feeds = corpus.feeds().map(load);
    expect(feeds.length).toBeGreaterThanOrEqual(corpus.minFeeds);
    const outcomes = { parsed: 0, feedErrors: 0 };
    for (let i = 0; i < FEED_CASES; i++) {
      const input = mutate(feeds[i % feeds.length]!, rand);
      try {
        const feed = parseFeed(input, { url: 'https://example.com/feed', contentType: i % 3 ? null : 'text/xml; charset=utf-8' });
        expect(Array.isArray(feed.items)).toBe(true);
        outcomes.parsed++;
      } catch (error) {
        if (!(error instanceof FeedError)) throw new Error(`case ${i}: ${(error as Error).stack}`);
        outcomes.feedErrors++;
      }
    }
    expect(outcomes.parsed).toBeGreaterThan(FEED_CASES / 2);
  });

  it(`extractArticle never throws over ${PAGE_CASES} mutated pages`, () => {
    const rand = prng(SEED + 1);
    const pages = corpus.pages();
    expect(pages.length).toBeGreaterThanOrEqual(corpus.minPages);
    for (let i = 0; i < PAGE_CASES; i++) {
      const file = pages[Math.floor(rand() * pages.length)]!;
      const html = mutate(load(file), rand).toString('utf8');
      try {
        const article = extractArticle(html, 'https://example.com/news/1', { feedContent: i % 2 ? { html: '<p>x</p>', text: 'x' } : null });
        expect(typeof article.text).toBe('string');
      } catch (error) {
        throw new Error(`case ${i} (${path.basename(file)}): ${(error as Error).stack}`);
      }
    }
  });
}

describe('fuzzing the parsers with the project’s mutated fixtures', () => {
  fuzz({
    feeds: () => files(FIXTURES, ['feeds'], () => true),
    // Each page is a golden page folder, test/fixtures/pages/<slug>/source.html.
    pages: () => files(FIXTURES, readdirSync(path.join(FIXTURES, 'pages')).sort().map((slug) => path.join('pages', slug)), (n) => n === 'source.html'),
    minFeeds: 20,
    minPages: 20,
  });
});

describeShared('fuzzing the parsers with mutated real data', {
  data: ['feeds', 'extraction-dev'],
  checks: 'parseFeed and extractArticle on mutated real feeds and 1,100 real pages',
}, () => {
  fuzz({
    feeds: () => files(SHARED_DATA, FEED_DIRS, (n) => /\.(xml|rss|atom|json|html|gz|txt)$/i.test(n) || !n.includes('.')),
    pages: () => files(SHARED_DATA, PAGE_DIRS, (n) => n.endsWith('.html.gz')),
    minFeeds: 41,
    minPages: 101,
  });
});
