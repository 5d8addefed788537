/**
 * Search snippets: the stretch of an article where the searched words (in any of their forms) stand
 * densest, cut at word boundaries, with each matching word marked. Computed from the stored text with
 * the same stemmer the index uses, so SQLite and PostgreSQL show the same snippet.
 */
import type { SearchQuery, SearchTerm } from './query.js';
import { stemTokens } from './stem.js';

/** Characters of text a snippet shows around its hits. */
export const SNIPPET_CHARS = 260;

/** A piece of snippet text; `hit` pieces are the words the query matched. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

const stemIs = (term: SearchTerm, i: number, stem: string) =>
  term.prefix && i === term.stems.length - 1 ? stem.startsWith(term.stems[i]!) : stem === term.stems[i];

/** The hit offsets of a text for a query: single words wherever they stand, a phrase's words only together. */
export function searchHits(text: string, query: SearchQuery): { start: number; end: number }[] {
  const tokens = stemTokens(text);
  const hit = new Array<boolean>(tokens.length).fill(false);
  for (const term of query.all.flat()) {
    const n = term.stems.length;
    for (let i = 0; i + n <= tokens.length; i++) {
      let k = 0;
      while (k < n && stemIs(term, k, tokens[i + k]!.stem)) k++;
      if (k === n) hit.fill(true, i, i + n);
    }
  }
  return tokens.filter((_, i) => hit[i]).map(({ start, end }) => ({ start, end }));
}

/** Where the window of `size` characters holding the most hits begins. */
function bestStart(hits: { start: number }[], size: number): number {
  let best = 0;
  let bestCount = 0;
  let j = 0;
  for (let i = 0; i < hits.length; i++) {
    while (hits[j]!.start < hits[i]!.start - size) j++;
    if (i - j + 1 > bestCount) {
      bestCount = i - j + 1;
      best = hits[j]!.start;
    }
  }
  return best;
}

/** The snippet of `text` for `query`, or [] when no word of the query is in the text. */
export function snippet(text: string, query: SearchQuery, size = SNIPPET_CHARS): SnippetPart[] {
  const hits = searchHits(text, query);
  if (hits.length === 0) return [];
  let from = Math.max(0, bestStart(hits, size) - Math.floor(size / 4));
  if (from > 0) from = text.indexOf(' ', from) + 1 || from;
  let to = Math.min(text.length, from + size);
  if (to < text.length) to = Math.max(text.lastIndexOf(' ', to), hits.find((h) => h.start >= from)!.end);
  const parts: SnippetPart[] = [];
  const push = (s: string, hit: boolean) => s && parts.push({ text: s.replace(/\s+/g, ' '), hit });
  if (from > 0) push('… ', false);
  let at = from;
  for (const h of hits) {
    if (h.start < from || h.end > to) continue;
    push(text.slice(at, h.start), false);
    push(text.slice(h.start, h.end), true);
    at = h.end;
  }
  push(text.slice(at, to), false);
  if (to < text.length) push(' …', false);
  return parts;
}
