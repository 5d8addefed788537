/**
 * Boilerplate removal: drops subtrees that are never article text (navigation, share bars,
 * comments, "read also" boxes, cookie banners...) judged by tag, class/id and visibility.
 */
import { SKIP_TAGS } from './blocks.js';
import { classAndId, isElement, remove, walk, type AnyNode, type Element } from './dom.js';

/** Tags dropped wholesale. <header> goes too: it holds the title, byline and date, not body text. */
const DROP_TAGS = new Set(['nav', 'footer', 'aside', 'menu', 'header', 'dialog', 'form-nav']);

/** class/id fragments marking boilerplate. Substring matches, so keep fragments specific. */
const BOILERPLATE =
  /comment|disqus|respond|share|sharing|social|sociable|addthis|shariff|follow-?us|related|recommend|read-?more|readmore|also-?read|more-?(?:stories|articles|news)|popular|trending|most-?read|outbrain|taboola|zergnet|sidebar|side-?bar|widget|footer|breadcrumb|pagination|pager\b|skip-?link|toolbar|navbar|navigation|(?:^|[\s_-])nav(?:$|[\s_-])|(?:^|[\s_-])menu|cookie|consent|gdpr|newsletter|subscri|signup|sign-up|login|register|paywall|promo|sponsor|advert|(?:^|[\s_-])ads?(?:$|[\s_-])|ad-?slot|adsense|banner|popup|modal|lightbox|tag-?cloud|tags-?list|(?:^|[\s_-])tags(?:$|[\s_-])|post-?meta|entry-?meta|entry-?footer|byline|author-?(?:box|bio|info)|about-?author|print-?link|(?:^|\s)hidden(?:$|\s)|sr-only|screen-?reader|visually-?hidden|rating|voting|masthead|site-?header|teaser-?list|(?:^|[\s_-])rail(?:$|[\s_-])/;

/** class/id fragments that keep an element even if BOILERPLATE matches (readability's "maybe"). */
const PROTECT = /article-?body|articlebody|post-?body|entry-?content|post-?content|article-?content|story-?body|main-?content|(?:^|[\s_-])content(?:$|[\s_-])/;

/** Never protect these, however much text they hold. */
const ALWAYS_DROP = /comment|disqus|cookie|consent|gdpr|related|newsletter/;

const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

/** An <article>/<main>/articleBody with at least this much text protects its ancestors from tag drops. */
const MAJOR_CONTENT_CHARS = 400;
const MAX_UP = 100;

/** An element holding more than this share of the page's text is never dropped by class/id alone. */
const MAX_DROP_SHARE = 0.5;

/**
 * Removes boilerplate subtrees from `root` in place. `textLen` gives each element's text length
 * (from {@link textLengths}); `total` is the page's.
 */
export function pruneBoilerplate(root: AnyNode, textLen: Map<Element, number>, total: number): void {
  const doomed: Element[] = [];
  const holders = contentHolders(textLen);
  walk(root, (node) => {
    if (!isElement(node)) return node.type === 'root';
    if (node.name === 'body' || node.name === 'html') return true;
    if (!holders.has(node) && shouldDrop(node, textLen, total)) {
      doomed.push(node);
      return false;
    }
    return true;
  });
  for (const el of doomed) remove(el);
}

/** Ancestors of sizeable <article>/<main>/articleBody elements: never dropped by tag or class. */
function contentHolders(textLen: Map<Element, number>): Set<Element> {
  const out = new Set<Element>();
  for (const [el, n] of textLen) {
    if (n < MAJOR_CONTENT_CHARS) continue;
    if (el.name !== 'article' && el.name !== 'main' && el.attribs['itemprop'] !== 'articleBody') continue;
    let p = el.parent;
    for (let i = 0; p && isElement(p) && i < MAX_UP && !out.has(p); i++, p = p.parent) out.add(p);
  }
  return out;
}

function shouldDrop(el: Element, textLen: Map<Element, number>, total: number): boolean {
  const name = el.name;
  if (SKIP_TAGS.has(name)) return true;
  // Some sites wrap the whole article in <aside> or <header>: keep such an element if it holds most text.
  if (DROP_TAGS.has(name)) return (textLen.get(el) ?? 0) <= total * MAX_DROP_SHARE;
  const a = el.attribs;
  if (a['hidden'] !== undefined || a['aria-hidden'] === 'true') return true;
  if (a['style'] && HIDDEN_STYLE.test(a['style'])) return true;
  if (a['role'] === 'navigation' || a['role'] === 'complementary' || a['role'] === 'contentinfo') return true;
  const ci = classAndId(el);
  if (!ci || !BOILERPLATE.test(ci)) return false;
  if (ALWAYS_DROP.test(ci)) return true;
  if (name === 'article' || name === 'main' || a['itemprop'] === 'articleBody') return false;
  if (PROTECT.test(ci)) return false;
  return (textLen.get(el) ?? 0) <= total * MAX_DROP_SHARE;
}

/** Text length of every element (post-order, iterative). Returns the map and the document total. */
export function textLengths(root: AnyNode): { lengths: Map<Element, number>; total: number } {
  const lengths = new Map<Element, number>();
  const order: Element[] = [];
  let total = 0;
  walk(root, (node) => {
    if (node.type === 'text') {
      total += node.data.length;
      return;
    }
    if (!isElement(node)) return node.type === 'root';
    if (SKIP_TAGS.has(node.name)) return false;
    order.push(node);
    return true;
  });
  // Children come after parents in pre-order; summing in reverse gives post-order totals.
  for (let i = order.length - 1; i >= 0; i--) {
    const el = order[i]!;
    let n = lengths.get(el) ?? 0;
    for (const c of el.children) if (c.type === 'text') n += c.data.length;
    lengths.set(el, n);
    const p = el.parent;
    if (p && isElement(p)) lengths.set(p, (lengths.get(p) ?? 0) + n);
  }
  return { lengths, total };
}
