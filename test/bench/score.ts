/**
 * Extraction scorers, exactly as /work/shared/data/README.md describes them: trafilatura's snippet
 * scoring (micro-summed) and the ScrapingHub benchmark's 4-token shingle scoring (macro-averaged).
 */

const WS = /\s+/g;
const TOKEN = /[\p{L}\p{N}_]+/gu;
const SHINGLE_N = 4;

/** True/false positives and false negatives, summed over pages. */
export interface SnippetCounts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

/** Collapses runs of whitespace to one space and trims. */
export function collapseWhitespace(s: string): string {
  return s.replace(WS, ' ').trim();
}

/** Scores one page: each `with` snippet found is a TP, each missing one an FN; each `without` found an FP. */
export function scoreSnippets(text: string, withSnippets: string[], withoutSnippets: string[]): SnippetCounts {
  const t = collapseWhitespace(text);
  let tp = 0;
  let fn = 0;
  let fp = 0;
  for (const s of withSnippets) if (t.includes(collapseWhitespace(s))) tp++; else fn++;
  for (const s of withoutSnippets) if (t.includes(collapseWhitespace(s))) fp++;
  return { tp, fp, fn };
}

/** Micro-averaged P/R/F1 from summed counts: P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2TP/(2TP+FP+FN). */
export function snippetPrf(c: SnippetCounts): Prf {
  return {
    precision: c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0,
    recall: c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0,
    f1: 2 * c.tp + c.fp + c.fn > 0 ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : 0,
  };
}

/** Multiset of 4-token shingles (tokens are Unicode \w+ runs); a text of fewer tokens is one shingle. */
export function shingles(text: string, n = SHINGLE_N): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const out = new Map<string, number>();
  const count = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < count; i++) {
    const sh = tokens.slice(i, i + n);
    if (sh.length === 0) continue;
    const key = sh.join('\u0001');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** One page: P = |gold ∩ pred| / |pred|, R = |gold ∩ pred| / |gold| (multisets). Empty pred → P = 0. */
export function shinglePage(gold: string, pred: string): { precision: number; recall: number } {
  const g = shingles(gold);
  const p = shingles(pred);
  let inter = 0;
  let gSize = 0;
  let pSize = 0;
  for (const [k, c] of p) {
    pSize += c;
    inter += Math.min(c, g.get(k) ?? 0);
  }
  for (const c of g.values()) gSize += c;
  if (gSize === 0 && pSize === 0) return { precision: 1, recall: 1 };
  return { precision: pSize > 0 ? inter / pSize : 0, recall: gSize > 0 ? inter / gSize : 0 };
}

/** Averages per-page P and R; F1 is the harmonic mean of the two averages. */
export function averageShingle(pages: { precision: number; recall: number }[]): Prf {
  if (pages.length === 0) return { precision: 0, recall: 0, f1: 0 };
  const precision = pages.reduce((a, p) => a + p.precision, 0) / pages.length;
  const recall = pages.reduce((a, p) => a + p.recall, 0) / pages.length;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
