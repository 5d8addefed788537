/**
 * Feed parsing throughput over the shared feeds (../shared/data/feeds): feeds/s and MB/s for parseFeed
 * (decompress + decode + repair + parse + normalise), and for comparison rss-parser's parseString on the
 * same decoded, repaired text (parse only, no normalisation).
 *
 *   npx tsx test/bench/feeds.ts [--rounds N] [--json]      (or: npm run bench:feeds after a build)
 *
 * With --json the last line is one JSON object.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'rss-parser';
import { decodeBytes, maybeDecompress } from '../../src/fetch/charset.js';
import { FeedError, parseFeed, repairXml } from '../../src/feeds/index.js';
import { parseXmlTree } from '../../src/feeds/xml-tree.js';

const DEFAULT_ROUNDS = 5;
const FEED_DIRS = ['feeds/rss-parser/input', 'feeds/node-feedparser'];

/** The repository root: the nearest ancestor of this module that holds package.json. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

interface Sample {
  name: string;
  bytes: Uint8Array;
}

function loadFeeds(): Sample[] {
  const data = join(repoRoot(), '..', 'shared', 'data');
  return FEED_DIRS.flatMap((d) =>
    readdirSync(join(data, d)).sort().map((f) => ({ name: `${d}/${f}`, bytes: readFileSync(join(data, d, f)) })),
  );
}

function benchParseFeed(samples: Sample[], rounds: number): { ms: number; ok: number; errors: Record<string, number> } {
  let ok = 0;
  const errors: Record<string, number> = {};
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const s of samples) {
      try {
        parseFeed(s.bytes, {});
        if (r === 0) ok++;
      } catch (err) {
        if (!(err instanceof FeedError)) throw err;
        if (r === 0) errors[err.kind] = (errors[err.kind] ?? 0) + 1;
      }
    }
  }
  return { ms: performance.now() - t0, ok, errors };
}

async function benchRssParser(samples: Sample[], rounds: number): Promise<{ ms: number; ok: number }> {
  const texts = samples.map((s) => repairXml(decodeBytes(maybeDecompress(s.bytes), { kind: 'xml' }).text).text);
  const parser = new Parser();
  let ok = 0;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const t of texts) {
      try {
        await parser.parseString(t);
        if (r === 0) ok++;
      } catch {
        /* counted by ok */
      }
    }
  }
  return { ms: performance.now() - t0, ok };
}

/** Our repair + XML tree on the same decoded text as rss-parser gets (parse only, like for like). */
function benchTree(samples: Sample[], rounds: number): number {
  const texts = samples.map((s) => decodeBytes(maybeDecompress(s.bytes), { kind: 'xml' }).text);
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const t of texts) parseXmlTree(repairXml(t).text, null);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const roundsArg = args.indexOf('--rounds');
  const rounds = roundsArg >= 0 ? Math.max(1, Number(args[roundsArg + 1]) || DEFAULT_ROUNDS) : DEFAULT_ROUNDS;
  const samples = loadFeeds();
  const mb = samples.reduce((n, s) => n + s.bytes.length, 0) / 1e6;
  benchParseFeed(samples, 1); // warm-up
  const ours = benchParseFeed(samples, rounds);
  await benchRssParser(samples, 1);
  const ref = await benchRssParser(samples, rounds);
  const treeMs = benchTree(samples, rounds);
  const biggest = samples.reduce((a, b) => (b.bytes.length > a.bytes.length ? b : a));
  const big = benchParseFeed([biggest], rounds);
  const result = {
    bench: 'feeds',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    feeds: samples.length,
    parsed: ours.ok,
    errors: ours.errors,
    megabytes: Number(mb.toFixed(3)),
    rounds,
    feeds_per_s: Number(((samples.length * rounds) / (ours.ms / 1000)).toFixed(1)),
    mb_per_s: Number(((mb * rounds) / (ours.ms / 1000)).toFixed(2)),
    largest: { name: biggest.name, megabytes: Number((biggest.bytes.length / 1e6).toFixed(3)), ms: Number((big.ms / rounds).toFixed(1)) },
    repair_and_tree_mb_per_s: Number(((mb * rounds) / (treeMs / 1000)).toFixed(2)),
    rss_parser: {
      parsed: ref.ok,
      feeds_per_s: Number(((samples.length * rounds) / (ref.ms / 1000)).toFixed(1)),
      mb_per_s: Number(((mb * rounds) / (ref.ms / 1000)).toFixed(2)),
    },
  };
  if (!json) {
    console.log(`feeds: ${result.parsed}/${result.feeds} parsed (errors: ${JSON.stringify(result.errors)}), ${result.megabytes} MB x ${rounds} rounds`);
    console.log(`parseFeed:  ${result.feeds_per_s} feeds/s, ${result.mb_per_s} MB/s (full pipeline: decode, repair, parse, normalise)`);
    console.log(`largest:    ${result.largest.name} (${result.largest.megabytes} MB) in ${result.largest.ms} ms`);
    console.log(`repair+tree: ${result.repair_and_tree_mb_per_s} MB/s (parse only, same input as rss-parser)`);
    console.log(`rss-parser: ${result.rss_parser.feeds_per_s} feeds/s, ${result.rss_parser.mb_per_s} MB/s (parse only, ${ref.ok} accepted)`);
  }
  console.log(JSON.stringify(result));
}

await main();
