/**
 * The stable article key: the canonical URL (tracking parameters stripped), or the feed's GUID when the
 * item has no usable link. The same article reached from two feeds, or polled twice, has one key.
 */
import { createHash } from 'node:crypto';
import { canonicalUrl } from '../feeds/canonical-url.js';
import type { FeedItem } from '../types.js';

function articleKey(item: Pick<FeedItem, 'link' | 'guid' | 'title' | 'published'>, feedId: string): string | null {
  const url = item.link ? canonicalUrl(item.link) : null;
  if (url) return url;
  if (item.guid) return `guid:${feedId}:${item.guid}`;
  if (item.title) {
    const digest = createHash('sha256').update(`${item.title}\n${item.published ?? ''}`).digest('hex').slice(0, 32);
    return `item:${feedId}:${digest}`;
  }
  return null;
}

/**
 * A feed's items by article key, in feed order: the first item of each key. An item with no key (no
 * link, GUID or title) is left out: there is nothing to store it under.
 */
export function itemsByKey(items: readonly FeedItem[], feedId: string): Map<string, FeedItem> {
  const byKey = new Map<string, FeedItem>();
  for (const item of items) {
    const key = articleKey(item, feedId);
    if (key && !byKey.has(key)) byKey.set(key, item);
  }
  return byKey;
}
