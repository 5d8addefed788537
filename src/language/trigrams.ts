/**
 * A naive-Bayes trigram scorer over franc's shipped trigram profiles (the 300 most frequent
 * trigrams per language, most frequent first). franc ranks languages by an out-of-place distance,
 * which is noisy on short text; here each trigram's rank is read as a Zipf probability instead.
 */
import { data } from 'franc/data.js';
import { ISO1_TO_ISO3 } from './codes.js';
import type { Script } from './alphabet.js';

/** Zipf offset: p(rank) ∝ 1 / (rank + ZIPF_OFFSET). */
const ZIPF_OFFSET = 20;
/** Log-score of a trigram absent from a language's profile, below the rarest listed trigram. */
const UNKNOWN_TRIGRAM_SCORE = -1.5;
const NON_LETTER_RE = /[^\p{L}]+/gu;

const profiles = new Map<string, Map<string, number> | null>();

function profile(lang: string, script: Script): Map<string, number> | null {
  const key = `${script}:${lang}`;
  const cached = profiles.get(key);
  if (cached !== undefined) return cached;
  const iso3 = ISO1_TO_ISO3[lang];
  const model = iso3 === undefined ? undefined : data[script]?.[iso3];
  let scores: Map<string, number> | null = null;
  if (model !== undefined) {
    const grams = model.split('|');
    const size = grams.length;
    scores = new Map(grams.map((g, rank) => [g, Math.log((size + ZIPF_OFFSET) / (rank + ZIPF_OFFSET))]));
  }
  profiles.set(key, scores);
  return scores;
}

/** Padded trigram counts of lower-cased text with every non-letter run collapsed to one space. */
export function trigramCounts(lowerText: string): Map<string, number> {
  const clean = ` ${lowerText.replace(NON_LETTER_RE, ' ').trim()} `;
  const counts = new Map<string, number>();
  for (let i = 0; i + 3 <= clean.length; i++) {
    const g = clean.slice(i, i + 3);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

/** Sum of trigram log-scores per candidate (candidates without a profile get none). */
export function trigramScores(counts: Map<string, number>, candidates: readonly string[], script: Script): Map<string, number> {
  const scores = new Map<string, number>();
  for (const lang of candidates) {
    const p = profile(lang, script);
    if (p === null) continue;
    let s = 0;
    for (const [g, n] of counts) s += n * (p.get(g) ?? UNKNOWN_TRIGRAM_SCORE);
    scores.set(lang, s);
  }
  return scores;
}
