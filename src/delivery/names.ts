/** Display names a digest shows instead of ids: watchlist entries, feeds, rules. */
import type { DigestInput } from './digest.js';
import type { DeliveryConfig } from './schema.js';

export function displayNames(config: Pick<DeliveryConfig, 'watchlist' | 'feeds' | 'rules'>): DigestInput['names'] {
  return {
    entities: new Map(config.watchlist.entries.map((e) => [e.id, e.name])),
    feeds: new Map(config.feeds.filter((f) => f.title).map((f) => [f.id, f.title!])),
    rules: new Map(config.rules.rules.filter((r) => r.description).map((r) => [r.id, r.description!])),
    keywords: new Set(config.watchlist.entries.filter((e) => e.kind === 'keyword').map((e) => e.id)),
  };
}
