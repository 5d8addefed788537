/**
 * Rules: boolean conditions (all / any / not) over watchlist entries and kinds, optionally within
 * one sentence or N words, with weights and a threshold (Europe Media Monitor style).
 */
import type { Mention, RuleHit } from '../types.js';
import type { CompiledWatchlist } from './compile.js';
import type { ArticleText } from './match.js';
import { tokensOf } from './normalize.js';
import type { Condition, Rule, RulesConfig, WatchlistConfig } from './schema.js';

/** Sentence ends: . ! ? … (and closing quotes) before whitespace and a capital, digit or quote; or a blank line. */
const SENTENCE_END_RE = /[.!?…]+["»”’)]*\s+(?=[\p{Lu}\d«"“„])|\n\s*\n/gu;
const DEFAULT_WEIGHT = 1;
/**
 * Title mentions are numbered (words, sentences) this far below the body's, so proximity, counted
 * within one field, never joins a headline word to a body word.
 */
const TITLE_SHIFT = 2 ** 40;

/** Context of the text being evaluated. */
export interface RuleContext {
  /** The article's language (ISO 639-1 or 'und'), for rules with `languages`. */
  lang: string;
  /** The feed the article came from, for rules with `feeds`. */
  feedId?: string;
  /** The affiliation of the article's source (feeds.yaml `affiliation`), for rules with `affiliations`. */
  affiliation?: string | null;
  /** The watchlist the mentions came from (needed by `kind:` conditions). Default: the last one compiled. */
  watchlist?: Pick<CompiledWatchlist, 'kinds'>;
}

let lastKinds: ReadonlyMap<string, string> | null = null;
/** Remembers the kinds of the most recently compiled watchlist (the fallback for `kind:` conditions). */
export function rememberKinds(kinds: ReadonlyMap<string, string>): void {
  lastKinds = kinds;
}

interface Located extends Mention { word: number; sentence: number }
interface Outcome { ok: boolean; evidence: Located[] }

function countBelow(arr: number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if ((arr[mid] ?? 0) <= x) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Word and sentence numbers of the mentions of one field, counted in that field's text. */
function locateIn(text: string, mentions: Mention[], shift: number): Located[] {
  if (mentions.length === 0) return [];
  const starts = tokensOf(text).map((t) => t.start);
  const ends = [...text.matchAll(SENTENCE_END_RE)].map((m) => (m.index ?? 0) + m[0].length);
  return mentions.map((m) => ({ ...m, word: countBelow(starts, m.start) - shift, sentence: countBelow(ends, m.start) - shift }));
}

function locate(article: ArticleText, mentions: Mention[]): Located[] {
  const inTitle = (m: Mention): boolean => m.field === 'title';
  return [
    ...locateIn(article.title ?? '', mentions.filter(inTitle), TITLE_SHIFT),
    ...locateIn(article.text, mentions.filter((m) => !inTitle(m)), 0),
  ];
}

function evaluate(cond: Condition, ms: Located[], kinds: ReadonlyMap<string, string>): Outcome {
  if (typeof cond === 'string' || 'entity' in cond || 'kind' in cond) {
    const pick = typeof cond === 'string' ? (m: Located) => m.entity === cond
      : 'entity' in cond ? (m: Located) => m.entity === cond.entity
      : (m: Located) => kinds.get(m.entity) === cond.kind;
    const evidence = ms.filter(pick);
    return { ok: evidence.length > 0, evidence };
  }
  // A narrative condition is decided before evaluation (src/narratives/rules.ts); one left here does not hold.
  if ('narrative' in cond) return { ok: false, evidence: [] };
  if ('not' in cond) return { ok: !evaluate(cond.not, ms, kinds).ok, evidence: [] };
  const parts = ('all' in cond ? cond.all : cond.any).map((c) => evaluate(c, ms, kinds));
  const ok = 'all' in cond ? parts.every((p) => p.ok) : parts.some((p) => p.ok);
  return { ok, evidence: ok ? parts.filter((p) => p.ok).flatMap((p) => p.evidence) : [] };
}

/** The mention sets a proximity rule is evaluated on: each sentence, and N words around each mention. */
function windows(rule: Rule, ms: Located[]): Located[][] {
  if (rule.proximity === undefined) return [ms];
  const out: Located[][] = [];
  if (rule.proximity.sentence) {
    for (const s of new Set(ms.map((m) => m.sentence))) out.push(ms.filter((m) => m.sentence === s));
  }
  const n = rule.proximity.words;
  if (n !== undefined) for (const a of ms) out.push(ms.filter((m) => Math.abs(m.word - a.word) <= n));
  return out;
}

/** The rule's condition: its `when`, or its own all / any / not as one condition. */
function ruleCondition(rule: Rule): Condition {
  if (rule.when !== undefined) return Array.isArray(rule.when) ? { all: rule.when } : rule.when;
  const parts: Condition[] = [...(rule.all ?? [])];
  if (rule.any !== undefined) parts.push({ any: rule.any });
  if (rule.not !== undefined) parts.push({ not: rule.not });
  return { all: parts };
}

function weightOf(rule: Rule, m: Mention, kinds: ReadonlyMap<string, string>): number {
  return rule.weights[m.entity] ?? rule.weights[`kind:${kinds.get(m.entity) ?? ''}`] ?? DEFAULT_WEIGHT;
}

function applies(rule: Rule, context: RuleContext): boolean {
  if (!rule.enabled) return false;
  if (rule.languages.length > 0 && !rule.languages.includes(context.lang)) return false;
  if (rule.affiliations.length > 0 && !(context.affiliation && (rule.affiliations as string[]).includes(context.affiliation))) return false;
  return rule.feeds.length === 0 || (context.feedId !== undefined && rule.feeds.includes(context.feedId));
}

/** Title mentions first, then body mentions, each in text order. */
const fieldOrder = (m: Mention): number => (m.field === 'title' ? 0 : 1);

/**
 * Evaluates every rule on a text's mentions (from tagText on the same text, or tagArticle on the same
 * title and body). Returns the rules that fire, each with the mentions that made it fire (from every
 * window where its condition held) and their weighted score.
 */
export function evaluateRules(input: string | ArticleText, mentions: Mention[], rules: RulesConfig, context: RuleContext): RuleHit[] {
  const kinds = context.watchlist?.kinds ?? lastKinds ?? new Map<string, string>();
  const located = locate(typeof input === 'string' ? { text: input } : input, mentions);
  const hits: RuleHit[] = [];
  for (const rule of rules.rules) {
    if (!applies(rule, context)) continue;
    const cond = ruleCondition(rule);
    const evidence = new Map<string, Located>();
    let fired = false;
    for (const w of windows(rule, located)) {
      const out = evaluate(cond, w, kinds);
      fired ||= out.ok;
      if (out.ok) for (const m of out.evidence) evidence.set(`${m.field ?? 'body'}:${m.entity}:${m.start}`, m);
    }
    if (!fired) continue;
    const ms = [...evidence.values()].sort((a, b) => fieldOrder(a) - fieldOrder(b) || a.start - b.start)
      .map(({ entity, start, end, text: t, field }) => (field === undefined ? { entity, start, end, text: t } : { entity, start, end, text: t, field }));
    const score = ms.reduce((s, m) => s + weightOf(rule, m, kinds), 0);
    if (score < rule.threshold) continue;
    hits.push({ rule: rule.id, score, priority: rule.priority, mentions: ms });
  }
  return hits;
}

function refsOf(cond: Condition, path: string, out: Array<{ path: string; entity: string }>): void {
  if (typeof cond === 'string') out.push({ path, entity: cond });
  else if ('narrative' in cond) return;
  else if ('entity' in cond) out.push({ path: `${path}.entity`, entity: cond.entity });
  else if ('not' in cond) refsOf(cond.not, `${path}.not`, out);
  else if ('all' in cond) cond.all.forEach((c, i) => refsOf(c, `${path}.all[${i}]`, out));
  else if ('any' in cond) cond.any.forEach((c, i) => refsOf(c, `${path}.any[${i}]`, out));
}

/**
 * Checks that every entry id a rule names (in when / all / any / not and weights) exists in the watchlist.
 * Returns messages such as "rules.yaml: rules[2].all[0]: unknown entity 'foo'"; empty when all is well.
 */
export function validateRuleRefs(watchlist: WatchlistConfig, rules: RulesConfig): string[] {
  const ids = new Set(watchlist.entries.map((e) => e.id));
  const kinds = new Set(['person', 'organisation', 'place', 'keyword']);
  const problems: string[] = [];
  rules.rules.forEach((rule, i) => {
    const refs: Array<{ path: string; entity: string }> = [];
    if (Array.isArray(rule.when)) rule.when.forEach((c, k) => refsOf(c, `rules[${i}].when[${k}]`, refs));
    else if (rule.when !== undefined) refsOf(rule.when, `rules[${i}].when`, refs);
    rule.all?.forEach((c, k) => refsOf(c, `rules[${i}].all[${k}]`, refs));
    rule.any?.forEach((c, k) => refsOf(c, `rules[${i}].any[${k}]`, refs));
    if (rule.not !== undefined) refsOf(rule.not, `rules[${i}].not`, refs);
    for (const r of refs) if (!ids.has(r.entity)) problems.push(`rules.yaml: ${r.path}: unknown entity '${r.entity}'`);
    for (const key of Object.keys(rule.weights)) {
      const ok = key.startsWith('kind:') ? kinds.has(key.slice(5)) : ids.has(key);
      if (!ok) problems.push(`rules.yaml: rules[${i}].weights.${key}: unknown entity '${key}'`);
    }
  });
  return problems;
}
