/** Atom 1.0 and 0.3 reader over the namespace-canonical tree. */
import { toLength, type RawEnclosure, type RawFeed, type RawItem, type RawText } from './raw.js';
import { childElements, childText, firstChild, innerXml, textOf, type XElement } from './xml-tree.js';

const ATOM_03_NS = 'http://purl.org/atom/ns#';
const ENTRY_DATES = ['published', 'issued', 'created', 'updated', 'modified'];

/** Reads a document whose root is <feed> (in the Atom namespace, or in none). */
export function readAtom(root: XElement): RawFeed {
  const p = root.name === 'atom:feed' ? 'atom:' : '';
  const feedAuthor = authorName(root, p);
  const entries = childElements(root, `${p}entry`);
  return {
    format: 'atom',
    version: root.ns === ATOM_03_NS || root.attrs['version'] === '0.3' ? 'atom-0.3' : 'atom-1.0',
    title: atomText(firstChild(root, `${p}title`)),
    link: alternateLink(root, p),
    language: root.lang,
    ttlMinutes: null,
    base: root.base,
    items: entries.map((e) => readEntry(e, p, feedAuthor)),
    ...([root, ...entries].some(hasBase64Text) ? { repairs: ['base64'] } : {}),
  };
}

/** Whether a text construct among the element's children is base64-encoded (Atom 0.3 `mode="base64"`). */
function hasBase64Text(el: XElement): boolean {
  return childElements(el).some((c) => isBase64(c));
}

const isBase64 = (el: XElement): boolean => el.attrs['mode']?.trim().toLowerCase() === 'base64';

function readEntry(entry: XElement, p: string, feedAuthor: string | null): RawItem {
  const content = firstChild(entry, `${p}content`);
  const src = content?.attrs['src']?.trim() || null;
  return {
    guid: childText(entry, `${p}id`),
    link: alternateLink(entry, p) ?? src,
    title: atomText(firstChild(entry, `${p}title`)),
    summary: atomText(firstChild(entry, `${p}summary`, `${p}subtitle`)),
    content: src ? null : atomText(content),
    author: authorName(entry, p) ?? sourceAuthor(entry, p) ?? feedAuthor,
    categories: categories(entry, p),
    date: childText(entry, ...ENTRY_DATES.map((d) => `${p}${d}`), 'dc:date'),
    enclosure: enclosure(entry, p),
    base: entry.base,
  };
}

/**
 * An Atom text construct. 1.0: type text|html|xhtml. 0.3: type is a MIME type and mode is
 * xml|escaped|base64 (default xml, i.e. inline markup).
 */
export function atomText(el: XElement | undefined): RawText | null {
  if (!el) return null;
  const type = (el.attrs['type'] ?? 'text').trim().toLowerCase();
  const mode = el.attrs['mode']?.trim().toLowerCase();
  const hasElements = el.children.some((c) => typeof c !== 'string');
  let value: string;
  let html: boolean;
  if (isBase64(el)) {
    value = Buffer.from(textOf(el), 'base64').toString('utf8');
    html = type.includes('html');
  } else if (type === 'xhtml' || type.includes('xhtml') || hasElements) {
    const kids = el.children.filter((c) => typeof c !== 'string' || c.trim() !== '');
    const only = kids.length === 1 && typeof kids[0] !== 'string' ? kids[0] : null;
    value = innerXml(only && /(^|:)div$/.test(only.name) ? only : el);
    html = true;
  } else {
    value = textOf(el);
    html = type === 'html' || type === 'text/html' || mode === 'escaped';
  }
  return value.trim() === '' ? null : { value, html };
}

function alternateLink(el: XElement, p: string): string | null {
  const links = childElements(el, `${p}link`).filter((l) => l.attrs['href']?.trim());
  const alternates = links.filter((l) => (l.attrs['rel'] ?? 'alternate').trim() === 'alternate');
  const preferred = alternates.find((l) => /html/.test(l.attrs['type'] ?? 'text/html')) ?? alternates[0];
  const chosen = preferred ?? links.find((l) => !/^(self|enclosure|edit|replies|hub|license)$/.test(l.attrs['rel'] ?? ''));
  return chosen?.attrs['href']?.trim() ?? null;
}

function authorName(el: XElement, p: string): string | null {
  const names = childElements(el, `${p}author`)
    .map((a) => childText(a, `${p}name`) ?? (textOf(a).trim() || null))
    .filter((n): n is string => n !== null);
  return names.length ? names.join(', ') : childText(el, 'dc:creator');
}

function sourceAuthor(entry: XElement, p: string): string | null {
  const source = firstChild(entry, `${p}source`);
  return source ? authorName(source, p) : null;
}

function categories(entry: XElement, p: string): string[] {
  const out: string[] = [];
  for (const c of childElements(entry, `${p}category`)) {
    const t = c.attrs['label']?.trim() || c.attrs['term']?.trim() || textOf(c).trim();
    if (t) out.push(t);
  }
  for (const c of childElements(entry, 'dc:subject')) {
    const t = textOf(c).trim();
    if (t) out.push(t);
  }
  return out;
}

function enclosure(entry: XElement, p: string): RawEnclosure | null {
  const l = childElements(entry, `${p}link`).find((x) => x.attrs['rel']?.trim() === 'enclosure' && x.attrs['href']?.trim());
  if (!l) return null;
  return { url: l.attrs['href']!.trim(), type: l.attrs['type']?.trim() || null, length: toLength(l.attrs['length']) };
}
