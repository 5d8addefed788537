/** Feed autodiscovery in HTML pages (<link rel="alternate" type="application/rss+xml" ...>). */
import { parseDocument } from 'htmlparser2';
import { getElementsByTagName } from 'domutils';
import { resolveUrl } from './html.js';

/** MIME types that announce a feed. */
const FEED_TYPES = new Set([
  'application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/rdf+xml',
  'application/x.atom+xml', 'application/x-atom+xml',
]);

/** A feed announced by a page. */
export interface DiscoveredFeedLink {
  /** Absolute URL of the feed. */
  url: string;
  /** Lower-case MIME type as announced, e.g. 'application/rss+xml'. */
  type: string;
  title: string | null;
}

/**
 * Finds the feeds a page announces with `<link rel="alternate" type="...">` (RSS, Atom, RDF, JSON Feed),
 * resolved against `<base href>` and `baseUrl`, de-duplicated, in document order.
 */
export function discoverFeedLinks(html: string, baseUrl: string): DiscoveredFeedLink[] {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseAttributeNames: true });
  const baseEl = getElementsByTagName('base', doc, true, 1)[0];
  const base = resolveUrl(baseEl?.attribs['href'], baseUrl) ?? baseUrl;
  const out: DiscoveredFeedLink[] = [];
  const seen = new Set<string>();
  for (const link of getElementsByTagName('link', doc, true)) {
    const rel = (link.attribs['rel'] ?? '').toLowerCase().split(/\s+/);
    const type = (link.attribs['type'] ?? '').trim().toLowerCase().split(';')[0]!.trim();
    if (!rel.includes('alternate') || !FEED_TYPES.has(type)) continue;
    const url = resolveUrl(link.attribs['href'], base);
    if (!url || !/^https?:/.test(url) || seen.has(url)) continue;
    seen.add(url);
    out.push({ url, type, title: link.attribs['title']?.trim() || null });
  }
  return out;
}
