/**
 * Evidence snippets: one or two passages around the mentions that made a rule fire, with the matched
 * forms marked exactly as they stand in the text (the inflected "Пушилиным", not the watchlist's name).
 */
import { snippetAround } from '../tagging/index.js';
import type { Mention } from '../types.js';

/** Characters of context on each side of a mention. */
const SNIPPET_RADIUS = 90;
/** Snippets per story. */
const MAX_SNIPPETS = 2;

/** A passage of plain text and the [start, end) ranges in it to highlight. */
export interface Snippet {
  text: string;
  marks: [number, number][];
}

/** Every occurrence of each surface form in the snippet, merged, in order. */
function marksIn(text: string, forms: string[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const form of new Set(forms.map((f) => f.replace(/\s+/g, ' ').trim()).filter(Boolean))) {
    for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + form.length)) ranges.push([at, at + form.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/**
 * The ranges of a headline to mark: the evidence mentions found in the title (`field: 'title'`), by
 * their offsets when they still fit the title, else by their surface forms.
 */
export function titleMarks(title: string, evidence: readonly Mention[]): [number, number][] {
  const inTitle = evidence.filter((m) => m.field === 'title');
  if (inTitle.every((m) => title.slice(m.start, m.end) === m.text)) {
    const ranges = inTitle.map((m): [number, number] => [m.start, m.end]).sort((a, b) => a[0] - b[0]);
    return ranges.filter((r, i) => i === 0 || r[0] >= ranges[i - 1]![1]);
  }
  return marksIn(title, inTitle.map((m) => m.text));
}

/**
 * Up to two snippets of the body, around mentions of different entries, not overlapping (mentions
 * found in the title are left to {@link titleMarks}). Themes (`preferred`: the
 * watchlist's keyword entries) come first, then the rarest entries: they are what sets a rule apart
 * ("false flag" among a dozen names). Every matched form inside a passage is marked.
 */
export function buildSnippets(text: string, evidence: Mention[], preferred: ReadonlySet<string> = new Set()): Snippet[] {
  evidence = evidence.filter((m) => m.field !== 'title');
  if (!text) return [];
  const forms = evidence.map((m) => m.text);
  const frequency = new Map<string, number>();
  for (const m of evidence) frequency.set(m.entity, (frequency.get(m.entity) ?? 0) + 1);
  const rank = (m: Mention) => (preferred.has(m.entity) ? 0 : 1);
  const order = [...evidence].sort((a, b) => rank(a) - rank(b) || frequency.get(a.entity)! - frequency.get(b.entity)! || a.start - b.start);
  const chosen: Mention[] = [];
  for (const mention of order) {
    if (chosen.length >= MAX_SNIPPETS) break;
    const near = chosen.some((c) => Math.abs(c.start - mention.start) < SNIPPET_RADIUS * 2);
    const sameEntity = chosen.some((c) => c.entity === mention.entity);
    if (!near && !sameEntity) chosen.push(mention);
  }
  return chosen.sort((a, b) => a.start - b.start).map((mention) => {
    const snippet = snippetAround(text, mention, SNIPPET_RADIUS);
    return { text: snippet, marks: marksIn(snippet, forms) };
  });
}

/** Apply a snippet's marks with an escaping function and a wrapper for marked parts. */
export function renderSnippet(snippet: Snippet, escape: (s: string) => string, mark: (s: string) => string): string {
  let out = '';
  let at = 0;
  for (const [start, end] of snippet.marks) {
    out += escape(snippet.text.slice(at, start)) + mark(escape(snippet.text.slice(start, end)));
    at = end;
  }
  return out + escape(snippet.text.slice(at));
}
