/**
 * The token stream both stores index and every search is matched against: words lower-cased, `ё` read
 * as `е`, apostrophes inside words dropped (Ukrainian `об'єкт`), each word reduced to its stem. The
 * stemmer is chosen from the word alone, never from the article's detected language, so that indexing
 * and searching always agree (a misdetected article is still found): Latin words take Snowball's
 * English (Porter2) stemmer, Cyrillic words with a letter only Ukrainian has (і ї є ґ) the Ukrainian
 * stemmer, other Cyrillic words Snowball's Russian stemmer (all from @orama/stemmers). Very short stems
 * are refused (the word is kept): `Киев` would stem to `ки`.
 */
import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as russian } from '@orama/stemmers/russian';
import { stemmer as ukrainian } from '@orama/stemmers/ukrainian';

/** A stem shorter than this is not used; the whole word is indexed instead. */
const MIN_STEM = 3;
/** Longest word stemmed (longer runs are ids or garbage: indexed as they are). */
const MAX_WORD = 40;
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’ʼ`]\p{L}[\p{L}\p{M}]*)*/gu;
const APOSTROPHES = /['’ʼ`]/g;
const NEEDS_APOSTROPHE_FOLD = /['’ʼ`]/;
const LATIN = /^[a-z]/;
const CYRILLIC = /^[\u0400-\u04ff]/;
const UKRAINIAN_ONLY = /[іїєґ]/;
/**
 * The Ukrainian stemmer leaves vowels after a consonant in some case forms (`евакуації` → `евакуаці`,
 * `евакуацією` → `евакуаціє`, while `евакуація` → `евакуац`); they are taken off such stems.
 */
const UK_TRAILING_VOWEL = /(?<=[бвгґджзклмнпрстфхцчшщ])[іїиєюя]+$/;

/** One indexed word: its stem and where the word stands in the text (UTF-16 offsets). */
export interface StemToken {
  stem: string;
  start: number;
  end: number;
}

/** The normalised, lower-case form of one word before stemming. */
export function foldWord(word: string): string {
  let folded = word.normalize('NFC').toLowerCase();
  if (folded.includes('ё')) folded = folded.replace(/ё/g, 'е');
  return NEEDS_APOSTROPHE_FOLD.test(folded) ? folded.replace(APOSTROPHES, '') : folded;
}

/**
 * Stems already computed, by word as written: the stemmers cost about 5 µs a word, and news vocabulary
 * repeats (a pure function's memo: it never changes a result). Emptied when it reaches CACHE_LIMIT.
 */
const CACHE_LIMIT = 200_000;
const cache = new Map<string, string>();

/** The stem of one word (already a single word; folded here). */
export function stemWord(word: string): string {
  const known = cache.get(word);
  if (known !== undefined) return known;
  const stem = computeStem(foldWord(word));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, stem);
  return stem;
}

function computeStem(folded: string): string {
  if (folded.length > MAX_WORD || /^\p{N}+$/u.test(folded)) return folded;
  let stem = folded;
  if (LATIN.test(folded)) stem = english(folded);
  else if (CYRILLIC.test(folded)) {
    stem = UKRAINIAN_ONLY.test(folded) ? ukrainian(folded).replace(UK_TRAILING_VOWEL, '') : russian(folded);
  }
  return stem.length >= MIN_STEM ? stem : folded;
}

/** Every word of a text with its stem and offsets. */
export function stemTokens(text: string): StemToken[] {
  const out: StemToken[] = [];
  for (const m of text.matchAll(WORD)) {
    out.push({ stem: stemWord(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The stems of a text joined by spaces: what the stores index (FTS5 and a 'simple' tsvector alike). */
export function stemmedText(text: string | null): string {
  if (!text) return '';
  return stemTokens(text).map((t) => t.stem).join(' ');
}
