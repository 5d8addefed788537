/**
 * Language identification for article text, over a restricted candidate set. One log-score per
 * candidate adds up:
 *   - alphabet evidence: letters (and letter sequences) a language does or does not write;
 *   - character language models trained on prose written for mediamon (data/prose/*.txt);
 *   - franc's UDHR trigram profiles, read as naive Bayes (a lighter second opinion);
 *   - Nito-ELD's byte n-gram weights (eld.ts), learnt from much more text (neutral for mk and kk);
 *   - frequent words per language;
 *   - priors: the document's own hints (html lang, og:locale, feed language) and DEFAULT_PRIORS.
 */
import type { LanguageResult } from '../types.js';
import { alphabetScores, dominantScript, usesScript } from './alphabet.js';
import { DEFAULT_CANDIDATES, primarySubtag } from './codes.js';
import { ngramScores, padded } from './ngrams.js';
import { trigramCounts, trigramScores } from './trigrams.js';
import { commonWordSets } from './words.js';
import { ELD_LANGUAGES, eldWeights } from './eld.js';

export { DEFAULT_CANDIDATES, ISO1_TO_ISO3, ISO3_TO_ISO1, primarySubtag } from './codes.js';

/** Only the first MAX_CHARS characters are read (cut at a space): plenty to tell, and bounded cost. */
export const MAX_CHARS = 600;
/**
 * The first FIRST_LOOK_CHARS characters are scored first, without ELD; when the best language leads
 * the next by CONFIDENT_MARGIN or more, that is the answer. Most articles are decided there, at about
 * a third of the cost (0.6 -> 0.2 ms); close calls read on to MAX_CHARS with every source. With a
 * margin of 30, every langid-dev answer is the one every source on the whole sample gives (at 25, one
 * German sentence changed).
 */
const FIRST_LOOK_CHARS = 250;
const CONFIDENT_MARGIN = 30;
/** Fewer letters than this: 'und'. */
export const MIN_LETTERS = 6;
/** Letters needed for full confidence; below, confidence is scaled down. */
const FULL_CONFIDENCE_LETTERS = 40;
/** Weight of a frequent word, shared among the candidates that list it. */
const COMMON_WORD_BONUS = 6;
/** Weight of the trigram model (franc's profiles come from one text, the UDHR: useful, not decisive). */
const TRIGRAM_WEIGHT = 0.25;
/**
 * Weight of ELD's evidence (eld.ts). On langid-dev, 1 took word pairs from 85.8% to 89.5% macro and
 * sentences from 99.2% to 99.4%; 2-3 helped word pairs a little more but cost Russian sentences.
 */
const ELD_WEIGHT = 1;
/** Weight of the character language models trained on data/prose/*.txt. */
const NGRAM_WEIGHT = 0.5;
/** Log-prior added to a language named by a hint (html lang, og:locale, feed language). */
const HINT_PRIOR = 4;
/**
 * Default log-priors: mediamon's stream is mostly Russian, then Ukrainian and English, so when the
 * evidence is thin (a short line with no telling letter) those are the better bet.
 */
export const DEFAULT_PRIORS: Readonly<Record<string, number>> = { ru: 2.5, uk: 0.5, en: 0.5 };
/** Candidates whose alphabet score trails the best by more than this are not scored further. */
const ALPHABET_PRUNE_MARGIN = 18;
/** Softmax temperature turning score gaps into a confidence. */
const CONFIDENCE_TEMPERATURE = 2;
const TOKEN_SPLIT_RE = /[^\p{L}’'-]+/u;

/** Options for {@link detectLanguage}. */
export interface LanguageOptions {
  /** ISO 639-1 codes to choose among. Default: {@link DEFAULT_CANDIDATES} (ru uk be bg mk sr kk en pl de fr es it cs). */
  candidates?: string[];
  /** Language hints from the document or feed (BCP 47 / locales such as 'ru-RU', 'uk_UA'): priors, not verdicts. Default: none. */
  hints?: string[];
  /** Log-priors per ISO 639-1 code, added to every text's score. Default: {@link DEFAULT_PRIORS}. */
  priors?: Record<string, number>;
}

const UNDETERMINED: LanguageResult = { lang: 'und', confidence: 0 };

/** Caps text at `max` characters, cutting at the last space so no word is split. */
function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max);
  return text.slice(0, cut > max / 2 ? cut : max);
}

function wordScores(lower: string, candidates: readonly string[]): Map<string, number> {
  const scores = new Map<string, number>(candidates.map((c) => [c, 0]));
  const wordSets = commonWordSets();
  for (const token of lower.split(TOKEN_SPLIT_RE)) {
    if (token === '') continue;
    const users = candidates.filter((c) => wordSets.get(c)?.has(token));
    for (const c of users) scores.set(c, (scores.get(c) ?? 0) + COMMON_WORD_BONUS / users.length);
  }
  return scores;
}

/**
 * ELD's evidence for each candidate it knows: its mean n-gram weight behind the best one's, times the
 * text's length in hundreds of characters (so, like the other log-scores, it grows with the evidence).
 * Candidates ELD does not know (mk, kk) get nothing and are left to the other sources.
 */
function eldEvidence(lower: string, candidates: readonly string[]): Map<string, number> {
  const weights = eldWeights(lower);
  const known = candidates.filter((c) => ELD_LANGUAGES.has(c));
  let best = 0;
  for (const c of known) best = Math.max(best, weights.get(c) ?? 0);
  const scale = (ELD_WEIGHT * lower.length) / 100;
  return new Map(known.map((c) => [c, scale * ((weights.get(c) ?? 0) - best)]));
}

/** Adds every evidence source into one log-score per candidate. */
function scoreCandidates(lower: string, all: string[], script: 'Cyrillic' | 'Latin', hints: Set<string>, priors: Readonly<Record<string, number>>, withEld: boolean): Map<string, number> {
  const alpha = alphabetScores(lower, all, script);
  const bestAlpha = Math.max(...alpha.values());
  // Letters a language never writes rule it out cheaply: the costlier models only see the rest.
  const candidates = all.filter((c) => (alpha.get(c) ?? 0) >= bestAlpha - ALPHABET_PRUNE_MARGIN);
  const tri = trigramScores(trigramCounts(lower), candidates, script);
  const words = wordScores(lower, candidates);
  const ngrams = ngramScores(padded(lower), candidates);
  const eldTerm = withEld ? eldEvidence(lower, candidates) : new Map<string, number>();
  const total = new Map<string, number>();
  for (const c of candidates) {
    const t = tri.get(c);
    if (t === undefined) continue;
    const evidence = TRIGRAM_WEIGHT * t + NGRAM_WEIGHT * (ngrams.get(c) ?? 0) + (alpha.get(c) ?? 0) + (words.get(c) ?? 0) + (eldTerm.get(c) ?? 0);
    total.set(c, evidence + (hints.has(c) ? HINT_PRIOR : 0) + (priors[c] ?? 0));
  }
  return total;
}

/** Picks the best-scoring language and a softmax confidence, scaled down for short text. */
/** How far the best score leads the second (Infinity with one candidate). */
function lead(scores: Map<string, number>): number {
  let top = -Infinity;
  let second = -Infinity;
  for (const s of scores.values()) {
    if (s > top) { second = top; top = s; } else if (s > second) second = s;
  }
  return top - second;
}

function pick(scores: Map<string, number>, letters: number): LanguageResult {
  let best = 'und';
  let top = -Infinity;
  for (const [lang, s] of scores) if (s > top) { top = s; best = lang; }
  if (best === 'und') return UNDETERMINED;
  let sum = 0;
  for (const s of scores.values()) sum += Math.exp((s - top) / CONFIDENCE_TEMPERATURE);
  const lengthFactor = Math.min(1, letters / FULL_CONFIDENCE_LETTERS);
  return { lang: best, confidence: Math.round((lengthFactor / sum) * 1000) / 1000 };
}

/**
 * Detects the language of `text`. Returns an ISO 639-1 code (BCP 47 primary subtag) with a 0..1
 * confidence, or `{ lang: 'und', confidence: 0 }` when the text has fewer than MIN_LETTERS letters
 * or no candidate writes its script. Reads at most MAX_CHARS characters.
 */
export function detectLanguage(text: string, options: LanguageOptions = {}): LanguageResult {
  const sample = capText(text, MAX_CHARS);
  const { script, letters } = dominantScript(sample);
  if (script === null || letters < MIN_LETTERS) return UNDETERMINED;
  const wanted = (options.candidates ?? DEFAULT_CANDIDATES).map(primarySubtag);
  const candidates = wanted.filter((c) => usesScript(c, script));
  if (candidates.length === 0) return UNDETERMINED;
  const hints = new Set((options.hints ?? []).map(primarySubtag));
  const priors = options.priors ?? DEFAULT_PRIORS;
  const firstLook = capText(sample, FIRST_LOOK_CHARS);
  const quick = scoreCandidates(firstLook.toLowerCase(), candidates, script, hints, priors, false);
  if (lead(quick) >= CONFIDENT_MARGIN) return pick(quick, dominantScript(firstLook).letters);
  return pick(scoreCandidates(sample.toLowerCase(), candidates, script, hints, priors, true), letters);
}
