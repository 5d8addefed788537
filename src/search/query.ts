/**
 * The search language of /alerts and /api/alerts, parsed once and compiled for each store:
 *   words            every word must appear, in any inflected form (`эвакуация` finds `эвакуацию`)
 *   "a phrase"       the words one after another (each in any form)
 *   -word, -"phrase" articles with it are left out
 *   a OR b           either (binds tighter than the implicit AND: `a OR b c` is `(a | b) & c`)
 *   evacu*           any word whose stem begins with it
 * Anything else (brackets, colons, stray quotes) is ignored: no query syntax of either store leaks through.
 */
import { foldWord, stemTokens, stemWord } from './stem.js';

/** Most terms read from one query; more are ignored. */
export const MAX_TERMS = 12;
/** Most alternatives one OR group may grow to (watchlist expansion adds forms). */
const MAX_ALTERNATIVES = 40;
const ITEM = /(-?)"([^"]*)"?|(\S+)/g;

/** One word or phrase: its stems in order; `prefix` makes the last stem a prefix. */
export interface SearchTerm {
  /** What the user typed (a word or the phrase inside quotes). */
  raw: string;
  stems: string[];
  prefix: boolean;
}

/** A parsed query: every clause must match (a clause matches when any of its terms does); no `none` term may. */
export interface SearchQuery {
  all: SearchTerm[][];
  none: SearchTerm[];
}

/** One word or phrase as a term (`quoted`: a phrase, where `*` means nothing). */
export function termOf(raw: string, quoted: boolean): SearchTerm | null {
  const prefix = !quoted && /\p{L}\*+$/u.test(raw.trim());
  const tokens = stemTokens(raw);
  if (tokens.length === 0) return null;
  const stems = tokens.map((t) => t.stem);
  if (prefix) {
    // A prefix is matched against indexed stems: take the typed letters unless its own stem is shorter.
    const last = foldWord(raw.slice(tokens.at(-1)!.start, tokens.at(-1)!.end));
    const stem = stemWord(last);
    stems[stems.length - 1] = last.startsWith(stem) ? stem : last;
  }
  return { raw: raw.replace(/\*+$/, ''), stems, prefix };
}

/** Parses a query; an empty result (no clause, no exclusion) means "no search". */
export function parseSearch(text: string | undefined): SearchQuery {
  const query: SearchQuery = { all: [], none: [] };
  let or = false;
  let count = 0;
  for (const m of (text ?? '').matchAll(ITEM)) {
    if (count >= MAX_TERMS) break;
    const word = m[3];
    if (word === 'OR') {
      or = query.all.length > 0;
      continue;
    }
    const negated = m[1] === '-' || (word !== undefined && word.startsWith('-') && word.length > 1);
    const raw = word !== undefined ? (negated ? word.slice(1) : word) : m[2]!;
    const term = termOf(raw, word === undefined);
    if (!term) continue;
    count++;
    if (negated) query.none.push(term);
    else if (or) query.all.at(-1)!.push(term);
    else query.all.push([term]);
    or = false;
  }
  return query;
}

export function isEmptySearch(query: SearchQuery | undefined): boolean {
  return !query || (query.all.length === 0 && query.none.length === 0);
}

/** Adds alternatives to a clause, without duplicates and up to MAX_ALTERNATIVES. */
export function addAlternatives(clause: SearchTerm[], more: SearchTerm[]): void {
  const seen = new Set(clause.map(termKey));
  for (const term of more) {
    if (clause.length >= MAX_ALTERNATIVES) return;
    if (seen.has(termKey(term))) continue;
    seen.add(termKey(term));
    clause.push(term);
  }
}

export function termKey(term: SearchTerm): string {
  return `${term.stems.join(' ')}${term.prefix ? '*' : ''}`;
}

/** FTS5 MATCH expressions: `match` for the clauses (null when there are none), `exclude` for the exclusions. */
export function toFts5(query: SearchQuery): { match: string | null; exclude: string | null } {
  const term = (t: SearchTerm) => `"${t.stems.join(' ')}"${t.prefix ? '*' : ''}`;
  const any = (terms: SearchTerm[]) => (terms.length === 1 ? term(terms[0]!) : `(${terms.map(term).join(' OR ')})`);
  return {
    match: query.all.length ? query.all.map(any).join(' AND ') : null,
    exclude: query.none.length ? any(query.none) : null,
  };
}

/** PostgreSQL tsquery texts (for to_tsquery('simple', ...)), same shape as {@link toFts5}. */
export function toTsquery(query: SearchQuery): { match: string | null; exclude: string | null } {
  const term = (t: SearchTerm) => {
    const parts = t.stems.map((s, i) => `'${s}'${t.prefix && i === t.stems.length - 1 ? ':*' : ''}`);
    return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`;
  };
  const any = (terms: SearchTerm[]) => (terms.length === 1 ? term(terms[0]!) : `(${terms.map(term).join(' | ')})`);
  return {
    match: query.all.length ? query.all.map(any).join(' & ') : null,
    exclude: query.none.length ? any(query.none) : null,
  };
}
