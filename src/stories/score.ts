/**
 * Story matching, pure: is a new article the same event as one already stored? Reports of one event
 * share watchlist entries (canonical ids, so across languages: Мариуполь, Маріуполь and Mariupol are
 * one entry), numbers (casualties, buses, hours) and time; within one language they also share words.
 * Each signal is scored against the recent members of a candidate story; the best story above
 * MATCH_THRESHOLD wins, else the article starts a story of its own.
 */
import { stemTokens } from '../search/stem.js';

/** How far apart in time two reports of one event may be (either way). */
export const STORY_WINDOW_MS = 48 * 3600_000;
/** Reports this close in time get the full time factor; beyond it the factor falls linearly to the window's end. */
const SAME_TIME_MS = 6 * 3600_000;
/** Stems of the title and the lead kept for text similarity (the lead is where a report names its event). */
const MAX_TERMS = 60;
const LEAD_CHARS = 700;
/** Stems shorter than this are mostly function words in all three languages. */
const MIN_TERM = 4;
/** Weights of the signals and the score a match needs (tuned on test/bench/stories-set.ts). */
const WEIGHT = { entities: 0.5, numbers: 0.25, text: 0.6 };
/** What a cross-language score keeps of the scale-up (entities and numbers standing for the text). */
const CROSS_LANGUAGE = 0.7;
export const MATCH_THRESHOLD = 0.42;

/** What matching needs of one article. */
export interface StoryFeatures {
  lang: string;
  /** Publication time (else storing time), ms since the epoch. */
  time: number;
  /** Distinct watchlist entry ids mentioned. */
  entities: string[];
  /** Stems of the title and lead, distinct, at most MAX_TERMS. */
  terms: string[];
  /** Distinct numbers of two digits or more (separators removed, years left out). */
  numbers: string[];
}

/** A stored article of a candidate story. */
export interface StoryMember extends StoryFeatures {
  storyId: number;
}

const NUMBER = /\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+(?!\d)|\d+/g;

/** The numbers a report gives (12 000, 12,000 and 12000 alike), years and single digits left out. */
export function numbersOf(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(NUMBER)) {
    const n = m[0].replace(/[^\d]/g, '').replace(/^0+/, '');
    if (n.length < 2 || (n.length === 4 && /^(19|20)/.test(n))) continue;
    out.add(n);
  }
  return [...out];
}

/** The distinct stems of a title and lead, in order of appearance. */
export function termsOf(title: string | null, text: string): string[] {
  const out = new Set<string>();
  for (const t of stemTokens(`${title ?? ''}\n${text.slice(0, LEAD_CHARS)}`)) {
    if (t.stem.length < MIN_TERM || /^\d+$/.test(t.stem)) continue;
    out.add(t.stem);
    if (out.size >= MAX_TERMS) break;
  }
  return [...out];
}

export function storyFeatures(input: { title: string | null; text: string; lang: string; time: number; entities: Iterable<string> }): StoryFeatures {
  return {
    lang: input.lang,
    time: input.time,
    entities: [...new Set(input.entities)].sort(),
    terms: termsOf(input.title, input.text),
    numbers: numbersOf(`${input.title ?? ''}\n${input.text}`),
  };
}

function overlap(a: string[], b: string[]): number {
  const set = new Set(b);
  return a.filter((x) => set.has(x)).length;
}

/**
 * How much two entity sets share, each entry weighted by its rarity: shared weight over the geometric
 * mean of the two sets' weights (the Ochiai coefficient). Kinder than Jaccard to a short report beside
 * a long feature of the same event; unlike the overlap coefficient (shared over the smaller set), a long
 * feature naming every leader and city does not become a hub that joins every short report of its week.
 */
function weightedOverlap(a: string[], b: string[], weight: (entity: string) => number): number {
  const inB = new Set(b);
  const sum = (list: string[]) => list.reduce((n, e) => n + weight(e), 0);
  const shared = sum(a.filter((e) => inB.has(e)));
  const norm = Math.sqrt(sum(a) * sum(b));
  return norm ? shared / norm : 0;
}

/** How alike two reports are: 0 (unrelated) up; MATCH_THRESHOLD and above is one event. */
export function matchScore(a: StoryFeatures, b: StoryFeatures, weight: (entity: string) => number): number {
  const dt = Math.abs(a.time - b.time);
  if (dt > STORY_WINDOW_MS) return 0;
  const entities = weightedOverlap(a.entities, b.entities, weight);
  if (entities === 0) return 0;
  const numbers = Math.min(1, overlap(a.numbers, b.numbers) / 2);
  let text = 0;
  if (a.lang === b.lang && a.terms.length && b.terms.length) {
    const shared = overlap(a.terms, b.terms);
    text = shared / Math.min(a.terms.length, b.terms.length);
  }
  const time = dt <= SAME_TIME_MS ? 1 : 1 - (dt - SAME_TIME_MS) / (STORY_WINDOW_MS - SAME_TIME_MS);
  let raw = WEIGHT.entities * entities + WEIGHT.numbers * numbers + WEIGHT.text * text;
  // Across languages there is no text to compare: the other signals stand for it, at a discount.
  if (a.lang !== b.lang) raw *= CROSS_LANGUAGE * (WEIGHT.entities + WEIGHT.numbers + WEIGHT.text) / (WEIGHT.entities + WEIGHT.numbers);
  return raw * (0.4 + 0.6 * time);
}

/** Rarity weight of an entry: inverse document frequency over the recent articles (df of the entry, n articles). */
export function rarity(df: Map<string, number>, n: number): (entity: string) => number {
  return (entity) => Math.log((n + 1) / ((df.get(entity) ?? 0) + 1)) + 1;
}

/** The story a new article joins (the best-scoring candidate story at or above the threshold), or null. */
export function chooseStory(article: StoryFeatures, members: StoryMember[], weight: (entity: string) => number): { storyId: number; score: number } | null {
  let best: { storyId: number; score: number } | null = null;
  for (const m of members) {
    const score = matchScore(article, m, weight);
    if (score >= MATCH_THRESHOLD && (!best || score > best.score)) best = { storyId: m.storyId, score };
  }
  return best;
}
