/**
 * Narrative detection on the watchlist engine: every group of every claim (and the attribution cues)
 * becomes a keyword entry of one private watchlist, compiled once into the same automaton tagging uses
 * (declension, stems, case rules), so one walk over the text finds them all. A claim is carried by a
 * sentence where each of its groups has a match (or a mention of one of the group's watchlist entries),
 * none of its `not` groups has, and — for `attributed` claims — that is quoted or has a cue.
 */
import { compileWatchlist, type CompiledWatchlist } from '../tagging/compile.js';
import { tagText } from '../tagging/match.js';
import type { WatchlistConfig, WatchlistEntry } from '../tagging/schema.js';
import type { Mention, NarrativeHit } from '../types.js';
import type { NarrativeGroup, NarrativesConfig } from './schema.js';
import { sentenceSpans, type Span } from './sentences.js';

const CUE = 'cue';
/** Quotation marks that make a sentence quoted speech. */
const QUOTE_RE = /["«»“”„]/;
/** Evidence sentences kept per claim. */
const MAX_EVIDENCE = 2;
/** The space before each later word of a match (where an overlapping match may start). */
const INNER_WORD_RE = /\s+(?=\S)/g;

export type { NarrativeHit };

interface CompiledGroup {
  /** The private entry id of the group's forms, or null when it has only watchlist entities. */
  key: string | null;
  entities: string[];
}

interface CompiledClaim {
  narrative: string;
  claim: string;
  all: CompiledGroup[];
  not: CompiledGroup[];
  attributed: boolean;
}

/** Narratives ready for {@link detectNarratives}; build once per config with {@link compileNarratives}. */
export interface CompiledNarratives {
  automaton: CompiledWatchlist;
  claims: CompiledClaim[];
}

function entry(id: string, forms: Record<string, string[]>): WatchlistEntry {
  return { id, kind: 'keyword', name: id, names: forms, caseSensitive: false, exclude: [], notPrecededBy: [], notFollowedBy: [], commonWords: [] };
}

/** Compiles narratives.yaml into one automaton and a list of claims. */
/** The compiled narratives of a config, or null when it has none (the analyzer and `tag` both use this). */
export function compileNarrativesOrNull(config: NarrativesConfig | undefined): CompiledNarratives | null {
  return config?.narratives.length ? compileNarratives(config) : null;
}

export function compileNarratives(config: NarrativesConfig): CompiledNarratives {
  const entries: WatchlistEntry[] = [];
  if (Object.keys(config.cues).length > 0) entries.push(entry(CUE, config.cues));
  const group = (g: NarrativeGroup, id: string): CompiledGroup => {
    const hasForms = Object.keys(g.forms).length > 0;
    if (hasForms) entries.push(entry(id, g.forms));
    return { key: hasForms ? id : null, entities: g.entities };
  };
  const claims: CompiledClaim[] = [];
  config.narratives.forEach((n, i) => n.claims.forEach((c, k) => {
    claims.push({
      narrative: n.id, claim: c.id, attributed: c.attributed,
      all: c.all.map((g, j) => group(g, `n${i}-c${k}-a${j}`)),
      not: c.not.map((g, j) => group(g, `n${i}-c${k}-n${j}`)),
    });
  }));
  const watchlist: WatchlistConfig = { version: 1, entries };
  return { automaton: compileWatchlist(watchlist), claims };
}

/** Which sentence each offset falls in (spans sorted, non-overlapping). */
function sentenceOf(spans: Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (spans[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Matches that start inside a longer match, or are a shorter start of it. The tagging walk keeps the
 * leftmost-longest match and resumes after it, which suits entities but not claims: the groups of different claims share words
 * («никогда не» of one claim swallows the «не собирался выполнять» of another; "scheduled drills" of
 * one group swallows the "drills" of the next; «російськомовних громадян» the «російськомовн*»). So
 * each later word of a multi-word match is walked again, to the end of its sentence, and each of its
 * leading parts alone; the longest match starting there is kept.
 */
function overlapping(text: string, own: Mention[], spans: Span[], automaton: CompiledWatchlist): Mention[] {
  const out: Mention[] = [];
  for (const m of own) {
    const sentenceEnd = spans[sentenceOf(spans, m.start)]!.end;
    for (const gap of m.text.matchAll(INNER_WORD_RE)) {
      for (const hit of tagText(text.slice(m.start, m.start + gap.index), automaton)) {
        if (hit.start > 0) break;
        out.push({ ...hit, start: m.start, end: m.start + hit.end });
      }
      const from = m.start + gap.index + gap[0].length;
      for (const hit of tagText(text.slice(from, sentenceEnd), automaton)) {
        if (hit.start > 0) break;
        out.push({ ...hit, start: from, end: from + hit.end });
      }
    }
  }
  return out;
}

/**
 * The narratives a text carries, with the sentence of each (at most MAX_EVIDENCE a claim).
 * `mentions` are the text's watchlist mentions (for groups that name watchlist entries).
 */
export function detectNarratives(text: string, compiled: CompiledNarratives, mentions: Mention[] = []): NarrativeHit[] {
  if (compiled.claims.length === 0 || text.length === 0) return [];
  const spans = sentenceSpans(text);
  const found = spans.map(() => new Set<string>());
  // Overlapping matches count for a claim's groups, not for its `not` groups: a denial's "no plans"
  // inside the claim's own "no plans to" is no denial.
  const inner = spans.map(() => new Set<string>());
  const own = tagText(text, compiled.automaton);
  for (const m of [...own, ...mentions]) found[sentenceOf(spans, m.start)]!.add(m.entity);
  for (const m of overlapping(text, own, spans, compiled.automaton)) inner[sentenceOf(spans, m.start)]!.add(m.entity);
  const has = (s: Set<string>, g: CompiledGroup) => (g.key !== null && s.has(g.key)) || g.entities.some((e) => s.has(e));
  const hits: NarrativeHit[] = [];
  const perClaim = new Map<CompiledClaim, number>();
  spans.forEach((span, i) => {
    const inSentence = found[i]!;
    if (inSentence.size === 0) return;
    const withInner = new Set([...inSentence, ...inner[i]!]);
    const sentence = text.slice(span.start, span.end);
    for (const c of compiled.claims) {
      if ((perClaim.get(c) ?? 0) >= MAX_EVIDENCE) continue;
      if (!c.all.every((g) => has(withInner, g)) || c.not.some((g) => has(inSentence, g))) continue;
      if (c.attributed && !inSentence.has(CUE) && !QUOTE_RE.test(sentence)) continue;
      hits.push({ narrative: c.narrative, claim: c.claim, start: span.start, end: span.end, sentence });
      perClaim.set(c, (perClaim.get(c) ?? 0) + 1);
    }
  });
  return hits;
}

/** The distinct narrative ids of a set of hits, in first-seen order. */
export function narrativeIds(hits: NarrativeHit[]): string[] {
  return [...new Set(hits.map((h) => h.narrative))];
}
