/**
 * Listing-page sources: a news site's listing page read as a feed. With `items` (and optional `link`,
 * `itemTitle`, `date`, `dateFormat`, relative to each item) the source's selectors pick the items;
 * without, discovery finds the repeated blocks of article links. The items go on through fetch and
 * analyze like feed items (same article keys, same dedup).
 */
import { selectAll } from 'css-select';
import { DecodeError, decodeBytes, maybeDecompress } from '../fetch/charset.js';
import { FeedError } from '../feeds/errors.js';
import { findFirst, parseHtml, type AnyNode, type Document, type Element } from '../extract/dom.js';
import type { FeedItem } from '../types.js';
import { discoverGroups } from './listing-discover.js';
import { cleanText, readItems, resolveLink, type ItemSelectors, type ListingItem } from './listing-items.js';
import { selectorsFor, type ListingSelectors } from './listing-selectors.js';

export type { ListingItem } from './listing-items.js';
export type { ListingSelectors } from './listing-selectors.js';

/** What a page source says about its listing (the listing keys of its feeds.yaml entry). */
export interface ListingSpec extends ItemSelectors {
  items?: string | undefined;
}

export interface ListingResult {
  /** 'selectors' when the source gives `items`, else 'discovery'. */
  mode: 'selectors' | 'discovery';
  /** The page's <title>, or null. */
  title: string | null;
  items: ListingItem[];
  /** Discovery: the selectors that read the same items (to pin in feeds.yaml); selectors mode: the source's own. */
  selectors: ListingSelectors | null;
}

/** The page's base for relative links: <base href> when it has one. */
function baseOf(doc: Document, pageUrl: string): string {
  const base = findFirst(doc, 'base');
  return (base && resolveLink(base.attribs.href, pageUrl)) || pageUrl;
}

/** Reads a decoded listing page. Never throws on odd markup: no items is an empty list. */
export function readListing(html: string, pageUrl: string, spec: ListingSpec = {}, now = new Date()): ListingResult {
  const doc = parseHtml(html);
  const base = baseOf(doc, pageUrl);
  const titleEl = findFirst(doc, 'title');
  const title = titleEl ? cleanText(titleEl) || null : null;
  if (spec.items) {
    const elements = selectAll<AnyNode, Element>(spec.items, doc);
    const selectors: ListingSelectors = { items: spec.items, link: spec.link, itemTitle: spec.itemTitle, date: spec.date };
    return { mode: 'selectors', title, items: readItems(elements, base, spec, now), selectors };
  }
  const groups = discoverGroups(doc, base, now);
  const selectors = selectorsFor(doc, groups);
  if (!selectors) return { mode: 'discovery', title, items: [], selectors: null };
  const elements = selectAll<AnyNode, Element>(selectors.items, doc);
  const items = readItems(elements, base, { ...selectors, timezone: spec.timezone, dateFormat: spec.dateFormat }, now);
  return { mode: 'discovery', title, items, selectors };
}

/** Decodes a fetched listing page (charset from header, BOM, meta; Cyrillic detection) and reads it. */
export function readListingBytes(body: Uint8Array, meta: { url: string; contentType: string | null; maxBytes?: number }, spec: ListingSpec = {}, now = new Date()): ListingResult {
  let bytes: Uint8Array;
  try {
    bytes = maybeDecompress(body, meta.maxBytes);
  } catch (error) {
    if (error instanceof DecodeError && error.kind === 'too-large') throw new FeedError('too-large', `listing page ${meta.url}: ${error.message.replace(/^fetch: /, '')}`);
    throw error;
  }
  const html = decodeBytes(bytes, { contentType: meta.contentType, kind: 'html' }).text;
  return readListing(html, meta.url, spec, now);
}

/** Listing items in the feed item model, for the poll stage. */
export function toFeedItems(items: ListingItem[]): FeedItem[] {
  return items.map((item) => ({
    guid: null,
    link: item.link,
    title: item.title,
    summary: item.teaser,
    contentHtml: '',
    contentText: '',
    author: null,
    categories: [],
    published: item.published,
    enclosure: null,
  }));
}
