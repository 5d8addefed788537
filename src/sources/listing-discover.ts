/**
 * Finding the article links of a news listing page without selectors: links on the site's own host
 * whose URL looks like an article (a date, a numeric id, a long slug) or whose text reads like a
 * headline, grouped by the repeated block that holds each one (same tag-and-class path from the page
 * root); the biggest, most dated, most headline-like group is the listing. Navigation, footers, tag
 * clouds and pagination fall out: their links are short, their paths are sections, or they sit in
 * <nav>/<footer>/<aside>.
 */
import type { AnyNode, Document, Element } from '../extract/dom.js';
import { findAll, isElement } from '../extract/dom.js';
import { baseDomain } from '../extract/site-rules.js';
import { parseListingDate } from './listing-dates.js';
import { cleanText, resolveLink } from './listing-items.js';

/** A group needs this many items to count as a listing. */
export const MIN_GROUP = 3;
/** Groups scoring at least this share of the best one are kept too (a lead block above the list). */
const KEEP_SHARE = 0.5;
/** Ancestor levels in a block's signature. */
const SIGNATURE_DEPTH = 6;
const NOISE_TAGS = new Set(['nav', 'aside', 'form', 'noscript', 'script', 'style', 'template', 'select', 'button']);
/** Page-level <header>/<footer> are noise; inside an <article> they hold the item's own headline and date. */
const PAGE_PARTS = new Set(['header', 'footer']);
const NOISE_CLASS = /^(?:[\w]+[_-]{1,2})?(?:nav|navbar|navigation|menu|main-menu|breadcrumbs?|pagination|pager|paging|tags|tag-list|tags-list|social|share|sharing)$/i;
const NON_ARTICLE_PATH = /\/(?:tags?|tegi|teg|category|categories|rubric|rubrics|rubrika|author|authors|avtor|search|poisk|page|login|register|subscribe|about|contacts?|kontakty|advert\w*|reklama|rss|feed|archive|arhiv)(?:\/|$)|[?&](?:page|p|tag|PAGEN_\d+)=/i;
const DATE_IN_PATH = /\/(?:19|20)\d{2}[/-]?(?:0[1-9]|1[0-2])[/-]?(?:0[1-9]|[12]\d|3[01])(?:[/_.-]|$)|\/\d{2}-\d{2}-(?:19|20)\d{2}|\/(?:19|20)\d{2}\/\d{1,2}\/\d{1,2}\//;
const ID_IN_PATH = /(?:^|[/_-])\d{4,}(?:[/_.-]|$)/;
const SLUG = /[\p{L}\d]+(?:[-_][\p{L}\d]+){2,}/u;
const UNSTABLE_CLASS = /\d|^(?:active|current|selected|first|last|odd|even|new|hot|clearfix)$|^(?:is|js|has)-/i;

/** One repeated block: the items (in page order) and the candidate link of each. */
export interface LinkGroup {
  signature: string;
  items: Element[];
  anchors: Element[];
  score: number;
  dated: number;
  headlines: number;
}

function classTokens(el: Element): string[] {
  return (el.attribs.class ?? '').split(/\s+/).filter(Boolean);
}

function isNoise(anchor: Element): boolean {
  let inArticle = false;
  for (let node = anchor.parent; node && isElement(node); node = node.parent) {
    if (node.name === 'article') inArticle = true;
    if (NOISE_TAGS.has(node.name) || (PAGE_PARTS.has(node.name) && !inArticle)) return true;
    if (node.attribs.role === 'navigation') return true;
    if (classTokens(node).some((c) => NOISE_CLASS.test(c)) || NOISE_CLASS.test(node.attribs.id ?? '')) return true;
  }
  return false;
}

function headlineLike(text: string): boolean {
  return text.length >= 20 && text.split(' ').length >= 4;
}

function articleLikeUrl(url: URL): boolean {
  const path = decodeURIComponent(url.pathname);
  const last = path.split('/').filter(Boolean).pop() ?? '';
  return DATE_IN_PATH.test(path) || ID_IN_PATH.test(path) || SLUG.test(last.replace(/\.\w+$/, ''));
}

/** Links that may be articles: same site, not a section/tag/page link, article-like URL or headline text. */
function candidateAnchors(doc: Document, pageUrl: string): Map<Element, string> {
  const site = baseDomain(new URL(pageUrl).hostname);
  const page = resolveLink(pageUrl, pageUrl);
  const out = new Map<Element, string>();
  for (const a of findAll(doc, (el) => el.name === 'a' && Boolean(el.attribs.href))) {
    const link = resolveLink(a.attribs.href, pageUrl);
    if (!link || link === page) continue;
    const url = new URL(link);
    if (baseDomain(url.hostname) !== site || url.pathname.length <= 1 || NON_ARTICLE_PATH.test(url.pathname + url.search)) continue;
    if (!articleLikeUrl(url) && !headlineLike(cleanText(a))) continue;
    if (!isNoise(a)) out.set(a, link);
  }
  return out;
}

/** The block of an anchor: its highest ancestor holding no other candidate link. */
function itemOf(anchor: Element, link: string, linksUnder: Map<Element, Set<string>>): Element {
  let item = anchor;
  for (let node = anchor.parent; node && isElement(node) && node.name !== 'body'; node = node.parent) {
    const links = linksUnder.get(node);
    if (!links || links.size !== 1 || !links.has(link)) break;
    item = node;
  }
  // A layout wrapper around one card (div.col > article.card): the card is the item.
  while (item !== anchor) {
    const only = item.children.filter(isElement);
    if (only.length !== 1 || only[0] === anchor || !linksUnder.has(only[0]!)) break;
    item = only[0]!;
  }
  return item;
}

/** tag.class path of an element from a few levels up: equal for every block of one list. */
export function signatureOf(el: Element): string {
  const parts: string[] = [];
  let node: AnyNode | null = el;
  for (let depth = 0; node && isElement(node) && depth < SIGNATURE_DEPTH; depth++, node = node.parent) {
    parts.unshift([node.name, ...stableClasses(node)].join('.'));
  }
  return parts.join(' > ');
}

/** Class tokens usable in a selector: no digits, no state classes, only plain characters. */
export function stableClasses(el: Element): string[] {
  return classTokens(el).filter((c) => /^[A-Za-z_][\w-]*$/.test(c) && !UNSTABLE_CLASS.test(c)).sort();
}

function isDated(item: Element, link: string, now: Date): boolean {
  if (DATE_IN_PATH.test(new URL(link).pathname)) return true;
  return findAll(item, (el) => el.name === 'time' || /date|time/i.test(el.attribs.class ?? ''))
    .some((el) => parseListingDate(el.attribs.datetime ?? cleanText(el), { now }) !== null);
}

function groupBlocks(candidates: Map<Element, string>, now: Date): LinkGroup[] {
  const linksUnder = new Map<Element, Set<string>>();
  for (const [a, link] of candidates) {
    for (let node = a.parent; node && isElement(node); node = node.parent) {
      const set = linksUnder.get(node) ?? new Set<string>();
      set.add(link);
      linksUnder.set(node, set);
    }
  }
  const groups = new Map<string, LinkGroup>();
  const taken = new Set<Element>();
  for (const [a, link] of candidates) {
    const item = itemOf(a, link, linksUnder);
    if (taken.has(item)) continue;
    taken.add(item);
    const signature = signatureOf(item);
    const group = groups.get(signature) ?? { signature, items: [], anchors: [], score: 0, dated: 0, headlines: 0 };
    group.items.push(item);
    group.anchors.push(a);
    if (isDated(item, link, now)) group.dated++;
    if (headlineLike(cleanText(a)) || headlineLike(cleanText(findAll(item, (el) => /^h[1-5]$/.test(el.name))))) group.headlines++;
    groups.set(signature, group);
  }
  for (const g of groups.values()) g.score = g.items.length * (1 + g.dated / g.items.length + g.headlines / g.items.length);
  return [...groups.values()];
}

/** The repeated link blocks that make up the page's listing, best first; [] when there is none. */
export function discoverGroups(doc: Document, pageUrl: string, now: Date): LinkGroup[] {
  const groups = groupBlocks(candidateAnchors(doc, pageUrl), now).filter(
    (g) => g.items.length >= MIN_GROUP && (g.dated * 2 >= g.items.length || g.headlines * 2 >= g.items.length),
  );
  groups.sort((a, b) => b.score - a.score);
  const best = groups[0];
  return best ? groups.filter((g) => g.score >= best.score * KEEP_SHARE) : [];
}
