/**
 * Reading one listing item (an element of a news listing page) into a link, a headline, a date and a
 * teaser, with the source's selectors (relative to the item) or, without them, the usual places: the
 * item itself if it is a link, else its first link; a heading; a <time> or a date-classed element.
 */
import { selectAll, selectOne } from 'css-select';
import { textContent } from 'domutils';
import type { AnyNode, Element } from '../extract/dom.js';
import { parseListingDate } from './listing-dates.js';

/** Teaser text kept per item (the fallback body when the article page cannot be had). */
const MAX_TEASER = 600;
const HEADING = 'h1, h2, h3, h4, h5';
/** Where a date sits when no selector says: a <time>, or an element whose class names a date. */
const DATE_GUESS = 'time, [class*="date"], [class*="time"], [class*="Date"], [class*="Time"]';
const DATE_ATTRIBUTES = ['datetime', 'content', 'data-date', 'data-time', 'title'];

export interface ItemSelectors {
  link?: string | undefined;
  itemTitle?: string | undefined;
  date?: string | undefined;
  dateFormat?: string | undefined;
  timezone?: string | undefined;
}

/** One article found on a listing page. */
export interface ListingItem {
  /** Absolute http(s) URL of the article. */
  link: string;
  title: string;
  /** ISO 8601 UTC, or null when the item shows no readable date. */
  published: string | null;
  /** The item's date as the page writes it (for `feeds check`), or null. */
  dateText: string | null;
  /** The item's other text (lead, teaser), may be empty. */
  teaser: string;
}

export function cleanText(node: AnyNode | AnyNode[]): string {
  return textContent(node).replace(/\s+/g, ' ').trim();
}

/** An absolute http(s) URL for an href, without its fragment; null for javascript:, mailto:, "#"... */
export function resolveLink(href: string | undefined, base: string): string | null {
  const value = href?.trim();
  if (!value || value.startsWith('#')) return null;
  try {
    const url = new URL(value, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.toString();
  } catch {
    return null;
  }
}

function first(selector: string, item: Element): Element | null {
  return selectOne<AnyNode, Element>(selector, item.children);
}

/** The item's link element: the selector's match, the item itself when it is an <a>, else its first a[href]. */
function linkElement(item: Element, selector: string | undefined): Element | null {
  if (selector) return item.name === 'a' && selectAll(selector, [item]).length ? item : first(selector, item);
  if (item.name === 'a' && item.attribs.href) return item;
  return first('a[href]', item);
}

function dateValue(el: Element): string {
  for (const name of DATE_ATTRIBUTES) {
    const value = el.attribs[name]?.trim();
    if (value && /\d/.test(value)) return value;
  }
  return cleanText(el);
}

/** Reads one item; null when it has no usable link or no headline. */
export function readItem(item: Element, base: string, selectors: ItemSelectors, now: Date): ListingItem | null {
  const anchor = linkElement(item, selectors.link);
  const link = resolveLink(anchor?.attribs.href ?? anchor?.attribs['data-href'], base);
  if (!anchor || !link) return null;
  const titleEl = selectors.itemTitle ? first(selectors.itemTitle, item) : first(HEADING, item);
  const title = (titleEl ? cleanText(titleEl) : '') || cleanText(anchor) || anchor.attribs.title?.trim() || '';
  if (!title) return null;
  const dateEl = selectors.date ? first(selectors.date, item) : first(DATE_GUESS, item);
  const dateText = dateEl ? dateValue(dateEl) : null;
  const published = parseListingDate(dateText, { format: selectors.dateFormat, timezone: selectors.timezone, now });
  const all = cleanText(item);
  const teaser = all.replace(title, '').replace(dateEl ? cleanText(dateEl) : '', '').replace(/\s+/g, ' ').trim().slice(0, MAX_TEASER);
  return { link, title, published, dateText: dateText || null, teaser };
}

/** Reads every item, dropping repeats of a link (the first wins). */
export function readItems(items: Element[], base: string, selectors: ItemSelectors, now: Date): ListingItem[] {
  const seen = new Set<string>();
  const out: ListingItem[] = [];
  for (const el of items) {
    const item = readItem(el, base, selectors, now);
    if (!item || seen.has(item.link)) continue;
    seen.add(item.link);
    out.push(item);
  }
  return out;
}
