/**
 * Near-duplicate clustering: the same wire story republished by several outlets, or lightly rewritten,
 * becomes one digest entry. Each text gets a 64-bit SimHash over its word shingles; pairs whose hashes
 * are close are confirmed by the Jaccard similarity of their shingle sets (SimHash alone is noisy on
 * short texts), and confirmed pairs are joined with union-find.
 */
import { createHash } from 'node:crypto';

/** Words per shingle. */
const SHINGLE_WORDS = 3;
/** Pairs with SimHash Hamming distance above this are never compared further (unrelated texts sit near 32). */
const MAX_SIMHASH_DISTANCE = 20;
/** Shingle-set Jaccard similarity at or above which two texts are one story. */
const MIN_JACCARD = 0.4;
const WORD = /[\p{L}\p{N}]+/gu;

export interface Fingerprint {
  hash: bigint;
  shingles: Set<string>;
}

/** The word shingles of a text, lower-cased (ё folded), as a set. */
export function shingles(text: string): Set<string> {
  const words = (text.toLowerCase().replace(/ё/g, 'е').match(WORD) ?? []);
  const out = new Set<string>();
  if (words.length < SHINGLE_WORDS) {
    if (words.length) out.add(words.join(' '));
    return out;
  }
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) out.add(words.slice(i, i + SHINGLE_WORDS).join(' '));
  return out;
}

/** 64-bit SimHash over a set of features (each hashed with the first 8 bytes of MD5). */
export function simhash(features: Iterable<string>): bigint {
  const votes = new Int32Array(64);
  for (const feature of features) {
    const digest = createHash('md5').update(feature).digest();
    const value = digest.readBigUInt64BE(0);
    for (let bit = 0; bit < 64; bit++) votes[bit]! += (value >> BigInt(bit)) & 1n ? 1 : -1;
  }
  let hash = 0n;
  for (let bit = 0; bit < 64; bit++) if (votes[bit]! > 0) hash |= 1n << BigInt(bit);
  return hash;
}

export function hammingDistance(a: bigint, b: bigint): number {
  let x = a ^ b;
  let count = 0;
  while (x) {
    x &= x - 1n;
    count++;
  }
  return count;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

export function fingerprint(text: string): Fingerprint {
  const set = shingles(text);
  return { hash: simhash(set), shingles: set };
}

/** Whether two fingerprints are the same story. */
export function nearDuplicates(a: Fingerprint, b: Fingerprint): boolean {
  return hammingDistance(a.hash, b.hash) <= MAX_SIMHASH_DISTANCE && jaccard(a.shingles, b.shingles) >= MIN_JACCARD;
}

/**
 * Group items into clusters of near-duplicate texts. Clusters keep the input order of their first
 * member, and members keep input order.
 */
export function clusterTexts<T>(items: T[], textOf: (item: T) => string): T[][] {
  const prints = items.map((item) => fingerprint(textOf(item)));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (find(i) !== find(j) && nearDuplicates(prints[i]!, prints[j]!)) parent[Math.max(find(i), find(j))] = Math.min(find(i), find(j));
    }
  }
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), item]);
  });
  return [...groups.values()];
}
