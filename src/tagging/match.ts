/**
 * Matching: walk the compiled trie from every token, keep the leftmost-longest match (exclusion
 * phrases compete like forms, so «Казанский кремль» swallows its «кремль»), check case and context
 * guards against the ORIGINAL text, and report mentions with offsets into it.
 */
import type { Mention, MentionField } from '../types.js';
import { dropUnsupported } from './common-words.js';
import type { CompiledWatchlist, TrieHit, TrieNode } from './compile.js';
import { normalizeWord, tokenize, type Token, type Tokenizer } from './normalize.js';

/** What may stand between two words of one multiword form: spaces, line breaks, hyphens, apostrophes. */
const GAP_RE = /^[\s\-‐‑‒–—'’ʼ`‘′]*$/u;
/** How much text the context guards see on each side of a match. */
const GUARD_WINDOW = 80;

/** Options for {@link tagText}. */
export interface TagOptions {
  /** The article's language. Informational: forms of every language are matched, since articles quote names across languages. */
  lang?: string;
  /** How the text is cut: a {@link tokenCache} shared with evaluateRules on the same text cuts it once. Default: tokenize. */
  tokenizer?: Tokenizer;
}

const isUpper = (ch: string): boolean => ch !== ch.toLowerCase() && ch === ch.toUpperCase();

/** Every upper-case letter of a case-sensitive form must be upper case in the text. */
function caseMatches(cased: string | null, text: string, token: Token): boolean {
  if (cased === null) return true;
  const surface = normalizeWord(text.slice(token.start, token.end), false);
  for (let i = 0; i < cased.length && i < surface.length; i++) {
    const f = cased[i] ?? '';
    if (isUpper(f) && !isUpper(surface[i] ?? '')) return false;
  }
  return true;
}

function hitValid(hit: TrieHit, text: string, tokens: readonly Token[], from: number): boolean {
  return hit.cased === null || hit.cased.every((c, k) => caseMatches(c, text, tokens[from + k] as Token));
}

/** The children of `node` that token `t` leads to: the exact word and any stem it begins with. */
function step(node: TrieNode, t: string): TrieNode[] {
  const out: TrieNode[] = [];
  const exact = node.next?.get(t);
  if (exact !== undefined) out.push(exact);
  if (node.stems === null || node.stemLengths === null) return out;
  for (const len of node.stemLengths) {
    if (len > t.length) continue;
    const s = node.stems.get(t.slice(0, len));
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** The longest valid hits starting at token `from`, with the index of their last token. */
function longestAt(cw: CompiledWatchlist, text: string, tokens: readonly Token[], from: number): { end: number; hits: TrieHit[] } | null {
  let frontier: TrieNode[] = [cw.root];
  let best: { end: number; hits: TrieHit[] } | null = null;
  for (let j = from; j < tokens.length && frontier.length > 0; j++) {
    const tok = tokens[j] as Token;
    if (j > from && !GAP_RE.test(text.slice((tokens[j - 1] as Token).end, tok.start))) break;
    frontier = frontier.flatMap((n) => step(n, tok.norm));
    const hits = frontier.flatMap((n) => n.hits ?? []).filter((h) => hitValid(h, text, tokens, from));
    if (hits.length > 0) best = { end: j, hits };
  }
  return best;
}

function guardsPass(cw: CompiledWatchlist, entry: number, text: string, start: number, end: number): boolean {
  const e = cw.entries[entry];
  if (e === undefined) return false;
  const before = text.slice(Math.max(0, start - GUARD_WINDOW), start);
  const after = text.slice(end, end + GUARD_WINDOW);
  return !e.notPrecededBy.some((re) => re.test(before)) && !e.notFollowedBy.some((re) => re.test(after));
}

/**
 * Finds every watchlist mention in `text`. Offsets are UTF-16 indices into `text` itself, and
 * `mention.text === text.slice(start, end)`. Mentions come sorted by start; one span may carry
 * several entries that share a form.
 */
export function tagText(text: string, compiled: CompiledWatchlist, options: TagOptions = {}): Mention[] {
  const tokens = (options.tokenizer ?? tokenize)(text);
  const mentions: Mention[] = [];
  for (let i = 0; i < tokens.length; ) {
    const found = longestAt(compiled, text, tokens, i);
    if (found === null) { i++; continue; }
    const start = (tokens[i] as Token).start;
    const end = (tokens[found.end] as Token).end;
    const excluded = new Set(found.hits.filter((h) => h.exclude).map((h) => h.entry));
    const entries = new Set(found.hits.filter((h) => !h.exclude && !excluded.has(h.entry)).map((h) => h.entry));
    for (const entry of entries) {
      if (!guardsPass(compiled, entry, text, start, end)) continue;
      mentions.push({ entity: compiled.entries[entry]?.id ?? '', start, end, text: text.slice(start, end) });
    }
    i = found.end + 1;
  }
  return compiled.commonWordEntries === null ? mentions : dropUnsupported(mentions, text, compiled.commonWordEntries);
}

/** An article as tagging sees it: its title (headline), when it has one, and its body. */
export interface ArticleText {
  title?: string | null;
  text: string;
}

const inField = (mentions: Mention[], field: MentionField): Mention[] => mentions.map((m) => ({ ...m, field }));

const FOLD_SPACE_RE = /\s+/g;

/** Whether the body opens with the title itself (a post whose title is its first line, a page echoing its headline). */
function bodyRepeatsTitle(title: string, text: string): boolean {
  const t = title.replace(FOLD_SPACE_RE, ' ').trim();
  return text.slice(0, t.length * 2 + 16).replace(FOLD_SPACE_RE, ' ').trimStart().startsWith(t);
}

/**
 * Tags an article's title and body, each on its own (a mention never spans the two): title mentions
 * first, then body mentions, each carrying its `field` and offsets into that field. A title the body
 * opens with (a Telegram post's first line, a feed item without a separate headline) is not tagged
 * again: its words would count twice toward every rule's score.
 */
export function tagArticle(article: ArticleText, compiled: CompiledWatchlist, options: TagOptions = {}): Mention[] {
  const title = article.title?.trim() && !bodyRepeatsTitle(article.title, article.text)
    ? inField(tagText(article.title, compiled, options), 'title') : [];
  return [...title, ...inField(tagText(article.text, compiled, options), 'body')];
}

const SNIPPET_SPACE_RE = /\s+/g;

/**
 * A one-line evidence snippet: the mention with up to `radius` characters on each side, cut at word
 * boundaries, whitespace collapsed, '…' where the text was cut.
 */
export function snippetAround(text: string, mention: Pick<Mention, 'start' | 'end'>, radius = 80): string {
  let from = Math.max(0, mention.start - radius);
  let to = Math.min(text.length, mention.end + radius);
  if (from > 0) { const sp = text.indexOf(' ', from); if (sp !== -1 && sp < mention.start) from = sp + 1; }
  if (to < text.length) { const sp = text.lastIndexOf(' ', to); if (sp > mention.end) to = sp; }
  const body = text.slice(from, to).replace(SNIPPET_SPACE_RE, ' ').trim();
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`;
}
