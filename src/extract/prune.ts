/**
 * Boilerplate removal: drops subtrees that are never article text (navigation, share bars,
 * comments, "read also" boxes, cookie banners...) judged by tag, class/id and visibility.
 */
import { SKIP_TAGS } from './blocks.js';
import { classAndId, isElement, rawText, remove, walk, type AnyNode, type Element } from './dom.js';

/**
 * Tags dropped wholesale. <header> goes: it holds the title, byline and date, not body text.
 * <figure> goes too: captions and photo credits are not article text (trafilatura drops them too).
 * <noindex> is how Russian sites keep ads and widgets out of Yandex's index.
 */
const DROP_TAGS = new Set(['nav', 'footer', 'aside', 'menu', 'header', 'dialog', 'figure', 'figcaption', 'noindex']);

/** class/id fragments marking boilerplate anywhere, even inside the article body. Substring matches. */
const STRONG_BOILERPLATE =
  /comment|disqus|share|sharing|social|sociable|addthis|shariff|follow-?us|related|recommend|also-?read|more-?(?:stories|articles|news)|most-?read|outbrain|taboola|zergnet|newsletter|subscri|signup|sign-up|paywall|advert|(?:^|\s)ads?(?:$|\s)|ad-?slot|adsense|cookie|consent|gdpr|tag-?cloud|tags-?list|(?:^|[\s_-])tags(?:$|[\s_-])|post-?meta|entry-?meta|entry-?footer|byline|author-?(?:box|bio|info|details)|about-?(?:the-?)?author|(?:^|[\s_-])(?:author|autor)(?:$|[\s_-])|caption|credit|copyright|img-?metadata|image-?meta|imginline|bildunterschrift|saboxplugin|photo-?source|bildquelle|image-?source|print-?link|(?:^|\s)hidden(?:$|\s)|sr-only|screen-?reader|visually-?hidden|breadcrumb|pagination|spende|donat|disclosure|affiliate/;

/** class/id fragments marking boilerplate outside a recognised article body only. */
const WEAK_BOILERPLATE =
  /respond|read-?more|readmore|popular|trending|sidebar|side-?bar|widget|footer|pager\b|skip-?link|toolbar|navbar|navigation|(?:^|[\s_-])nav(?:$|[\s_-])|(?:^|[\s_-])menu|login|register|promo|sponsor|banner|popup|modal|lightbox|rating|voting|masthead|site-?header|teaser-?list|(?:^|[\s_-])rail(?:$|[\s_-])|calendar/;

/** class/id of containers that are the article body (trafilatura's BODY_XPATH idea). */
export const CONTENT_CLASS =
  /article[-_]*(?:body|content|text)|post[-_]*(?:body|content|text|entry)|entry[-_]*content|story[-_]*body|post-?entry|news-?text|text-?content|main-?text|single-?content/;

/** Never protect these, however much text they hold. */
const ALWAYS_DROP = /comment|disqus|cookie|consent|gdpr|related|newsletter/;

/** An article's own <header> (title, lead, byline), not the site's: kept, its lead is body text. */
const ARTICLE_HEADER = /article|entry|post|story|single/;
const HEADER_LEAD_CHARS = 80;

const COMMENT = /comment/g;
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

/** An article/main/body container with at least this much text protects its ancestors from drops. */
const MAJOR_CONTENT_CHARS = 400;
const MAX_UP = 100;

/** A WEAK_BOILERPLATE match is kept when it has this much non-link text and link density below... */
const WEAK_KEEP_CHARS = 400;
const WEAK_LINK_DENSITY = 0.35;

const TEASER_ITEM_TAGS = new Set(['li', 'dt', 'dd', 'div', 'article', 'section']);
const TEASER_MIN_ITEMS = 3;
const TEASER_MIN_LINK_CHARS = 15;
const TEASER_MAX_CHARS = 600;
const TEASER_MIN_LINK_SHARE = 0.15;
const TEASER_SHARE = 0.6;
/** A longer item is still a teaser when it opens with a linked headline and closes with a link ("read more"). */
const LINKED_TEASER_MAX_CHARS = 2000;

/** An element holding more than this share of the page's text is never dropped by tag or class/id. */
const MAX_DROP_SHARE = 0.5;

interface Ctx {
  textLen: Lengths;
  allLen: Lengths;
  total: number;
  keepComments: boolean;
  /** Set when an element's fate turned on a class/id holding "comment" (keeping comments could change the result). */
  commentClassed: boolean;
}

/**
 * Removes boilerplate subtrees from `root` in place, given the text lengths from {@link textLengths}.
 * With `keepComments`, comment-classed elements stay (a forum thread is all "comments"). Returns
 * whether any element was judged by a class/id holding "comment": if none was, pruning again with
 * `keepComments` gives the same tree.
 */
export function pruneBoilerplate(root: AnyNode, stats: TextStats, keepComments = false): boolean {
  const textLen = stats.text;
  const ctx: Ctx = { textLen, allLen: stats.all, total: stats.total, keepComments, commentClassed: false };
  const holders = contentHolders(textLen);
  const doomed: Element[] = [];
  // Each entry carries the text length of the enclosing article container (0 outside one).
  const stack: [AnyNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, bodyLen] = stack.pop()!;
    if (!isElement(node) && node.type !== 'root') continue;
    let inside = bodyLen;
    if (isElement(node) && node.name !== 'body' && node.name !== 'html' && holders.has(node) && hiddenHolder(node, ctx)) {
      doomed.push(node);
      continue;
    }
    if (isElement(node) && node.name !== 'body' && node.name !== 'html' && !holders.has(node)) {
      if (shouldDrop(node, bodyLen, ctx)) {
        doomed.push(node);
        continue;
      }
      if (!inside && isContentContainer(node, textLen)) inside = textLen.get(node) ?? 0;
    }
    const kids = (node as Element).children;
    const teasers = teaserRun(kids, ctx);
    for (let i = kids.length - 1; i >= 0; i--) {
      if (teasers.has(kids[i]!)) doomed.push(kids[i] as Element);
      else stack.push([kids[i]!, inside]);
    }
  }
  for (const el of doomed) remove(el);
  return ctx.commentClassed;
}

function isContentContainer(el: Element, textLen: Lengths): boolean {
  if (el.attribs['itemprop'] === 'articleBody') return true;
  if (el.name === 'article' || el.name === 'main') return (textLen.get(el) ?? 0) >= MAJOR_CONTENT_CHARS;
  const ci = classAndId(el);
  return ci !== '' && CONTENT_CLASS.test(ci) && (textLen.get(el) ?? 0) >= MAJOR_CONTENT_CHARS;
}

/**
 * A list of teasers ("more news"): at least TEASER_MIN_ITEMS items, most of them short and led by a
 * link of some length (a headline), whatever the class names say.
 */
function isTeaserList(el: Element, ctx: Ctx): boolean {
  let items = 0;
  let teasers = 0;
  for (const c of el.children) {
    // A <dd> describes the <dt> before it: one teaser is the pair, counted once.
    if (!isElement(c) || !TEASER_ITEM_TAGS.has(c.name) || c.name === 'dd') continue;
    items++;
    const all = ctx.allLen.get(c) ?? 0;
    const links = all - (ctx.textLen.get(c) ?? 0);
    if (links >= TEASER_MIN_LINK_CHARS && all <= TEASER_MAX_CHARS && links / all >= TEASER_MIN_LINK_SHARE) teasers++;
    else if (links >= TEASER_MIN_LINK_CHARS && all <= LINKED_TEASER_MAX_CHARS && linkedEdges(c)) teasers++;
  }
  return teasers >= TEASER_MIN_ITEMS && teasers >= items * TEASER_SHARE;
}

/**
 * Sibling items of one class that each open with a linked headline and close with a link, at least
 * TEASER_MIN_ITEMS of them: "more news" cards sitting next to the article's own paragraphs.
 */
function teaserRun(kids: AnyNode[], ctx: Ctx): Set<AnyNode> {
  const groups = new Map<string, Element[]>();
  for (const c of kids) {
    if (!isElement(c) || !TEASER_ITEM_TAGS.has(c.name)) continue;
    const cls = c.attribs['class']?.trim();
    if (!cls) continue;
    const key = `${c.name}.${cls}`;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  const out = new Set<AnyNode>();
  for (const g of groups.values()) {
    if (g.length < TEASER_MIN_ITEMS) continue;
    const shaped = g.filter((c) => {
      const all = ctx.allLen.get(c) ?? 0;
      return all - (ctx.textLen.get(c) ?? 0) >= TEASER_MIN_LINK_CHARS && all <= LINKED_TEASER_MAX_CHARS && linkedEdges(c);
    });
    if (shaped.length >= TEASER_MIN_ITEMS && shaped.length >= g.length * TEASER_SHARE) for (const c of shaped) out.add(c);
  }
  return out;
}

/**
 * Whether an item's text opens with a link of headline length and ends inside a link: the shape of
 * a linked headline, its summary and a "read more" link.
 */
function linkedEdges(item: Element): boolean {
  const head = edgeText(item, true, false);
  if (!head || !head[1] || head[0].length < TEASER_MIN_LINK_CHARS) return false;
  const tail = edgeText(item, false, false);
  return tail !== null && tail[1];
}

/** The first (or last) non-blank text under `el` and whether it sits inside an <a>. */
function edgeText(el: Element, fromStart: boolean, inLink: boolean): [string, boolean] | null {
  const kids = el.children;
  for (let k = 0; k < kids.length; k++) {
    const c = kids[fromStart ? k : kids.length - 1 - k]!;
    if (c.type === 'text') {
      if (c.data.trim()) return [inLink ? linkText(el) : c.data.trim(), inLink];
    } else if (isElement(c) && !SKIP_TAGS.has(c.name)) {
      const found = edgeText(c, fromStart, inLink || c.name === 'a');
      if (found) return found;
    }
  }
  return null;
}

function linkText(el: Element): string {
  let a: Element | null = el;
  while (a && a.name !== 'a') a = a.parent && isElement(a.parent) ? a.parent : null;
  return rawText(a ?? el).trim();
}

/** A <header> holding a paragraph of plain text (a lead), not just a title, menu and logo. */
function hasLead(el: Element, ctx: Ctx): boolean {
  let found = false;
  walk(el, (n) => {
    if (found || !isElement(n)) return false;
    if (n.name === 'nav' || n.name === 'ul') return false;
    if (n.name === 'p' && (ctx.textLen.get(n) ?? 0) >= HEADER_LEAD_CHARS) found = true;
    return !found;
  });
  return found;
}

/** Navigation-like: mostly links, or little text. A "menu" class on a long text is a misnomer. */
function linkyOrSmall(el: Element, len: number, ctx: Ctx): boolean {
  const all = ctx.allLen.get(el) ?? 0;
  return len < WEAK_KEEP_CHARS || (all > 0 && 1 - len / all > WEAK_LINK_DENSITY);
}

/** Ancestors of sizeable article containers: never dropped by tag or class. */
function contentHolders(textLen: Lengths): Set<Element> {
  const out = new Set<Element>();
  for (const el of textLen.keys()) {
    if (!isContentContainer(el, textLen)) continue;
    let p = el.parent;
    for (let i = 0; p && isElement(p) && i < MAX_UP && !out.has(p); i++, p = p.parent) out.add(p);
  }
  return out;
}

/**
 * A hidden element (a closed modal with a league table in a <main>) is dropped even though it holds
 * an article-like container, unless it holds most of the page's text.
 */
function hiddenHolder(el: Element, ctx: Ctx): boolean {
  const a = el.attribs;
  if (a['aria-hidden'] !== 'true' && a['hidden'] === undefined) return false;
  return (ctx.textLen.get(el) ?? 0) <= ctx.total * MAX_DROP_SHARE;
}

function shouldDrop(el: Element, bodyLen: number, ctx: Ctx): boolean {
  const name = el.name;
  if (SKIP_TAGS.has(name)) return true;
  const len = ctx.textLen.get(el) ?? 0;
  const big = len > ctx.total * MAX_DROP_SHARE || (bodyLen > 0 && len > bodyLen * MAX_DROP_SHARE);
  const inBody = bodyLen > 0;
  // Some sites wrap the whole article in <aside> or <header>: keep such an element if it holds most text.
  // An article's own <header> holds its lead paragraph: keep it (title and byline go later).
  if (DROP_TAGS.has(name)) return !big && !(name === 'header' && (inBody || ARTICLE_HEADER.test(classAndId(el)) || hasLead(el, ctx)));
  const a = el.attribs;
  if (a['hidden'] !== undefined || a['aria-hidden'] === 'true') return true;
  if (a['style'] && HIDDEN_STYLE.test(a['style'])) return true;
  if (a['role'] === 'navigation' || a['role'] === 'complementary' || a['role'] === 'contentinfo') return !big;
  // A <dl> of linked headlines (<dt>) with their summaries (<dd>) is a news feed, however long.
  if ((!big || name === 'dl') && isTeaserList(el, ctx)) return true;
  const raw = classAndId(el);
  if (raw.includes('comment')) ctx.commentClassed = true;
  const ci = ctx.keepComments ? raw.replace(COMMENT, '') : raw;
  if (!ci) return false;
  const strong = STRONG_BOILERPLATE.test(ci);
  if (!strong && (inBody || !WEAK_BOILERPLATE.test(ci) || !linkyOrSmall(el, len, ctx))) return false;
  if (ALWAYS_DROP.test(ci)) return true;
  if (isContentContainer(el, ctx.textLen)) return false;
  return !big;
}

/** Where a measured element keeps its lengths: on the node itself (a Map of a million nodes costs seconds). */
const TEXT_LEN = Symbol('textLen');
const ALL_LEN = Symbol('allLen');
type Measured = Element & { [TEXT_LEN]?: number; [ALL_LEN]?: number };

/** One length per measured element (read-only, Map-like); `keys()` lists the measured elements in page order. */
export class Lengths {
  constructor(
    private readonly key: typeof TEXT_LEN | typeof ALL_LEN,
    private readonly measured: readonly Element[],
  ) {}

  get(el: Element): number | undefined {
    return (el as Measured)[this.key];
  }

  keys(): readonly Element[] {
    return this.measured;
  }
}

/** Text lengths per element: without link text (`text`) and with it (`all`). */
export interface TextStats {
  text: Lengths;
  all: Lengths;
  /** The root's non-link text length. */
  total: number;
}

/**
 * Text lengths of every element under root (post-order, iterative), kept on the nodes: the last
 * measurement of a tree wins, which is the only one made (the tree is measured once, before pruning).
 */
export function textLengths(root: AnyNode): TextStats {
  const order: Measured[] = [];
  walk(root, (node) => {
    if (!isElement(node)) return node.type === 'root';
    if (SKIP_TAGS.has(node.name)) return false;
    const el = node as Measured;
    el[TEXT_LEN] = 0;
    el[ALL_LEN] = 0;
    order.push(el);
    return true;
  });
  // Children come after parents in pre-order; summing in reverse gives post-order totals.
  for (let i = order.length - 1; i >= 0; i--) {
    const el = order[i]!;
    let own = 0;
    for (const c of el.children) if (c.type === 'text') own += trimmedLength(c.data);
    const n = el[TEXT_LEN]! + own;
    const a = el[ALL_LEN]! + own;
    el[TEXT_LEN] = el.name === 'a' ? 0 : n;
    el[ALL_LEN] = a;
    const p = el.parent as Measured | null;
    if (p && isElement(p) && p[ALL_LEN] !== undefined) {
      // Link text does not count as text: a big archive list is not big content.
      if (el.name !== 'a') p[TEXT_LEN]! += n;
      p[ALL_LEN]! += a;
    }
  }
  let total = 0;
  if (isElement(root)) total = (root as Measured)[TEXT_LEN] ?? 0;
  else if ('children' in root) for (const c of root.children) if (isElement(c)) total += (c as Measured)[TEXT_LEN] ?? 0;
  return { text: new Lengths(TEXT_LEN, order), all: new Lengths(ALL_LEN, order), total };
}

/** `s.trim().length` without making the trimmed copy. */
function trimmedLength(s: string): number {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return b - a;
}

/** The characters String.prototype.trim removes. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
