/**
 * What `mediamon feeds check` says about an HTML page that is not a feed: the article links discovery
 * finds on it, the selectors it would use, and the feeds.yaml entry that watches it, so an operator
 * can confirm the items or write selectors of their own.
 */
import { readListingBytes, type ListingSelectors } from './listing.js';

/** Items shown per page (the JSON carries them all). */
export const CHECK_SAMPLE = 5;

export interface ListingCheck {
  /** The article links found, in page order. */
  items: { title: string; link: string; published: string | null; date: string | null }[];
  /** The selectors that read the same items, or null when discovery found no listing. */
  selectors: ListingSelectors | null;
  /** A feeds.yaml entry for the page, or null. */
  entry: string | null;
}

function yamlString(value: string): string {
  return JSON.stringify(value);
}

/** The feeds.yaml line for a listing page with these selectors. */
export function listingEntry(id: string, page: string, selectors: ListingSelectors): string {
  const keys = [`id: ${id}`, `page: ${yamlString(page)}`, `items: ${yamlString(selectors.items)}`];
  if (selectors.link) keys.push(`link: ${yamlString(selectors.link)}`);
  if (selectors.itemTitle) keys.push(`itemTitle: ${yamlString(selectors.itemTitle)}`);
  if (selectors.date) keys.push(`date: ${yamlString(selectors.date)}`);
  return `- { ${keys.join(', ')} }`;
}

function idFor(page: string): string {
  try {
    return new URL(page).hostname.replace(/^www\./, '').replace(/[^a-z0-9.-]+/gi, '-').toLowerCase() || 'site';
  } catch {
    return 'site';
  }
}

/** Discovery on a loaded page; null when the bytes cannot be read as HTML at all. */
export function checkListing(body: Uint8Array, meta: { url: string; contentType: string | null }, now = new Date()): ListingCheck | null {
  try {
    const page = /^https?:/i.test(meta.url) ? meta.url : 'http://page.invalid/';
    const result = readListingBytes(body, { url: page, contentType: meta.contentType }, {}, now);
    return {
      items: result.items.map((i) => ({ title: i.title, link: i.link, published: i.published, date: i.dateText })),
      selectors: result.selectors,
      entry: result.selectors && result.items.length ? listingEntry(idFor(page), page, result.selectors) : null,
    };
  } catch {
    return null;
  }
}

/** Lines for people: what was found and the entry to paste. */
export function listingCheckLines(check: ListingCheck | null | undefined): string[] {
  if (!check || check.items.length === 0) return [];
  const lines = [`  a listing page: ${check.items.length} article link${check.items.length === 1 ? '' : 's'} found by discovery, e.g.`];
  for (const item of check.items.slice(0, CHECK_SAMPLE)) lines.push(`    ${item.published?.slice(0, 16).replace('T', ' ') ?? (item.date ?? '-')}  ${item.title}\n      ${item.link}`);
  if (check.entry) lines.push('  to watch it, add to feeds.yaml (selectors optional: without them mediamon discovers the links each poll):', `    ${check.entry}`);
  return lines;
}
