/**
 * Names that are also ordinary words. «Пасечник» is a beekeeper and «Путина» the fishing season:
 * such entries are case-sensitive, which rules out «пасечник» inside a sentence but not «Пасечник»
 * opening one, where every word is capitalised. So a word listed in an entry's `commonWords`, found
 * alone at the start of a sentence, counts only with support: another mention of the same entry that
 * needs none, or a person, organisation or place mentioned in the same sentence («Пасечник объявил
 * эвакуацию жителей ЛНР»). «Пасечник собирал мёд на пасеке» alone is a beekeeper.
 */
import type { Mention } from '../types.js';
import { normalizeWord } from './normalize.js';

/** An entry's common words, normalised: exact words and stems (written with a trailing `*`). */
export interface CommonWords {
  exact: ReadonlySet<string>;
  stems: readonly string[];
}

/** What the filter needs to know of each entry, by id. */
export interface CommonWordEntry {
  kind: string;
  commonWords: CommonWords | null;
}

/** Punctuation that ends a sentence. */
const SENTENCE_END = new Set(['.', '!', '?', '…']);
/** What may stand between a sentence end and its first word: spaces, quotes, brackets, dashes. */
const OPENERS_RE = /[\s«"„“”'‘’(\[—–-]/u;
/** Kinds whose mention in the same sentence supports a common word. */
const SUPPORTING_KINDS = new Set(['person', 'organisation', 'place']);

/** Compiles `commonWords` as written in the watchlist; null when there are none. */
export function compileCommonWords(words: readonly string[]): CommonWords | null {
  if (words.length === 0) return null;
  const exact = new Set<string>();
  const stems: string[] = [];
  for (const w of words) {
    if (w.endsWith('*')) stems.push(normalizeWord(w.slice(0, -1)));
    else exact.add(normalizeWord(w));
  }
  return { exact, stems };
}

function isCommonWord(words: CommonWords, surface: string): boolean {
  if (/[\s-]/u.test(surface)) return false; // a multiword name («Леонид Пасечник») is no common word
  const norm = normalizeWord(surface);
  return words.exact.has(norm) || words.stems.some((s) => norm.startsWith(s));
}

/** Whether the word at `start` opens a sentence (an initial such as «Л.» before it does not end one). */
export function opensSentence(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && OPENERS_RE.test(text[i]!)) {
    if (text[i] === '\n') return true;
    i--;
  }
  if (i < 0) return true;
  if (!SENTENCE_END.has(text[i]!)) return false;
  const initial = text[i] === '.' && i >= 1 && /\p{Lu}/u.test(text[i - 1]!) && (i < 2 || !/\p{L}/u.test(text[i - 2]!));
  return !initial;
}

/** Start and end of the sentence around [start, end). */
function sentenceAround(text: string, start: number, end: number): [number, number] {
  let from = start;
  while (from > 0 && !SENTENCE_END.has(text[from - 1]!) && text[from - 1] !== '\n') from--;
  let to = end;
  while (to < text.length && !SENTENCE_END.has(text[to]!) && text[to] !== '\n') to++;
  return [from, to];
}

/** Drops the sentence-initial common-word mentions that nothing supports (see the module comment). */
export function dropUnsupported(mentions: Mention[], text: string, entries: ReadonlyMap<string, CommonWordEntry>): Mention[] {
  const doubtful = mentions.map((m) => {
    const words = entries.get(m.entity)?.commonWords;
    return words != null && isCommonWord(words, m.text) && opensSentence(text, m.start);
  });
  if (!doubtful.includes(true)) return mentions;
  const sure = new Set(mentions.filter((_, i) => !doubtful[i]).map((m) => m.entity));
  return mentions.filter((m, i) => {
    if (!doubtful[i] || sure.has(m.entity)) return true;
    const [from, to] = sentenceAround(text, m.start, m.end);
    return mentions.some((o) => o.entity !== m.entity && o.start >= from && o.end <= to && SUPPORTING_KINDS.has(entries.get(o.entity)?.kind ?? ''));
  });
}
