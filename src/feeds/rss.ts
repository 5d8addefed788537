/** RSS 0.9x / 1.0 (RDF) / 2.0 reader over the namespace-canonical tree. */
import { toLength, type RawEnclosure, type RawFeed, type RawItem, type RawText } from './raw.js';
import { atomText } from './atom.js';
import { childElements, childText, firstChild, innerXml, textOf, type XElement } from './xml-tree.js';

const DATE_ELEMENTS = ['pubDate', 'dc:date', 'atom:published', 'dcterms:issued', 'dcterms:created', 'atom:updated', 'dcterms:modified', 'date'];
const AUTHOR_ELEMENTS = ['author', 'dc:creator', 'itunes:author', 'dc:author'];
const HTTP_URL_RE = /^https?:\/\//i;
/** "jane@example.com (Jane Doe)" -> "Jane Doe". */
const EMAIL_WITH_NAME_RE = /^\S+@\S+\s*\((.+)\)$/;

/**
 * Reads a document whose root is <rss>, <rdf:RDF> or a bare <channel>. A bare channel whose items
 * carry their link as an `href` attribute is Microsoft's Channel Definition Format (CDF, 1997):
 * `<CHANNEL HREF=...><ITEM HREF=... LASTMOD=...><TITLE>...<ABSTRACT>...`, sub-channels nested.
 */
export function readRss(root: XElement): RawFeed {
  const rdf = root.name === 'rdf:RDF';
  const channel = root.name === 'channel' ? root : firstChild(root, 'channel') ?? root;
  const itemParent = rdf ? root : channel;
  // Some RDF feeds put items inside <channel>, some RSS 2.0 feeds put them after it.
  let items = childElements(itemParent, 'item');
  if (items.length === 0) items = childElements(rdf ? channel : root, 'item');
  const cdf = root.name === 'channel' && isCdf(root);
  if (cdf) items = cdfItems(root);
  return {
    format: rdf ? 'rdf' : 'rss',
    version: cdf ? 'cdf' : rssVersion(root),
    title: rssText(firstChild(channel, 'title', 'dc:title')),
    link: channelLink(channel),
    language: childText(channel, 'language', 'dc:language') ?? root.lang ?? channel.lang,
    ttlMinutes: toLength(childText(channel, 'ttl')),
    base: cdf ? resolved(channel.attrs['base'], channel.base) : channel.base,
    items: items.map(readItem),
    ...(cdf ? { repairs: ['cdf'] } : {}),
  };
}

/** CDF: the channel or one of its items carries an `href` attribute (RSS links are elements). */
function isCdf(channel: XElement): boolean {
  return channel.attrs['href'] !== undefined || cdfItems(channel).some((i) => i.attrs['href'] !== undefined);
}

/** A CDF channel's items, those of its sub-channels included, in document order. */
function cdfItems(channel: XElement): XElement[] {
  return childElements(channel, 'item', 'channel').flatMap((c) => (c.name === 'item' ? [c] : cdfItems(c)));
}

function resolved(value: string | undefined, base: string | null): string | null {
  if (!value?.trim()) return base;
  try {
    return new URL(value.trim(), base ?? undefined).href;
  } catch {
    return base;
  }
}

function rssVersion(root: XElement): string | null {
  if (root.name === 'rdf:RDF') return root.ns.includes('0.9') || /0\.9/.test(JSON.stringify(root.attrs)) ? '0.90' : '1.0';
  return root.attrs['version']?.trim() || null;
}

function channelLink(channel: XElement): string | null {
  for (const l of childElements(channel, 'link')) {
    const t = textOf(l).trim() || l.attrs['href']?.trim();
    if (t) return t;
  }
  return atomAlternate(channel) ?? (channel.attrs['href']?.trim() || null);
}

function atomAlternate(el: XElement): string | null {
  for (const l of childElements(el, 'atom:link')) {
    const rel = l.attrs['rel'] ?? 'alternate';
    if (rel === 'alternate' && l.attrs['href']) return l.attrs['href'].trim();
  }
  return null;
}

/** An RSS text element: escaped HTML as text, or (illegally) raw markup as child elements. */
export function rssText(el: XElement | undefined): RawText | null {
  if (!el) return null;
  // An Atom element inside RSS (atom:content, atom:summary) may be an Atom text construct: base64 too.
  if (el.name.startsWith('atom:') && el.attrs['mode'] !== undefined) return atomText(el);
  const hasElements = el.children.some((c) => typeof c !== 'string');
  const value = hasElements ? innerXml(el) : textOf(el);
  return value.trim() === '' ? null : { value, html: true };
}

function readItem(item: XElement): RawItem {
  const guidEl = firstChild(item, 'guid');
  const guid = textOf(guidEl).trim() || item.attrs['rdf:about']?.trim() || null;
  return {
    guid,
    link: itemLink(item, guidEl, guid),
    title: rssText(firstChild(item, 'title', 'dc:title', 'media:title')),
    summary: rssText(firstChild(item, 'description', 'dc:description', 'atom:summary', 'media:description', 'itunes:summary', 'abstract')),
    content: rssText(firstChild(item, 'content:encoded', 'atom:content', 'xhtml:body', 'body')),
    author: itemAuthor(item),
    categories: itemCategories(item),
    date: childText(item, ...DATE_ELEMENTS) ?? (item.attrs['lastmod']?.trim() || null),
    enclosure: itemEnclosure(item),
    base: item.base,
  };
}

function itemLink(item: XElement, guidEl: XElement | undefined, guid: string | null): string | null {
  for (const l of childElements(item, 'link')) {
    const t = textOf(l).trim() || l.attrs['href']?.trim();
    if (t) return t;
  }
  const alt = atomAlternate(item) ?? childText(item, 'feedburner:origLink') ?? (item.attrs['href']?.trim() || null);
  if (alt) return alt;
  const permalink = guidEl?.attrs['isPermaLink']?.trim().toLowerCase() !== 'false';
  return permalink && guid && HTTP_URL_RE.test(guid) ? guid : null;
}

function itemAuthor(item: XElement): string | null {
  const atomAuthor = firstChild(item, 'atom:author');
  const raw = childText(item, ...AUTHOR_ELEMENTS) ?? (atomAuthor ? childText(atomAuthor, 'atom:name') : null);
  if (!raw) return null;
  return EMAIL_WITH_NAME_RE.exec(raw)?.[1]?.trim() ?? raw;
}

function itemCategories(item: XElement): string[] {
  const out: string[] = [];
  for (const c of childElements(item, 'category', 'dc:subject')) {
    const t = textOf(c).trim() || c.attrs['term']?.trim();
    if (t) out.push(t);
  }
  return out;
}

function itemEnclosure(item: XElement): RawEnclosure | null {
  const enc = firstChild(item, 'enclosure');
  const url = enc?.attrs['url']?.trim() || enc?.attrs['href']?.trim();
  if (enc && url) return { url, type: enc.attrs['type']?.trim() || null, length: toLength(enc.attrs['length']) };
  const group = firstChild(item, 'media:group');
  const media = firstChild(item, 'media:content') ?? (group && firstChild(group, 'media:content'));
  const murl = media?.attrs['url']?.trim();
  if (media && murl) return { url: murl, type: media.attrs['type']?.trim() || null, length: toLength(media.attrs['fileSize']) };
  return null;
}
