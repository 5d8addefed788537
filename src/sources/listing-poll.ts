/**
 * The poll stage's branch for listing-page sources (`page:` in feeds.yaml): read the fetched page with
 * the source's selectors or by discovery, and decide when finding nothing is an error. One empty poll
 * can be a hiccup (a maintenance page, an A/B test); two in a row mean the selectors no longer match
 * the site's markup: error kind `selector-empty`, shown in `feeds list` and counted as failing.
 */
import type { FeedConfig } from '../settings/schema.js';
import { FeedError } from '../feeds/errors.js';
import type { FeedItem } from '../types.js';
import { readListingBytes, toFeedItems } from './listing.js';

/** last_status of a page source whose last poll found no items (not yet an error). */
export const LISTING_EMPTY = 'listing-empty';
/** Polls in a row that find nothing before it is an error. */
export const EMPTY_POLLS_TO_ERROR = 2;

export interface PageRead {
  title: string | null;
  items: FeedItem[];
  /** True when nothing was found (the first time: last_status listing-empty, no error yet). */
  empty: boolean;
}

/** Reads a fetched listing page; throws FeedError('selector-empty') on the second empty poll in a row. */
export function readPageSource(
  feed: FeedConfig,
  res: { body: Uint8Array; url: string; contentType: string | null },
  lastStatus: string | null,
  now = new Date(),
  maxBytes?: number,
): PageRead {
  const result = readListingBytes(res.body, { url: res.url, contentType: res.contentType, ...(maxBytes ? { maxBytes } : {}) }, feed, now);
  if (result.items.length > 0) return { title: result.title, items: toFeedItems(result.items), empty: false };
  const emptyBefore = lastStatus === LISTING_EMPTY || lastStatus === 'selector-empty';
  if (!emptyBefore) return { title: result.title, items: [], empty: true };
  const what = feed.items ? `items selector ${JSON.stringify(feed.items)} matched nothing` : 'discovery found no article links';
  throw new FeedError('selector-empty', `listing page ${feed.page}: ${what} on ${EMPTY_POLLS_TO_ERROR} polls in a row (run \`mediamon feeds check ${feed.page}\` to see the page's links and suggested selectors)`);
}
