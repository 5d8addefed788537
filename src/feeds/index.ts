/**
 * The feed reader: liberal in what it accepts (broken XML, wrong charsets, gzip, HTML entities, RSS
 * 0.9x-2.0, RDF, Atom 0.3/1.0, JSON Feed), exact in what it reports (ParsedFeed / FeedItem from
 * src/types.ts, FeedError kinds).
 */
export { FeedError, type FeedErrorKind } from './errors.js';
export { parseFeed, DEFAULT_MAX_FEED_BYTES, type ParseFeedOptions } from './parse.js';
export { canonicalUrl, TRACKING_PARAMS } from './canonical-url.js';
export { parseFeedDate } from './dates.js';
export { FeedItemSchema } from './normalize.js';
export { repairXml, type RepairName, type RepairResult } from './repair.js';
export { sanitizeHtml, htmlToText } from './html.js';
export { discoverFeedLinks, type DiscoveredFeedLink } from './discover.js';
export { strictVerdict, type StrictVerdict } from './strict.js';
