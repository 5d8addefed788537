/**
 * The stable article key: the canonical URL (tracking parameters stripped), or the feed's GUID when the
 * item has no usable link. The same article reached from two feeds, or polled twice, has one key.
 */
import { createHash } from 'node:crypto';
import { canonicalUrl } from '../feeds/canonical-url.js';
import type { FeedItem } from '../types.js';

export function articleKey(item: Pick<FeedItem, 'link' | 'guid' | 'title' | 'published'>, feedId: string): string | null {
  const url = item.link ? canonicalUrl(item.link) : null;
  if (url) return url;
  if (item.guid) return `guid:${feedId}:${item.guid}`;
  if (item.title) {
    const digest = createHash('sha256').update(`${item.title}\n${item.published ?? ''}`).digest('hex').slice(0, 32);
    return `item:${feedId}:${digest}`;
  }
  return null;
}
