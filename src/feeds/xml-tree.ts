/**
 * A small namespace-aware element tree built with htmlparser2's tokenizer in XML mode, which never
 * throws on malformed input (unclosed tags are closed at their parent's end, stray end tags ignored) and
 * never expands DTD entities. Element names are canonicalised by namespace URI, so `<a:feed
 * xmlns:a="http://www.w3.org/2005/Atom">` and `<feed xmlns="http://www.w3.org/2005/Atom">` both read as
 * `atom:feed`, and RSS 1.0/2.0 elements in their (optional) namespaces read unprefixed.
 */
import { Parser } from 'htmlparser2';
import { recasedAttributes, recasedName } from './element-case.js';
import { FeedError } from './errors.js';
import { CONVENTIONAL_NAMESPACES } from './repair.js';

/** Elements nested deeper than this are flattened into their ancestor (stack-depth guard). */
const MAX_DEPTH = 256;
/** Past this depth the document is refused: htmlparser2 keeps its open-tag stack with unshift/shift,
 *  so each level costs time proportional to the depth (100,000 levels took seconds, quadratic). */
const REFUSE_DEPTH = 4_096;
/** Namespace URI -> canonical prefix ('' = the plain RSS vocabulary). */
const KNOWN_NAMESPACES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(CONVENTIONAL_NAMESPACES).map(([p, uri]) => [uri, p])),
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://backend.userland.com/rss': '',
  'http://channel.netscape.com/rdf/simple/0.9/': '',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
};

export interface XElement {
  /** Canonical qualified name, e.g. 'atom:entry', 'item', 'dc:creator'. */
  name: string;
  /** The name as written in the document. */
  rawName: string;
  /** Namespace URI ('' when none). */
  ns: string;
  attrs: Record<string, string>;
  children: XChild[];
  /** Absolute xml:base in scope (resolved against the parent's), or null. */
  base: string | null;
  /** xml:lang in scope, or null. */
  lang: string | null;
}
export type XChild = XElement | string;

interface Frame {
  el: XElement;
  scope: Map<string, string>;
  depth: number;
}

/**
 * Parses XML text into a tree; returns the synthetic document element whose children are the roots.
 * `notes` collects what was read leniently ('element-case': known names in another case).
 */
export function parseXmlTree(text: string, baseUrl: string | null, notes?: Set<string>): XElement {
  const doc: XElement = { name: '#document', rawName: '#document', ns: '', attrs: {}, children: [], base: baseUrl, lang: null };
  const stack: Frame[] = [{ el: doc, scope: new Map(), depth: 0 }];
  let flattened = 0;
  const parser = new Parser(
    {
      onopentag(rawName, attrs) {
        const top = stack[stack.length - 1]!;
        if (top.depth >= MAX_DEPTH) {
          if (++flattened > REFUSE_DEPTH - MAX_DEPTH) throw new FeedError('malformed', `feeds: elements nested deeper than ${REFUSE_DEPTH} levels`);
          return;
        }
        const scope = scopeFor(top.scope, attrs);
        const el = makeElement(rawName, attrs, scope, top.el, notes);
        top.el.children.push(el);
        stack.push({ el, scope, depth: top.depth + 1 });
      },
      onclosetag() {
        if (flattened > 0) flattened--;
        else if (stack.length > 1) stack.pop();
      },
      ontext(data) {
        const kids = stack[stack.length - 1]!.el.children;
        const last = kids.length - 1;
        if (last >= 0 && typeof kids[last] === 'string') kids[last] += data;
        else kids.push(data);
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  parser.end(text);
  return doc;
}

function scopeFor(parent: Map<string, string>, attrs: Record<string, string>): Map<string, string> {
  let scope = parent;
  for (const key in attrs) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      if (scope === parent) scope = new Map(parent);
      scope.set(key === 'xmlns' ? '' : key.slice(6), attrs[key]!.trim());
    }
  }
  return scope;
}

function makeElement(rawName: string, written: Record<string, string>, scope: Map<string, string>, parent: XElement, notes?: Set<string>): XElement {
  const colon = rawName.indexOf(':');
  const prefix = colon > 0 ? rawName.slice(0, colon) : '';
  const attrs = recasedAttributes(written);
  let local = colon > 0 ? rawName.slice(colon + 1) : rawName;
  const ns = scope.get(prefix) ?? (prefix ? CONVENTIONAL_NAMESPACES[prefix] ?? '' : '');
  const known = KNOWN_NAMESPACES[ns] ?? KNOWN_NAMESPACES[ns.replace(/\/$/, '')];
  // Unknown namespaces keep their written prefix; an unknown default namespace reads as plain RSS.
  const canon = known ?? prefix;
  const recased = known !== undefined || prefix === '' ? recasedName(canon, local) : null;
  if (recased !== null) {
    local = recased;
    notes?.add('element-case');
  }
  return {
    name: canon ? `${canon}:${local}` : local,
    rawName,
    ns,
    attrs,
    children: [],
    base: resolveBase(attrs['xml:base'], parent.base),
    lang: attrs['xml:lang']?.trim() || parent.lang,
  };
}

function resolveBase(value: string | undefined, parentBase: string | null): string | null {
  if (value === undefined) return parentBase;
  try {
    return new URL(value.trim(), parentBase ?? undefined).href;
  } catch {
    return parentBase;
  }
}

/** Local part of a canonical name. */
export function localName(el: XElement): string {
  const i = el.name.indexOf(':');
  return i < 0 ? el.name : el.name.slice(i + 1);
}

/** Child elements, optionally only those with one of the given canonical names. */
export function childElements(el: XElement, ...names: string[]): XElement[] {
  const out: XElement[] = [];
  for (const c of el.children) if (typeof c !== 'string' && (names.length === 0 || names.includes(c.name))) out.push(c);
  return out;
}

/** First child element with one of the names, in the order of `names` (priority), or undefined. */
export function firstChild(el: XElement, ...names: string[]): XElement | undefined {
  for (const n of names) {
    for (const c of el.children) if (typeof c !== 'string' && c.name === n) return c;
  }
  return undefined;
}

/** Concatenated text content of an element. */
export function textOf(el: XElement | undefined): string {
  if (!el) return '';
  let out = '';
  for (const c of el.children) out += typeof c === 'string' ? c : textOf(c);
  return out;
}

/** Trimmed text of the first child with one of the names, or null when absent or blank. */
export function childText(el: XElement, ...names: string[]): string | null {
  const t = textOf(firstChild(el, ...names)).trim();
  return t === '' ? null : t;
}

const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'source', 'track', 'wbr', 'area', 'col', 'embed', 'param']);
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

/** Serialises an element's children back to markup (XHTML elements by their local names). */
export function innerXml(el: XElement): string {
  let out = '';
  for (const c of el.children) {
    if (typeof c === 'string') {
      out += escapeXml(c);
      continue;
    }
    const name = c.ns === 'http://www.w3.org/1999/xhtml' || c.ns === '' ? localName(c) : c.rawName;
    let attrs = '';
    for (const k in c.attrs) if (!k.startsWith('xmlns')) attrs += ` ${k}="${escapeXml(c.attrs[k]!)}"`;
    out += VOID_ELEMENTS.has(name.toLowerCase()) ? `<${name}${attrs}>` : `<${name}${attrs}>${innerXml(c)}</${name}>`;
  }
  return out;
}
