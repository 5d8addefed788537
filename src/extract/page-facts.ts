/**
 * One pass over the unpruned page collecting the raw facts metadata is resolved from: meta tags,
 * JSON-LD blocks, <title>, headings, <time> elements, itemprops, bylines and date-like elements.
 */
import { attr, classAndId, isElement, rawText, shortText, walk, type AnyNode, type Element } from './dom.js';

/** Short elements whose class/id says they hold a date, or a byline. */
const DATE_CLASS = /date|time|publish|posted|created|datum|fecha|data-?publ|meta/;
const BYLINE_CLASS = /byline|author|autor|writer|creator|verfasser/;
/** Classes of the heading that is the post's title. */
const TITLE_CLASS = /post-?title|entry-?title|headline|article-?title|post__title|article__title|story-?title|news-?title/;
/** Only elements with less text than this are date/byline candidates. */
const MAX_HINT_CHARS = 120;
/** Links to a front page: "", "/", "#", "./", "index.html", "https://host/", "//host/de/". */
const HOME_HREF = /^(?:(?:https?:)?\/\/[^/]+)?(?:\.\.\/)*\/?(?:[a-z]{2}(?:[-_][a-z]{2})?\/?)?(?:index\.\w+)?(?:[?#].*)?$|^\.\/?$|^#/i;
/**
 * Parts of a heading that are not the headline: the kicker / "Dachzeile" above it and text only
 * screen readers see (a ": " between kicker and headline).
 */
const HEADING_EXTRA = /kicker|dachzeile|overline|topline|toptitle|roofline|supertitle|super-title|pretitle|pre-title|eyebrow|visually-?hidden|sr-only|screen-?reader/;
const LEADING_SEPARATOR = /^[\s:|–—·•/-]+/;
/** A heading's first part that is a kicker when more text follows: <small>, or one of these classes. */
const HEADING_LEAD = /sub-?headline|sub-?heading|subtitle|topic|label|section|categor|rubri|h1small|flag/;
const MAX_HINTS = 20;
const YEAR = /(?:19|20)\d\d/;
const MAX_YEAR_TEXTS = 50;
const MAX_YEAR_TEXT_CHARS = 100;
/** A dated paragraph's opening: a day.month.year date (and time), then the text ("01.02.2022 – Der ...", "01.02.2022 „Der ..."). */
const DATELINE = /^(\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d\d)(?:,?\s+\d{1,2}:\d{2})?\s+(?:[-–—|:]\s+)?[\p{L}„"«]/u;
/** The Wayback Machine's toolbar: its dates are the capture's, not the page's. */
const ARCHIVE_TOOLBAR_ID = /^(?:wm-ipp(?:-base|-print|-inside)?|donato)$/i;

/** Raw metadata gathered from a page. */
export interface PageFacts {
  /** meta name/property/itemprop/http-equiv (lower-cased) → content values, in page order. */
  meta: Map<string, string[]>;
  jsonLd: string[];
  titleTag: string | null;
  h1: string[];
  /** Text of <h1>s that are nothing but a link (a logo linking home), not titles. */
  logoH1: string[];
  /** Text of the first h2 elements. */
  h2: string[];
  /** Text of h1/h2 elements classed as the post title (entry-title, headline...), in order. */
  titleHeadings: string[];
  htmlLang: string | null;
  canonical: string | null;
  /** <time> elements: datetime attribute (or text) and whether it looked like the publication time. */
  times: { value: string; pub: boolean }[];
  /** itemprop (lower-cased) → first value (content/datetime attribute, or text). */
  itemprops: Map<string, string>;
  relAuthor: string[];
  dateHints: string[];
  /** Short text nodes that mention a year, in page order: the last resort for the date. */
  yearTexts: string[];
  bylines: string[];
}

/** Collects {@link PageFacts} from the whole document. */
export function collectFacts(root: AnyNode): PageFacts {
  const f: PageFacts = {
    meta: new Map(), jsonLd: [], titleTag: null, h1: [], logoH1: [], h2: [], titleHeadings: [], htmlLang: null, canonical: null,
    times: [], itemprops: new Map(), relAuthor: [], dateHints: [], yearTexts: [], bylines: [],
  };
  walk(root, (node) => {
    if (node.type === 'text') {
      addYearText(node.data, f);
      return;
    }
    if (!isElement(node)) return node.type === 'root';
    if (ARCHIVE_TOOLBAR_ID.test(attr(node, 'id'))) return false;
    visitElement(node, f);
    return node.name !== 'script' && node.name !== 'style' && node.name !== 'title';
  });
  return f;
}

function visitElement(el: Element, f: PageFacts): void {
  switch (el.name) {
    case 'html': f.htmlLang ??= attr(el, 'lang') || attr(el, 'xml:lang') || null; break;
    case 'meta': addMeta(el, f); break;
    case 'title': if (f.titleTag === null) f.titleTag = rawText(el); break;
    case 'h1':
      if (f.h1.length < MAX_HINTS) (isLinkOnly(el) ? f.logoH1 : f.h1).push(headingText(el));
      addTitleHeading(el, f);
      break;
    case 'h2': if (f.h2.length < MAX_HINTS) f.h2.push(headingText(el)); addTitleHeading(el, f); break;
    case 'script':
      if (attr(el, 'type').toLowerCase().includes('ld+json')) f.jsonLd.push(rawText(el));
      break;
    case 'link': addLink(el, f); break;
    case 'time': addTime(el, f); break;
    case 'a':
      if (attr(el, 'rel').toLowerCase().split(/\s+/).includes('author')) f.relAuthor.push(rawText(el));
      break;
  }
  const ip = el.attribs['itemprop'];
  if (ip) addItemprop(el, ip.toLowerCase(), f);
  const ci = classAndId(el);
  if (ci && el.name !== 'html' && el.name !== 'body') addHints(el, ci, f);
}

/** An <h1> that is nothing but a link to the site's front page (a permalink heading is a title). */
function isLinkOnly(el: Element): boolean {
  const kids = el.children.filter((c) => !(c.type === 'text' && c.data.trim() === ''));
  const a = kids[0];
  return kids.length === 1 && isElement(a!) && a.name === 'a' && HOME_HREF.test(attr(a, 'href').trim());
}

function addTitleHeading(el: Element, f: PageFacts): void {
  if (f.titleHeadings.length >= MAX_HINTS) return;
  if (el.attribs['itemprop'] === 'headline' || TITLE_CLASS.test(classAndId(el))) f.titleHeadings.push(headingText(el));
}

/** A heading's text without its kicker and screen-reader-only parts (when something else is left). */
function headingText(el: Element): string {
  const parts: string[] = [];
  let dropped = false;
  const lead = el.children.find((c) => !(c.type === 'text' && c.data.trim() === '') && c.type !== 'comment');
  walk(el, (n) => {
    if (n === lead && isElement(n) && (n.name === 'small' || HEADING_LEAD.test(classAndId(n)))) {
      dropped = true;
      return false;
    }
    if (n.type === 'text') parts.push(n.data);
    else if (n.type === 'comment' || n.type === 'script' || n.type === 'style') return false;
    else if (isElement(n) && n !== el) {
      if (n.name === 'br') parts.push(' ');
      const ci = classAndId(n);
      if (ci && HEADING_EXTRA.test(ci)) {
        dropped = true;
        return false;
      }
    }
    return true;
  });
  const text = parts.join('');
  if (!dropped) return text;
  // What joined the kicker to the headline (": ", " – ") is left over at the start.
  const rest = text.replace(LEADING_SEPARATOR, '');
  return rest.trim() === '' ? rawText(el) : rest;
}

function addYearText(data: string, f: PageFacts): void {
  if (f.yearTexts.length >= MAX_YEAR_TEXTS) return;
  const t = data.trim();
  // A paragraph opening with its dateline ("27.1.2022 - At the memorial ..."): the date alone.
  const dateline = DATELINE.exec(t);
  if (dateline) f.yearTexts.push(dateline[1]!);
  else if (t.length > 0 && t.length <= MAX_YEAR_TEXT_CHARS && data.length <= MAX_YEAR_TEXT_CHARS * 2 && YEAR.test(t)) f.yearTexts.push(t);
}

function addMeta(el: Element, f: PageFacts): void {
  const key = (attr(el, 'property') || attr(el, 'name') || attr(el, 'itemprop') || attr(el, 'http-equiv')).toLowerCase().trim();
  const content = el.attribs['content'];
  if (!key || content === undefined) return;
  const list = f.meta.get(key);
  if (list) list.push(content.trim());
  else f.meta.set(key, [content.trim()]);
}

function addLink(el: Element, f: PageFacts): void {
  const rel = attr(el, 'rel').toLowerCase();
  if (rel === 'canonical' && f.canonical === null && attr(el, 'href')) f.canonical = attr(el, 'href').trim();
}

function addTime(el: Element, f: PageFacts): void {
  const value = attr(el, 'datetime') || rawText(el).trim();
  if (!value) return;
  const ctx = `${classAndId(el)} ${attr(el, 'itemprop')} ${el.parent && isElement(el.parent) ? classAndId(el.parent) : ''}`;
  const pub = el.attribs['pubdate'] !== undefined || /publish|datepublished|posted|entry-date/i.test(ctx);
  f.times.push({ value, pub });
}

function addItemprop(el: Element, key: string, f: PageFacts): void {
  if (f.itemprops.has(key) || el.name === 'meta') return;
  const v = attr(el, 'content') || attr(el, 'datetime') || rawText(el).replace(/\s+/g, ' ').trim();
  if (v && v.length < 300) f.itemprops.set(key, v);
}

function addHints(el: Element, ci: string, f: PageFacts): void {
  const isDate = DATE_CLASS.test(ci);
  const isByline = BYLINE_CLASS.test(ci);
  if (!isDate && !isByline) return;
  const text = shortText(el, MAX_HINT_CHARS);
  if (!text) return;
  if (isDate && f.dateHints.length < MAX_HINTS) f.dateHints.push(text);
  if (isByline && f.bylines.length < MAX_HINTS) f.bylines.push(text);
}
