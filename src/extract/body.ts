/**
 * Chooses the element(s) that hold the article body: readability-style scoring of paragraph
 * containers (text length, commas, link density, class/id hints), preferring well-known article
 * body containers, then adding siblings of the winner that look like body text too.
 */
import type { Block } from './blocks.js';
import { classAndId, isElement, type Element } from './dom.js';
import { CONTENT_CLASS } from './prune.js';
import { alternation } from './phrases.js';

/** Blocks shorter than this do not vote for their containers. */
const MIN_VOTE_CHARS = 25;
/** Blocks more linked than this do not vote. */
const MAX_VOTE_LINK_DENSITY = 0.5;
/** How far up a block's score propagates, and the divider at each level (readability's). */
const VOTE_DIVIDERS = [1, 2, 6, 9, 12];
/** Bound on ancestor walks, so pathological nesting stays linear. */
const MAX_UP = 100;
const CLASS_WEIGHT = 25;
const POSITIVE = /article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|news|beitrag|artikel|inhalt|materia|statya|noticia/;
const NEGATIVE = /hidden|banner|combx|comment|com-|contact|foot|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|teaser|caption|nav|menu/;
/** A preferred container needs this much good text to win outright. */
const PREFERRED_MIN_CHARS = 250;
/** Blocks at most this linked count as text in the widening balance. */
const GOOD_LINK_DENSITY = 0.3;
/** Only prose votes: a long block, or one with sentence punctuation (not a list of names). */
const PROSE_MIN_CHARS = 100;
const PROSE_MARK = /[.!?…,;:]/;
/** Weight of link characters against text characters when widening. */
const BAD_WEIGHT = 2;
/** An ancestor must beat the current gain by this factor to be taken. */
const WIDEN_MIN_GAIN = 1.1;
/** An article container replaces an outside top candidate when it has this much non-link text... */
const CONTAINER_MIN_CHARS = 100;
/** ...and at least this share of the candidate's. */
const CONTAINER_MIN_SHARE = 0.25;
/** Teaser pattern: a linked headline block, then a short description block. */
const TEASER_MAX_CHARS = 400;
const HEADLINE_MIN_CHARS = 15;
const HEADLINE_MAX_CHARS = 200;
const HEADLINE_LINK_DENSITY = 0.9;
const SIBLING_MIN_SCORE = 10;
const SIBLING_SHARE = 0.2;
/** Sibling tags taken on their own text merits (readability takes only <p>). */
const PARAGRAPH_SIBLINGS = new Set(['p', 'blockquote', 'pre', 'h2', 'h3', 'h4']);
const COMMAS = /[,،、，]/g;
/** A block opening with a copyright or rights notice is the site's legal text: it does not vote. */
const LEGAL = new RegExp(String.raw`©|\(c\) \d{4}|${alternation('rights_reserved')}`, 'i');
const LEGAL_PREFIX_CHARS = 150;

interface Agg {
  chars: number;
  linkChars: number;
  score: number;
  /** Characters of text-like blocks (long enough, few links). */
  good: number;
  /** Link characters plus whole link-list blocks. */
  bad: number;
}

/** The nodes to take the body from, in document order, or [] when nothing scores. */
export function selectBody(blocks: Block[]): Element[] {
  const agg = aggregate(blocks);
  const preferred = bestPreferred(agg);
  if (preferred) return withTwins(preferred, agg);
  let top: Element | null = null;
  let topScore = 0;
  for (const [el, a] of agg) {
    if (a.score <= 0) continue;
    const s = a.score * (1 - linkDensity(a));
    if (s > topScore) {
      top = el;
      topScore = s;
    }
  }
  if (!top) return [];
  const container = articleContainer(top, agg);
  if (container) return [widen(container, agg)];
  top = climb(top, topScore, agg);
  for (let i = 0; i < MAX_UP && top.parent && isElement(top.parent) && top.parent.name !== 'body' && onlyElementChild(top); i++) {
    top = top.parent;
  }
  top = widen(top, agg);
  return withSiblings(top, topScore, agg);
}

/**
 * Moves up to the ancestor with the best balance of text-like characters against link characters:
 * bodies split into many small sibling boxes are then taken whole.
 */
function widen(top: Element, agg: Map<Element, Agg>): Element {
  const gain = (a: Agg): number => a.good - BAD_WEIGHT * a.bad;
  const start = agg.get(top);
  if (!start) return top;
  let best = top;
  let bestGain = gain(start);
  let p = top.parent;
  for (let i = 0; i < MAX_UP && p && isElement(p) && p.name !== 'body' && p.name !== 'html'; i++, p = p.parent) {
    const a = agg.get(p);
    if (a && gain(a) > bestGain * WIDEN_MIN_GAIN) {
      best = p;
      bestGain = gain(a);
    }
  }
  return best;
}

/**
 * When the top candidate lies outside every <article>/<main>/article-body container but such a
 * container holds a fair share of text, the candidate is a player, slider or side tray: take the
 * container instead.
 */
function articleContainer(top: Element, agg: Map<Element, Agg>): Element | null {
  let best: Element | null = null;
  let bestText = 0;
  for (const [el, a] of agg) {
    if (!isArticleContainer(el)) continue;
    const text = a.chars - a.linkChars;
    if (text > bestText) {
      best = el;
      bestText = text;
    }
  }
  if (!best) return null;
  for (let p: Element | null = top, i = 0; p && i < MAX_UP; p = p.parent && isElement(p.parent) ? p.parent : null, i++) {
    if (isArticleContainer(p)) return null;
  }
  const topA = agg.get(top)!;
  return bestText >= Math.max(CONTAINER_MIN_CHARS, (topA.chars - topA.linkChars) * CONTAINER_MIN_SHARE) ? best : null;
}

function isArticleContainer(el: Element): boolean {
  if (el.name === 'article' || el.name === 'main' || el.attribs['itemprop'] === 'articleBody') return true;
  const ci = classAndId(el);
  return ci !== '' && CONTENT_CLASS.test(ci);
}

/** Readability's climb: an ancestor that scores higher than the path below it holds more of the body. */
function climb(top: Element, topScore: number, agg: Map<Element, Agg>): Element {
  const threshold = topScore / 3;
  let last = topScore;
  let p = top.parent;
  for (let i = 0; i < MAX_UP && p && isElement(p) && p.name !== 'body'; i++, p = p.parent) {
    const a = agg.get(p);
    if (!a || a.score <= 0) continue;
    const s = a.score * (1 - linkDensity(a));
    if (s < threshold) break;
    if (s > last) return p;
    last = s;
  }
  return top;
}

function aggregate(blocks: Block[]): Map<Element, Agg> {
  const agg = new Map<Element, Agg>();
  const get = (el: Element): Agg => {
    let a = agg.get(el);
    if (!a) {
      a = { chars: 0, linkChars: 0, score: 0, good: 0, bad: 0 };
      agg.set(el, a);
    }
    return a;
  };
  for (const [i, b] of blocks.entries()) {
    const len = b.text.length;
    const votes = len >= MIN_VOTE_CHARS && (len >= PROSE_MIN_CHARS || PROSE_MARK.test(b.text)) && b.linkChars / len <= MAX_VOTE_LINK_DENSITY && !LEGAL.test(b.text.slice(0, LEGAL_PREFIX_CHARS));
    const vote = 1 + (b.text.match(COMMAS)?.length ?? 0) + Math.min(Math.floor(len / 100), 3);
    const ld = b.linkChars / len;
    // A short text right after a linked headline is a teaser: it weighs against widening.
    const teaser = isTeaser(blocks, i);
    const good = !teaser && len >= MIN_VOTE_CHARS && ld <= GOOD_LINK_DENSITY ? len - b.linkChars : 0;
    const bad = teaser ? len : ld > MAX_VOTE_LINK_DENSITY ? len : b.linkChars;
    let el: Element | null = b.el;
    for (let level = -1; el && level < MAX_UP; level++) {
      const a = get(el);
      a.chars += len;
      a.linkChars += b.linkChars;
      a.good += good;
      a.bad += bad;
      const div = level >= 0 ? VOTE_DIVIDERS[level] : undefined;
      if (votes && div !== undefined) {
        if (a.score === 0) a.score = initialScore(el);
        a.score += vote / div;
      }
      el = el.parent && isElement(el.parent) ? el.parent : null;
    }
  }
  return agg;
}

/** A short text right after a linked headline: another story's summary. */
export function isTeaser(blocks: Block[], i: number): boolean {
  return blocks[i]!.text.length <= TEASER_MAX_CHARS && isHeadlineLink(blocks[i - 1]);
}

function isHeadlineLink(b: Block | undefined): boolean {
  if (!b) return false;
  const len = b.text.length;
  return len >= HEADLINE_MIN_CHARS && len <= HEADLINE_MAX_CHARS && b.linkChars / len >= HEADLINE_LINK_DENSITY;
}

function initialScore(el: Element): number {
  let s = 0;
  switch (el.name) {
    case 'div': case 'article': case 'main': case 'section': s = 5; break;
    case 'pre': case 'td': case 'blockquote': s = 3; break;
    case 'address': case 'ol': case 'ul': case 'dl': case 'dd': case 'dt': case 'li': case 'form': s = -3; break;
    case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': case 'th': s = -5; break;
  }
  return s + classWeight(el) + 0.001;
}

function classWeight(el: Element): number {
  const ci = classAndId(el);
  if (!ci) return 0;
  let w = 0;
  if (NEGATIVE.test(ci)) w -= CLASS_WEIGHT;
  if (POSITIVE.test(ci)) w += CLASS_WEIGHT;
  if (el.attribs['itemprop'] === 'articleBody') w += CLASS_WEIGHT;
  return w;
}

function linkDensity(a: Agg): number {
  return a.chars > 0 ? a.linkChars / a.chars : 0;
}

function bestPreferred(agg: Map<Element, Agg>): Element | null {
  let best: Element | null = null;
  let bestChars = PREFERRED_MIN_CHARS;
  for (const [el, a] of agg) {
    if (el.attribs['itemprop'] !== 'articleBody' && !CONTENT_CLASS.test(classAndId(el))) continue;
    const good = a.chars - a.linkChars;
    if (good >= bestChars && linkDensity(a) < 0.5) {
      best = el;
      bestChars = good;
    }
  }
  return best;
}

/** The preferred container plus its siblings of the same kind: bodies split into numbered sections. */
function withTwins(el: Element, agg: Map<Element, Agg>): Element[] {
  const parent = el.parent;
  const cls = el.attribs['class'];
  const body = el.attribs['itemprop'] === 'articleBody';
  if (!parent || !isElement(parent) || (!cls && !body)) return [el];
  return parent.children.filter(
    (s): s is Element =>
      s === el ||
      (isElement(s) && agg.has(s) && ((cls !== undefined && s.attribs['class'] === cls) || (body && s.attribs['itemprop'] === 'articleBody'))),
  );
}

function onlyElementChild(el: Element): boolean {
  const p = el.parent;
  if (!p) return false;
  for (const c of p.children) {
    if (c !== el && (isElement(c) || (c.type === 'text' && c.data.trim() !== ''))) return false;
  }
  return true;
}

function withSiblings(top: Element, topScore: number, agg: Map<Element, Agg>): Element[] {
  const parent = top.parent;
  if (!parent || !isElement(parent)) return [top];
  const threshold = Math.max(SIBLING_MIN_SCORE, topScore * SIBLING_SHARE);
  const topClass = top.attribs['class'] ?? '';
  const out: Element[] = [];
  for (const s of parent.children) {
    if (!isElement(s)) continue;
    if (s === top) {
      out.push(s);
      continue;
    }
    const a = agg.get(s);
    if (!a) continue;
    let score = a.score * (1 - linkDensity(a));
    if (topClass && s.attribs['class'] === topClass) score += topScore * SIBLING_SHARE;
    if (score >= threshold || (PARAGRAPH_SIBLINGS.has(s.name) && looksLikeParagraph(a))) out.push(s);
  }
  return out;
}

function looksLikeParagraph(a: Agg): boolean {
  const ld = linkDensity(a);
  return (a.chars > 80 && ld < 0.25) || (a.chars > 0 && a.chars <= 80 && ld === 0 && a.score > 0);
}
