/**
 * Where a rule's condition is evaluated (the whole text, each sentence, N words around each mention)
 * and which mentions it takes as evidence, in time linear in the mentions.
 *
 * A condition's outcome in a window depends only on which entries (and kinds) occur in it, and a
 * leaf's evidence is every mention of that leaf in the window. So each leaf gets the sorted list of
 * its mentions' positions; a window [lo, hi) of mentions in text order asks "any of mine in it?" by
 * binary search, and takes evidence by walking only the not-yet-taken positions of the leaf (a
 * skip list that each position leaves once). The evidence order is the same as evaluating every
 * window's mention list in turn: windows in the same order, leaves in condition order.
 */
import type { Mention } from '../types.js';
import type { Condition, Rule } from './schema.js';

/** A mention with its word and sentence numbers; `index` is its place in the input. */
export interface Located { m: Mention; word: number; sentence: number; index: number }

type Leaf = { entity: string } | { kind: string };
/** A condition with its leaves numbered. */
type Plan = { leaf: number } | { not: Plan } | { all: Plan[] } | { any: Plan[] };

/** The field a mention was found in (title, body), when mentions carry one: proximity never spans two. */
const fieldOf = (m: Mention): string => (m as { field?: string }).field ?? '';

function plan(cond: Condition, leaves: Leaf[]): Plan {
  if (typeof cond === 'string' || 'entity' in cond || 'kind' in cond) {
    leaves.push(typeof cond === 'string' ? { entity: cond } : 'entity' in cond ? { entity: cond.entity } : { kind: cond.kind });
    return { leaf: leaves.length - 1 };
  }
  // A narrative condition is decided before evaluation (src/narratives/rules.ts); one left here does not hold.
  if ('narrative' in cond) return { any: [] };
  if ('not' in cond) return { not: plan(cond.not, leaves) };
  if ('all' in cond) return { all: cond.all.map((c) => plan(c, leaves)) };
  return { any: cond.any.map((c) => plan(c, leaves)) };
}

/** One leaf's mentions in a run: their positions, and for each the next position not yet taken. */
class LeafIndex {
  readonly positions: number[] = [];
  private skip: Int32Array = new Int32Array(0);

  seal(): void {
    this.skip = Int32Array.from(this.positions, (_, k) => k);
  }

  /** First k with positions[k] >= x. */
  lowerBound(x: number): number {
    let lo = 0;
    let hi = this.positions.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if ((this.positions[mid] as number) < x) lo = mid + 1; else hi = mid; }
    return lo;
  }

  has(lo: number, hi: number): boolean {
    const k = this.lowerBound(lo);
    return k < this.positions.length && (this.positions[k] as number) < hi;
  }

  /** The first k' >= k whose position is not taken yet (path-halving union-find). */
  private next(k: number): number {
    while (k < this.skip.length && this.skip[k] !== k) {
      const up = this.skip[k] as number;
      this.skip[k] = up < this.skip.length ? (this.skip[up] as number) : up;
      k = up;
    }
    return k;
  }

  /** Calls `take` on each not-yet-taken position in [lo, hi), in order, and marks it taken. */
  takeIn(lo: number, hi: number, take: (position: number) => void): void {
    for (let k = this.next(this.lowerBound(lo)); k < this.positions.length && (this.positions[k] as number) < hi; k = this.next(k)) {
      take(this.positions[k] as number);
      this.skip[k] = k + 1;
    }
  }
}

/** Evaluates a plan in window [lo, hi); pushes the leaves whose mentions are evidence, in condition order. */
function evaluate(p: Plan, idx: LeafIndex[], lo: number, hi: number, out: number[]): boolean {
  if ('leaf' in p) {
    const ok = (idx[p.leaf] as LeafIndex).has(lo, hi);
    if (ok) out.push(p.leaf);
    return ok;
  }
  if ('not' in p) return !evaluate(p.not, idx, lo, hi, []);
  const parts = ('all' in p ? p.all : p.any).map((c) => { const ev: number[] = []; return { ok: evaluate(c, idx, lo, hi, ev), ev }; });
  const ok = 'all' in p ? parts.every((x) => x.ok) : parts.some((x) => x.ok);
  if (ok) for (const x of parts) if (x.ok) out.push(...x.ev);
  return ok;
}

/** Mentions per field, each in text order (by start, stable): every proximity window is then one slice. */
function fieldRuns(ms: Located[]): Located[][] {
  const groups = new Map<string, Located[]>();
  for (const l of ms) {
    const f = fieldOf(l.m);
    const g = groups.get(f);
    if (g === undefined) groups.set(f, [l]); else g.push(l);
  }
  const inOrder = (g: Located[]): boolean => g.every((l, i) => i === 0 || (g[i - 1] as Located).m.start <= l.m.start);
  return [...groups.values()].map((g) => (inOrder(g) ? g : [...g].sort((a, b) => a.m.start - b.m.start)));
}

/**
 * The windows of a run as [lo, hi) slices: each sentence, then N words around each mention. A window
 * equal to the one before is dropped (both pointers only move forward, so repeats are neighbours);
 * one evaluated twice would add nothing.
 */
function* slices(proximity: NonNullable<Rule['proximity']>, run: Located[]): Generator<[number, number]> {
  if (proximity.sentence) {
    for (let lo = 0; lo < run.length; ) {
      let hi = lo + 1;
      while (hi < run.length && (run[hi] as Located).sentence === (run[lo] as Located).sentence) hi++;
      yield [lo, hi];
      lo = hi;
    }
  }
  const n = proximity.words;
  if (n === undefined) return;
  let lo = 0;
  let hi = 0;
  let last = -1;
  for (const a of run) {
    while ((run[lo] as Located).word < a.word - n) lo++;
    while (hi < run.length && (run[hi] as Located).word <= a.word + n) hi++;
    if (lo * (run.length + 1) + hi === last) continue;
    last = lo * (run.length + 1) + hi;
    yield [lo, hi];
  }
}

/**
 * Whether `cond` holds in at least one window of `rule` (the whole text without proximity), and the
 * mentions of every window where it holds, in the order they were first found.
 */
export function ruleEvidence(rule: Rule, cond: Condition, ms: Located[], kinds: ReadonlyMap<string, string>): { fired: boolean; evidence: Located[] } {
  const leaves: Leaf[] = [];
  const p = plan(cond, leaves);
  const evidence: Located[] = [];
  let fired = false;
  const runs = rule.proximity === undefined ? [ms] : fieldRuns(ms);
  for (const run of runs) {
    const idx = leaves.map(() => new LeafIndex());
    run.forEach((l, pos) => leaves.forEach((leaf, k) => {
      if ('entity' in leaf ? l.m.entity === leaf.entity : kinds.get(l.m.entity) === leaf.kind) (idx[k] as LeafIndex).positions.push(pos);
    }));
    for (const x of idx) x.seal();
    const taken = new Uint8Array(run.length);
    const take = (pos: number): void => {
      if (taken[pos] === 1) return;
      taken[pos] = 1;
      evidence.push(run[pos] as Located);
    };
    const windows = rule.proximity === undefined ? [[0, run.length] as [number, number]] : slices(rule.proximity, run);
    for (const [lo, hi] of windows) {
      const out: number[] = [];
      if (!evaluate(p, idx, lo, hi, out)) continue;
      fired = true;
      for (const leaf of out) (idx[leaf] as LeafIndex).takeIn(lo, hi, take);
    }
  }
  return { fired, evidence };
}
