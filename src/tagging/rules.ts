/**
 * Rules: boolean conditions (all / any / not) over watchlist entries and kinds, optionally within
 * one sentence or N words, with weights and a threshold (Europe Media Monitor style).
 */
import type { Mention, RuleHit } from '../types.js';
import type { CompiledWatchlist } from './compile.js';
import type { ArticleText } from './match.js';
import { tokenize, type Tokenizer } from './normalize.js';
import { ruleEvidence, type Located } from './rule-windows.js';
import type { Condition, Rule, RulesConfig, WatchlistConfig } from './schema.js';

/** Sentence ends: . ! ? … (and closing quotes) before whitespace and a capital, digit or quote; or a blank line. */
const SENTENCE_END_RE = /[.!?…]+["»”’)]*\s+(?=[\p{Lu}\d«"“„])|\n\s*\n/gu;
const DEFAULT_WEIGHT = 1;
/**
 * Evidence kept per entity in one rule hit: enough for every snippet a digest shows, and bounded when a
 * page repeats a name 100,000 times (the score still counts every mention).
 */
export const EVIDENCE_PER_ENTITY = 50;

/** Context of the text being evaluated. */
export interface RuleContext {
  /** The article's language (ISO 639-1 or 'und'), for rules with `languages`. */
  lang: string;
  /** The feed the article came from, for rules with `feeds`. */
  feedId?: string;
  /** The affiliation of the article's source (feeds.yaml `affiliation`), for rules with `affiliations`. */
  affiliation?: string | null;
  /** The watchlist the mentions came from (the kinds of its entries decide `kind:` conditions and weights). */
  watchlist: Pick<CompiledWatchlist, 'kinds'>;
  /** How the text is cut to count words: the {@link tokenCache} tagText used on it saves cutting it again. Default: tokenize. */
  tokenizer?: Tokenizer;
}

/** Word and sentence numbers of the mentions of one field, counted in that field's text. */
function locateIn(text: string, mentions: { m: Mention; index: number }[], tokenizer: Tokenizer): Located[] {
  if (mentions.length === 0) return [];
  const starts = tokenizer(text).map((t) => t.start);
  const ends = [...text.matchAll(SENTENCE_END_RE)].map((m) => (m.index ?? 0) + m[0].length);
  const countBelow = (arr: number[], x: number): number => {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if ((arr[mid] ?? 0) <= x) lo = mid + 1; else hi = mid; }
    return lo;
  };
  // A wrapper, not a copy of each mention: this runs once per mention, 100,000s of them on some pages.
  return mentions.map(({ m, index }) => ({ m, word: countBelow(starts, m.start), sentence: countBelow(ends, m.start), index }));
}

/** Title mentions are located in the title, body mentions in the body (proximity never spans the two). */
function locate(article: ArticleText, mentions: Mention[], tokenizer: Tokenizer): Located[] {
  const title: { m: Mention; index: number }[] = [];
  const body: { m: Mention; index: number }[] = [];
  mentions.forEach((m, index) => (m.field === 'title' ? title : body).push({ m, index }));
  return [...locateIn(article.title ?? '', title, tokenizer), ...locateIn(article.text, body, tokenizer)];
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
  // A rising rule counts stored articles over time (src/trends/alerts.ts), never one text.
  if (!rule.enabled || rule.type === 'rising') return false;
  if (rule.languages.length > 0 && !rule.languages.includes(context.lang)) return false;
  if (rule.affiliations.length > 0 && !(context.affiliation && (rule.affiliations as string[]).includes(context.affiliation))) return false;
  return rule.feeds.length === 0 || (context.feedId !== undefined && rule.feeds.includes(context.feedId));
}

/** Title mentions first, then body mentions, each in text order. */
const fieldOrder = (m: Mention): number => (m.field === 'title' ? 0 : 1);

/** The evidence, title first, each field in text order, one per field, entity and start (first found first among equals). */
function evidenceOf(order: Located[]): Mention[] {
  const byKey = new Map<string, Mention>();
  for (const { m: { entity, start, end, text, field } } of order) {
    const key = `${field ?? 'body'}:${entity}:${start}`;
    if (!byKey.has(key)) byKey.set(key, field === undefined ? { entity, start, end, text } : { entity, start, end, text, field });
  }
  return [...byKey.values()].sort((a, b) => fieldOrder(a) - fieldOrder(b) || a.start - b.start);
}

/** The first `limit` mentions of each entity, in their order (the same array when none is over). */
export function keepPerEntity<M extends Mention>(ms: M[], limit: number): M[] {
  const seen = new Map<string, number>();
  const kept = ms.filter((m) => {
    const n = (seen.get(m.entity) ?? 0) + 1;
    seen.set(m.entity, n);
    return n <= limit;
  });
  return kept.length === ms.length ? ms : kept;
}

/**
 * Evaluates every rule on a text's mentions (from tagText on the same text, or tagArticle on the same
 * title and body). Returns the rules that fire, each with the mentions that made it fire (from every
 * window where its condition held) and their weighted score.
 */
export function evaluateRules(input: string | ArticleText, mentions: Mention[], rules: RulesConfig, context: RuleContext): RuleHit[] {
  const kinds = context.watchlist.kinds;
  const located = locate(typeof input === 'string' ? { text: input } : input, mentions, context.tokenizer ?? tokenize);
  const hits: RuleHit[] = [];
  for (const rule of rules.rules) {
    if (!applies(rule, context)) continue;
    const cond = ruleCondition(rule);
    const { fired, evidence } = ruleEvidence(rule, cond, located, kinds);
    if (!fired) continue;
    const ms = evidenceOf(evidence);
    const score = ms.reduce((s, m) => s + weightOf(rule, m, kinds), 0);
    if (score < rule.threshold) continue;
    hits.push({ rule: rule.id, score, priority: rule.priority, mentions: keepPerEntity(ms, EVIDENCE_PER_ENTITY) });
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
    if (rule.watch?.entity !== undefined && rule.watch.entity !== '*') refs.push({ path: `rules[${i}].watch.entity`, entity: rule.watch.entity });
    for (const r of refs) if (!ids.has(r.entity)) problems.push(`rules.yaml: ${r.path}: unknown entity '${r.entity}'`);
    for (const key of Object.keys(rule.weights)) {
      const ok = key.startsWith('kind:') ? kinds.has(key.slice(5)) : ids.has(key);
      if (!ok) problems.push(`rules.yaml: rules[${i}].weights.${key}: unknown entity '${key}'`);
    }
  });
  return problems;
}
