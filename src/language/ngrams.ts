/**
 * Character language models built (once, lazily) from the prose in data/prose/<lang>.txt:
 * P(next letter | previous ORDER-1 letters), interpolated down to unigrams (Witten-Bell style, so
 * a context seen often trusts itself, a rare one leans on shorter contexts). A text's score per
 * language is its log-likelihood: proper probabilities, comparable across languages.
 */
import { readLanguageFiles } from './data.js';

/** Longest n-gram (context length + 1). */
const ORDER = 4;
/** Pseudo-count of unseen letters for the unigram floor. */
const UNIGRAM_FLOOR = 0.5;
/** Letters in the unigram floor's vocabulary (generous: any alphabet). */
const ALPHABET_SIZE = 60;
const NON_LETTER_RE = /[^\p{L}]+/gu;
/** Only this many letters of a text are scored by the models (enough to tell; bounds the cost). */
export const MODEL_MAX_CHARS = 600;
/** N-grams whose probabilities are cached (see `cache`) before the cache is reset. */
const CACHE_LIMIT = 50_000;

interface Model {
  /** counts[n] maps an n-gram (n = 1..ORDER) to its count; counts[0] has the total under ''. */
  counts: Array<Map<string, number>>;
  /** Number of distinct letters seen after each context (for Witten-Bell weights). */
  followers: Array<Map<string, number>>;
  /** Log-probabilities of every training ORDER-gram, precomputed. */
  known: Map<string, number>;
}

let models: Map<string, Model> | null = null;

/** Lower-cased letters-only text padded with spaces, the form every n-gram is cut from. */
export function padded(lowerText: string): string {
  return ` ${lowerText.replace(NON_LETTER_RE, ' ').trim()} `;
}

function train(text: string): Model {
  const counts = Array.from({ length: ORDER + 1 }, () => new Map<string, number>());
  const followers = Array.from({ length: ORDER }, () => new Map<string, number>());
  for (let i = 0; i < text.length; i++) {
    for (let n = 1; n <= ORDER && i - n + 1 >= 0; n++) {
      const g = text.slice(i - n + 1, i + 1);
      const seen = counts[n]?.get(g) ?? 0;
      counts[n]?.set(g, seen + 1);
      if (seen === 0) followers[n - 1]?.set(g.slice(0, -1), (followers[n - 1]?.get(g.slice(0, -1)) ?? 0) + 1);
    }
  }
  counts[0]?.set('', text.length);
  const model: Model = { counts, followers, known: new Map() };
  for (const g of counts[ORDER]?.keys() ?? []) model.known.set(g, Math.log(probability(model, g)));
  return model;
}

function build(): Map<string, Model> {
  const out = new Map<string, Model>();
  for (const [lang, text] of readLanguageFiles('prose')) out.set(lang, train(padded(text.toLowerCase())));
  return out;
}

/** P(last letter of `gram` | the letters before it), interpolated over every shorter context. */
function probability(m: Model, gram: string): number {
  const letter = gram.slice(-1);
  const total = m.counts[0]?.get('') ?? 0;
  let p = ((m.counts[1]?.get(letter) ?? 0) + UNIGRAM_FLOOR) / (total + UNIGRAM_FLOOR * ALPHABET_SIZE);
  for (let n = 2; n <= gram.length; n++) {
    const g = gram.slice(-n);
    const context = g.slice(0, -1);
    const cContext = m.counts[n - 1]?.get(context) ?? 0;
    if (cContext === 0) break;
    const types = m.followers[n - 1]?.get(context) ?? 0;
    const lambda = cContext / (cContext + types);
    p = lambda * ((m.counts[n]?.get(g) ?? 0) / cContext) + (1 - lambda) * p;
  }
  return p;
}

/** Log-probability of `gram` under the model, from the precomputed training table or computed. */
function logProb(m: Model, gram: string): number {
  return m.known.get(gram) ?? Math.log(probability(m, gram));
}

/** Language slots of the shared cache: index of each language with a model. */
let slots: Map<string, number> | null = null;
let slotModels: Model[] = [];
/**
 * Log-probabilities of n-grams met in texts: `rows` maps an n-gram to its row in `pool`, which has
 * a slot per language (NaN until asked): one lookup per n-gram whatever the number of candidates,
 * and no allocation per n-gram. Reset when CACHE_LIMIT rows are used.
 */
const rows = new Map<string, number>();
let pool = new Float64Array(0);

/** Log-likelihood of the padded text under each candidate's model (candidates without one are left out). */
export function ngramScores(paddedText: string, candidates: readonly string[]): Map<string, number> {
  models ??= build();
  if (slots === null) {
    slots = new Map([...models.keys()].map((lang, i) => [lang, i]));
    slotModels = [...models.values()];
    pool = new Float64Array(CACHE_LIMIT * slotModels.length).fill(NaN);
  }
  const langs: string[] = [];
  const idx: number[] = [];
  for (const lang of candidates) {
    const i = slots.get(lang);
    if (i === undefined) continue;
    langs.push(lang);
    idx.push(i);
  }
  const k = idx.length;
  const sums = new Float64Array(k);
  const end = Math.min(paddedText.length, MODEL_MAX_CHARS);
  const width = slotModels.length;
  for (let i = 1; i < end; i++) {
    const g = paddedText.slice(Math.max(0, i - ORDER + 1), i + 1);
    let row = rows.get(g);
    if (row === undefined) {
      if (rows.size >= CACHE_LIMIT) { rows.clear(); pool.fill(NaN); }
      row = rows.size * width;
      rows.set(g, row);
    }
    for (let j = 0; j < k; j++) {
      const at = row + (idx[j] as number);
      let lp = pool[at] as number;
      if (lp !== lp) {
        lp = logProb(slotModels[idx[j] as number] as Model, g);
        pool[at] = lp;
      }
      sums[j] = (sums[j] as number) + lp;
    }
  }
  const scores = new Map<string, number>();
  for (let j = 0; j < k; j++) scores.set(langs[j] as string, sums[j] as number);
  return scores;
}
