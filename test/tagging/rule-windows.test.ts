/**
 * The linear window engine (src/tagging/rule-windows.ts) against the plain definition it replaced:
 * evaluate the condition on every sentence and on the mentions within N words of each mention, one
 * filter over all mentions per window. Random texts and random conditions; the rules that fire, their
 * scores and their evidence (order included) must be the same. Then the pathological page: a name
 * repeated 100,000 times gives the right score with bounded evidence.
 */
import { describe, expect, it } from 'vitest';
import {
  RulesSchema, compileWatchlist, evaluateRules, parseWatchlist, tagText, tokenize,
  type Condition, type RulesConfig,
} from '../../src/tagging/index.js';
import { EVIDENCE_PER_ENTITY } from '../../src/tagging/rules.js';
import type { Mention } from '../../src/types.js';

const watchlist = compileWatchlist(parseWatchlist(`
entries:
  - { id: alpha, kind: person, name: Alpha, names: { en: [Alpha] } }
  - { id: beta, kind: person, name: Beta, names: { en: [Beta] } }
  - { id: gamma, kind: place, name: Gamma, names: { en: [Gamma] } }
  - { id: delta, kind: keyword, name: delta, names: { en: [delta] } }
  - { id: twin, kind: organisation, name: Gamma twin, names: { en: [Gamma] } }
`));
const ENTITIES = ['alpha', 'beta', 'gamma', 'delta', 'twin'];
const KINDS = ['person', 'place', 'keyword', 'organisation'] as const;
const SENTENCE_END_RE = /[.!?…]+["»”’)]*\s+(?=[\p{Lu}\d«"“„])|\n\s*\n/gu;

/** A small deterministic generator (the cases are the same on every run). */
function prng(seed: number): () => number {
  let s = seed;
  return () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
}

function randomText(rnd: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = rnd();
    out.push(r < 0.35 ? ['Alpha', 'Beta', 'Gamma', 'delta'][Math.floor(rnd() * 4)]! : 'word');
    if (rnd() < 0.08) out.push(rnd() < 0.5 ? '. Then' : '\n\nNext');
  }
  return out.join(' ');
}

function randomCondition(rnd: () => number, depth: number): Condition {
  const r = rnd();
  if (depth >= 3 || r < 0.4) return rnd() < 0.7 ? ENTITIES[Math.floor(rnd() * ENTITIES.length)]! : { kind: KINDS[Math.floor(rnd() * KINDS.length)]! };
  if (r < 0.5) return { not: randomCondition(rnd, depth + 1) };
  const parts = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => randomCondition(rnd, depth + 1));
  return r < 0.75 ? { all: parts } : { any: parts };
}

/** The definition: the evaluation the project shipped before the linear engine, kept here as the oracle. */
function reference(text: string, mentions: Mention[], rules: RulesConfig): Array<{ rule: string; score: number; mentions: Mention[] }> {
  const kinds = watchlist.kinds;
  const starts = tokenize(text).map((t) => t.start);
  const ends = [...text.matchAll(SENTENCE_END_RE)].map((m) => (m.index ?? 0) + m[0].length);
  const below = (arr: number[], x: number): number => arr.filter((v) => v <= x).length;
  type L = Mention & { word: number; sentence: number };
  const located: L[] = mentions.map((m) => ({ ...m, word: below(starts, m.start), sentence: below(ends, m.start) }));
  const evaluate = (cond: Condition, ms: L[]): { ok: boolean; evidence: L[] } => {
    if (typeof cond === 'string' || 'entity' in cond || 'kind' in cond) {
      const evidence = ms.filter((m) => (typeof cond === 'string' ? m.entity === cond : 'entity' in cond ? m.entity === cond.entity : kinds.get(m.entity) === cond.kind));
      return { ok: evidence.length > 0, evidence };
    }
    if ('narrative' in cond) return { ok: false, evidence: [] };
    if ('not' in cond) return { ok: !evaluate(cond.not, ms).ok, evidence: [] };
    const parts = ('all' in cond ? cond.all : cond.any).map((c) => evaluate(c, ms));
    const ok = 'all' in cond ? parts.every((p) => p.ok) : parts.some((p) => p.ok);
    return { ok, evidence: ok ? parts.filter((p) => p.ok).flatMap((p) => p.evidence) : [] };
  };
  const out: Array<{ rule: string; score: number; mentions: Mention[] }> = [];
  for (const rule of rules.rules) {
    const windows: L[][] = [];
    if (rule.proximity === undefined) windows.push(located);
    else {
      if (rule.proximity.sentence) for (const s of new Set(located.map((m) => m.sentence))) windows.push(located.filter((m) => m.sentence === s));
      const n = rule.proximity.words;
      if (n !== undefined) for (const a of located) windows.push(located.filter((m) => Math.abs(m.word - a.word) <= n));
    }
    const evidence = new Map<string, L>();
    let fired = false;
    for (const w of windows) {
      const r = evaluate(rule.when as Condition, w);
      fired ||= r.ok;
      if (r.ok) for (const m of r.evidence) evidence.set(`${m.entity}:${m.start}`, m);
    }
    if (!fired) continue;
    const ms = [...evidence.values()].sort((a, b) => a.start - b.start).map(({ entity, start, end, text: t }) => ({ entity, start, end, text: t }));
    out.push({ rule: rule.id, score: ms.length, mentions: ms });
  }
  return out;
}

describe('rule windows', () => {
  it('fire, score and evidence exactly as evaluating each window on its own (200 random texts and rules)', () => {
    const rnd = prng(7);
    let fired = 0;
    for (let i = 0; i < 200; i++) {
      const text = randomText(rnd, 20 + Math.floor(rnd() * 120));
      const proximity = [undefined, { sentence: true }, { sentence: false, words: 1 + Math.floor(rnd() * 8) }, { sentence: true, words: 3 }][i % 4];
      const rules = RulesSchema.parse({ rules: [0, 1, 2].map((k) => ({ id: `r${k}`, when: randomCondition(rnd, 0), ...(proximity ? { proximity } : {}) })) });
      const mentions = tagText(text, watchlist);
      const got = evaluateRules(text, mentions, rules, { lang: 'en', watchlist }).map(({ rule, score, mentions: m }) => ({ rule, score, mentions: m }));
      expect(got, `case ${i}: ${JSON.stringify(rules.rules.map((r) => r.when))} on ${JSON.stringify(text)}`).toEqual(reference(text, mentions, rules));
      fired += got.length;
    }
    expect(fired).toBeGreaterThan(150); // the cases exercise firing rules, not only silent ones
  });

  it('a name repeated 100,000 times: the score counts every mention, the evidence keeps the first few', () => {
    const text = 'Alpha met Beta. '.repeat(50_000);
    const rules = RulesSchema.parse({ rules: [
      { id: 'near', when: ['alpha', 'beta'], proximity: { sentence: true, words: 3 } },
      { id: 'whole', when: { any: [{ kind: 'person' }] } },
    ] });
    const mentions = tagText(text, watchlist);
    expect(mentions).toHaveLength(100_000);
    const hits = evaluateRules(text, mentions, rules, { lang: 'en', watchlist });
    expect(hits.map((h) => [h.rule, h.score, h.mentions.length])).toEqual([
      ['near', 100_000, 2 * EVIDENCE_PER_ENTITY],
      ['whole', 100_000, 2 * EVIDENCE_PER_ENTITY],
    ]);
    expect(hits[0]?.mentions.slice(0, 2).map((m) => [m.entity, m.start])).toEqual([['alpha', 0], ['beta', 10]]);
  });

  it('proximity stays within one field when mentions carry one', () => {
    const text = 'Alpha said. Beta came';
    const mentions = tagText(text, watchlist).map((m) => ({ ...m, field: m.entity === 'alpha' ? 'title' as const : 'body' as const }));
    const rules = RulesSchema.parse({ rules: [{ id: 'near', when: ['alpha', 'beta'], proximity: { sentence: false, words: 10 } }] });
    expect(evaluateRules(text, mentions, rules, { lang: 'en', watchlist })).toEqual([]);
    const same = mentions.map((m) => ({ ...m, field: 'body' as const }));
    expect(evaluateRules(text, same, rules, { lang: 'en', watchlist }).map((h) => h.rule)).toEqual(['near']);
  });
});
