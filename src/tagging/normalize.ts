/**
 * Tokenisation and normalisation shared by the watchlist compiler and the matcher, so a form and a
 * text are cut and folded the same way. Tokens keep their offsets into the ORIGINAL text.
 */

/** A word of the text: its normalised (folded) form and its UTF-16 span in the original text. */
export interface Token {
  norm: string;
  start: number;
  end: number;
}

/** Letter runs (with combining marks and digits); an apostrophe joins two Cyrillic letters (Ukrainian м’ясо). */
const TOKEN_RE = /[\p{L}\p{M}\p{N}\u00ad\u200b-\u200d\u2060]+(?:['’ʼ`‘′][\p{L}\p{M}\p{N}]+)*/gu;
const APOSTROPHES_RE = /['’ʼ`‘′]/g;
const HAS_APOSTROPHE_RE = /['’ʼ`‘′]/;
const CYRILLIC_RE = /\p{Script=Cyrillic}/u;
const LATIN_RE = /\p{Script=Latin}/u;
const ANY_CYRILLIC_RE = /[\u0400-\u04ff]/;
const ANY_LATIN_RE = /[a-zA-Z\u00c0-\u024f]/;
const ASCII_OR_CYRILLIC_RE = /^(?:[a-zA-Z0-9]*|[0-9\u0400-\u0450\u0452-\u04ff]*)$/;
/** Invisible characters and stress marks dropped before matching (soft hyphen, zero-width, acute). */
const INVISIBLE_RE = /[\u00ad\u200b-\u200d\u2060\ufeff\u0301\u0300]/g;

const YO_RE = /ё/g;
const CAPITAL_YO_RE = /Ё/g;

/** Latin letters that look like Cyrillic ones (after case folding), and the reverse. */
const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = {
  a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', i: 'і', k: 'к', m: 'м', o: 'о', p: 'р', t: 'т', x: 'х', y: 'у',
};
const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', с: 'c', е: 'e', н: 'h', і: 'i', к: 'k', м: 'm', о: 'o', р: 'p', т: 't', х: 'x', у: 'y',
};

/** Replaces look-alike letters of the minority script inside a word by those of its majority script. */
function fixLookalikes(word: string): string {
  if (!ANY_CYRILLIC_RE.test(word) || !ANY_LATIN_RE.test(word)) return word;
  let cyr = 0;
  let lat = 0;
  for (const ch of word) {
    if (CYRILLIC_RE.test(ch)) cyr++;
    else if (LATIN_RE.test(ch)) lat++;
  }
  if (cyr === 0 || lat === 0) return word;
  const table = cyr >= lat ? LATIN_TO_CYRILLIC : CYRILLIC_TO_LATIN;
  let out = '';
  for (const ch of word) {
    const lower = ch.toLowerCase();
    const swapped = table[lower];
    out += swapped === undefined ? ch : lower === ch ? swapped : swapped.toUpperCase();
  }
  return out;
}

/**
 * Normalises one word: NFKC, invisible characters and stress marks dropped, ё→е, apostrophes unified,
 * look-alike letters fixed, and (when `fold`) lower-cased.
 */
export function normalizeWord(word: string, fold = true): string {
  if (ASCII_OR_CYRILLIC_RE.test(word)) {
    if (fold) {
      const lower = word.toLowerCase();
      return lower.includes('ё') ? lower.replace(YO_RE, 'е') : lower;
    }
    return word.replace(YO_RE, 'е').replace(CAPITAL_YO_RE, 'Е');
  }
  let w = word.normalize('NFKC').replace(INVISIBLE_RE, '').replace(APOSTROPHES_RE, "'");
  w = w.replace(YO_RE, 'е').replace(CAPITAL_YO_RE, 'Е');
  w = fixLookalikes(w);
  return fold ? w.toLowerCase() : w;
}

/** Whether an apostrophe at `i` sits between two Cyrillic letters (a Ukrainian in-word apostrophe). */
function inWordApostrophe(text: string, i: number): boolean {
  return CYRILLIC_RE.test(text[i - 1] ?? '') && CYRILLIC_RE.test(text[i + 1] ?? '');
}

/** Splits a regex match at apostrophes that are not Ukrainian in-word ones (Putin's → Putin, s). */
function splitAtApostrophes(raw: string, offset: number, text: string, out: Token[]): void {
  if (!HAS_APOSTROPHE_RE.test(raw)) {
    out.push({ norm: normalizeWord(raw), start: offset, end: offset + raw.length });
    return;
  }
  let from = 0;
  for (let i = 0; i <= raw.length; i++) {
    const ch = raw[i];
    const isCut = i === raw.length || ("'’ʼ`‘′".includes(ch ?? '') && !inWordApostrophe(text, offset + i));
    if (!isCut) continue;
    if (i > from) out.push({ norm: normalizeWord(raw.slice(from, i)), start: offset + from, end: offset + i });
    from = i + 1;
  }
}

/** Cuts text into normalised word tokens with offsets into the original string. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) splitAtApostrophes(m[0], m.index ?? 0, text, out);
  return out;
}

/** Cuts text into tokens: {@link tokenize}, or a {@link tokenCache} that does not cut the same text twice in a row. */
export type Tokenizer = (text: string) => readonly Token[];

/**
 * A tokenizer that keeps the last text it cut, for the tagging of one text or article: given to tagText
 * and then to evaluateRules on the same text, it has the text cut once between them. The caller makes
 * one per article (tagAndEvaluate, tagWithNarratives) and drops it after, so nothing carries over to
 * the next. The tokens it returns are shared: do not modify them.
 */
export function tokenCache(): Tokenizer {
  // One text is enough: the rules read the body right after tagText cut it, and a title is short to
  // cut again. (A Map of every text cut measured ~3% slower on 20,000-character texts.)
  let lastText: string | null = null;
  let lastTokens: readonly Token[] = [];
  return (text) => {
    if (text !== lastText) {
      lastTokens = tokenize(text);
      lastText = text;
    }
    return lastTokens;
  };
}

/** Whether every letter of the word is upper case and it has at least two (an abbreviation: DPR, ДНР). */
export function isAbbreviation(word: string): boolean {
  const letters = word.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}
