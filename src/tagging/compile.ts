/**
 * Compiles a watchlist into one word-level trie over every surface form (generated case forms
 * included): matching costs one walk per text token whatever the number of entries.
 */
import { compileCommonWords, type CommonWordEntry, type CommonWords } from './common-words.js';
import { declineForm } from './declension.js';
import { compileGuard, type GuardRegex } from './guard-regex.js';
import { isAbbreviation, normalizeWord, tokenize } from './normalize.js';
import type { NameForm, WatchlistConfig, WatchlistEntry } from './schema.js';

/** One word of a compiled form. */
export interface FormToken {
  /** Folded form (or stem) to look up. */
  norm: string;
  /** Case-preserving normalised form, for case-sensitive checks; null when case does not matter. */
  cased: string | null;
}

/** What a trie node yields: an entry (or an exclusion of it) and the case checks of its tokens. */
export interface TrieHit {
  entry: number;
  exclude: boolean;
  /** Per token, the cased form to check, or null when the form is matched case-insensitively throughout. */
  cased: Array<string | null> | null;
}

/** A trie node; its maps are created on first use (most nodes are leaves: memory matters at 10,000 entries). */
export interface TrieNode {
  next: Map<string, TrieNode> | null;
  /** Stem children: a token matches when it begins with the key. */
  stems: Map<string, TrieNode> | null;
  /** Distinct stem key lengths, longest first. */
  stemLengths: number[] | null;
  hits: TrieHit[] | null;
}

export interface CompiledEntry {
  id: string;
  kind: WatchlistEntry['kind'];
  name: string;
  notPrecededBy: GuardRegex[];
  notFollowedBy: GuardRegex[];
  /** Names that are also ordinary words (see common-words.ts), or null. */
  commonWords: CommonWords | null;
}

/** A watchlist ready for {@link tagText}. Build once with compileWatchlist(); immutable after. */
export interface CompiledWatchlist {
  root: TrieNode;
  entries: CompiledEntry[];
  /** entry id → kind, for rules that select by kind. */
  kinds: ReadonlyMap<string, WatchlistEntry['kind']>;
  /** Number of surface forms inserted (after declension). */
  formCount: number;
  /** entry id → what the common-word filter needs; null when no entry lists common words. */
  commonWordEntries: ReadonlyMap<string, CommonWordEntry> | null;
}

const STEM_MARK = '*';
/** Stems shorter than this would match too much; they are refused. */
export const MIN_STEM_LENGTH = 3;
const UKRAINIAN_LETTERS_RE = /[іїєґ]/i;
const CYRILLIC_RE = /\p{Script=Cyrillic}/u;

const newNode = (): TrieNode => ({ next: null, stems: null, stemLengths: null, hits: null });

/** Splits a form into trie tokens; a word ending in `*` makes its last token a stem. */
export function formTokens(form: string, caseSensitive: boolean): { tokens: FormToken[]; stems: boolean[] } {
  const tokens: FormToken[] = [];
  const stems: boolean[] = [];
  for (const word of form.trim().split(/\s+/)) {
    const stem = word.endsWith(STEM_MARK);
    const bare = stem ? word.slice(0, -STEM_MARK.length) : word;
    const parts = tokenize(bare);
    parts.forEach((t, i) => {
      const raw = bare.slice(t.start, t.end);
      const sensitive = caseSensitive || isAbbreviation(raw);
      tokens.push({ norm: t.norm, cased: sensitive ? normalizeWord(raw, false) : null });
      stems.push(stem && i === parts.length - 1);
    });
  }
  return { tokens, stems };
}

function child(node: TrieNode, key: string, stem: boolean): TrieNode {
  const map = stem ? (node.stems ??= new Map()) : (node.next ??= new Map());
  let next = map.get(key);
  if (next === undefined) {
    next = newNode();
    map.set(key, next);
    if (stem && !(node.stemLengths ??= []).includes(key.length)) {
      node.stemLengths.push(key.length);
      node.stemLengths.sort((a, b) => b - a);
    }
  }
  return next;
}

function insert(root: TrieNode, tokens: FormToken[], stems: boolean[], entry: number, exclude: boolean): void {
  let node = root;
  tokens.forEach((t, i) => {
    node = child(node, t.norm, stems[i] === true && t.norm.length >= MIN_STEM_LENGTH);
  });
  const cased = tokens.some((t) => t.cased !== null) ? tokens.map((t) => t.cased) : null;
  (node.hits ??= []).push({ entry, exclude, cased });
}

/** The language whose declension applies to a free phrase (exclusions): uk, ru or none. */
function phraseLang(phrase: string): 'ru' | 'uk' | null {
  if (!CYRILLIC_RE.test(phrase)) return null;
  return UKRAINIAN_LETTERS_RE.test(phrase) ? 'uk' : 'ru';
}

/** Every surface string of one configured form in one language. */
function surfaces(form: string, lang: string, inflect: boolean, person: boolean): string[] {
  if (!inflect || form.includes(STEM_MARK) || (lang !== 'ru' && lang !== 'uk')) return [form];
  return declineForm(form, lang, person);
}

function addEntry(root: TrieNode, entry: WatchlistEntry, index: number): number {
  let count = 0;
  const person = entry.kind === 'person';
  for (const [lang, forms] of Object.entries(entry.names)) {
    for (const f of forms as NameForm[]) {
      const spec = typeof f === 'string' ? { form: f } : f;
      const sensitive = spec.caseSensitive ?? entry.caseSensitive;
      for (const s of surfaces(spec.form, lang, spec.inflect ?? true, person)) {
        const { tokens, stems } = formTokens(s, sensitive);
        if (tokens.length === 0) continue;
        insert(root, tokens, stems, index, false);
        count++;
      }
    }
  }
  for (const phrase of entry.exclude) {
    const lang = phraseLang(phrase);
    for (const s of lang === null ? [phrase] : declineForm(phrase, lang, false)) {
      const { tokens, stems } = formTokens(s, false);
      if (tokens.length > 0) insert(root, tokens, stems, index, true);
    }
  }
  return count;
}

const guard = (patterns: string[], anchor: 'start' | 'end'): GuardRegex[] => patterns.map((p) => compileGuard(p, anchor));

/**
 * Builds the matching automaton once for a validated watchlist (all forms, generated Russian and
 * Ukrainian case forms, exclusions). Cost of tagText afterwards does not grow with the entry count.
 * Throws `tagging: ...` on a bad guard regex.
 */
export function compileWatchlist(watchlist: WatchlistConfig): CompiledWatchlist {
  const root = newNode();
  let formCount = 0;
  const entries = watchlist.entries.map((e, i): CompiledEntry => {
    formCount += addEntry(root, e, i);
    const commonWords = compileCommonWords(e.commonWords);
    try {
      return { id: e.id, kind: e.kind, name: e.name, notPrecededBy: guard(e.notPrecededBy, 'end'), notFollowedBy: guard(e.notFollowedBy, 'start'), commonWords };
    } catch (err) {
      throw new Error(`tagging: watchlist entry '${e.id}': bad guard regex: ${(err as Error).message}`);
    }
  });
  const commonWordEntries = entries.some((e) => e.commonWords !== null) ? new Map(entries.map((e) => [e.id, e])) : null;
  return { root, entries, kinds: new Map(entries.map((e) => [e.id, e.kind])), formCount, commonWordEntries };
}
