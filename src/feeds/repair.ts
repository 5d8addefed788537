/**
 * Textual repairs that turn the XML feeds found in the wild into well-formed XML a strict parser
 * (xml2js/sax in rss-parser) accepts. Each repair is named in the result so callers can report it.
 * CDATA sections and comments are left untouched.
 */
import { decodeHTMLStrict } from 'entities';

/** Names of the repairs, as reported in ParsedFeed.repairs. */
export type RepairName =
  | 'leading-content' | 'trailing-content' | 'control-characters' | 'doctype' | 'html-entities'
  | 'bare-ampersands' | 'stray-lt' | 'rss-version' | 'namespace-prefixes' | 'hex-references';

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const PROTECTED_RE = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)/g;
// Matches every `&` except the five XML references, which are by far the most common and need no work.
const AMP_RE = /&(?!(?:amp|lt|gt|quot|apos);)(#[0-9]{1,8};|#[xX][0-9a-fA-F]{1,7};|[A-Za-z][A-Za-z0-9]{0,31};)?/g;
const STRAY_LT_RE = /<(?![A-Za-z_:/!?])/g;
const DOCTYPE_RE = /<!DOCTYPE\b(?:[^[>]*)(\[[\s\S]*?\]\s*)?>/i;
const ROOT_START_RE = /<([A-Za-z_][\w.:-]*)\b/;
const RSS_NO_VERSION_RE = /<rss\b(?![^>]*\bversion\s*=)/;
/** Character codes used by the prefix scanner. */
const [LT, SLASH, SPACE, TAB, LF, CR] = [60, 47, 32, 9, 10, 13];
const XMLNS_DECL_RE = /xmlns:([A-Za-z_][\w.-]*)\s*=/g;
/** Well-known namespace URIs for prefixes feeds use without declaring them. */
export const CONVENTIONAL_NAMESPACES: Readonly<Record<string, string>> = {
  atom: 'http://www.w3.org/2005/Atom', content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/', dcterms: 'http://purl.org/dc/terms/',
  media: 'http://search.yahoo.com/mrss/', itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', slash: 'http://purl.org/rss/1.0/modules/slash/',
  wfw: 'http://wellformedweb.org/CommentAPI/', sy: 'http://purl.org/rss/1.0/modules/syndication/',
  georss: 'http://www.georss.org/georss', xhtml: 'http://www.w3.org/1999/xhtml',
  yandex: 'http://news.yandex.ru', feedburner: 'http://rssnamespace.org/feedburner/ext/1.0',
};
/** Code points 128-159 in numeric references almost always mean windows-1252 (HTML5 does the same). */
const C1_TO_CP1252: Record<number, number> = {
  128: 0x20ac, 130: 0x201a, 131: 0x192, 132: 0x201e, 133: 0x2026, 134: 0x2020, 135: 0x2021, 136: 0x2c6,
  137: 0x2030, 138: 0x160, 139: 0x2039, 140: 0x152, 142: 0x17d, 145: 0x2018, 146: 0x2019, 147: 0x201c,
  148: 0x201d, 149: 0x2022, 150: 0x2013, 151: 0x2014, 152: 0x2dc, 153: 0x2122, 154: 0x161, 155: 0x203a,
  156: 0x153, 158: 0x17e, 159: 0x178,
};

export interface RepairResult {
  text: string;
  repairs: RepairName[];
}

/** Repairs a decoded XML feed document. Never throws. */
export function repairXml(input: string): RepairResult {
  const repairs = new Set<RepairName>();
  let text = stripLeading(input, repairs);
  text = replaceCounting(text, CONTROL_CHARS_RE, '', 'control-characters', repairs);
  const doctype = DOCTYPE_RE.exec(text);
  if (doctype) {
    // Internal subsets can declare entity-expansion bombs; no feed needs its DTD, so drop it whole.
    text = text.slice(0, doctype.index) + text.slice(doctype.index + doctype[0].length);
    repairs.add('doctype');
  }
  text = mapUnprotected(text, (s) => repairMarkupText(s, repairs));
  text = stripTrailing(text, repairs);
  if (RSS_NO_VERSION_RE.test(text)) {
    text = text.replace(RSS_NO_VERSION_RE, '<rss version="2.0"');
    repairs.add('rss-version');
  }
  text = declareMissingPrefixes(text, repairs);
  return { text, repairs: [...repairs] };
}

function stripLeading(text: string, repairs: Set<RepairName>): string {
  const decl = text.indexOf('<?xml');
  const start = decl >= 0 && decl < 4096 ? decl : text.search(/<[A-Za-z!?]/);
  if (start > 0) {
    repairs.add('leading-content');
    return text.slice(start);
  }
  return text;
}

function stripTrailing(text: string, repairs: Set<RepairName>): string {
  const root = rootName(text);
  if (!root) return text;
  const close = `</${root}>`;
  const end = text.lastIndexOf(close);
  if (end < 0) return text;
  const after = end + close.length;
  if (/\S/.test(text.slice(after))) {
    repairs.add('trailing-content');
    return text.slice(0, after);
  }
  return text;
}

/** Name of the first element after the prolog (skipping <?...?>, comments, which may hold markup, and <!...>). */
export function rootName(text: string): string | null {
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return null;
    const c = text[lt + 1];
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) return null;
      i = end + 3;
      continue;
    }
    if (c === '?' || c === '!') {
      const end = text.indexOf('>', lt);
      if (end < 0) return null;
      i = end + 1;
      continue;
    }
    return ROOT_START_RE.exec(text.slice(lt, lt + 200))?.[1] ?? null;
  }
}

function replaceCounting(text: string, re: RegExp, by: string, name: RepairName, repairs: Set<RepairName>): string {
  const out = text.replace(re, by);
  if (out.length !== text.length) repairs.add(name);
  return out;
}

/** Applies `fn` to the text outside CDATA sections and comments. */
function mapUnprotected(text: string, fn: (s: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PROTECTED_RE)) {
    out += fn(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + fn(text.slice(last));
}

function repairMarkupText(s: string, repairs: Set<RepairName>): string {
  if (s.includes('&')) s = s.replace(AMP_RE, (m, ref: string | undefined) => fixReference(m, ref, repairs));
  if (STRAY_LT_RE.test(s)) {
    STRAY_LT_RE.lastIndex = 0;
    s = s.replace(STRAY_LT_RE, '&lt;');
    repairs.add('stray-lt');
  }
  return s;
}

/** One `&...` occurrence: keep XML references, turn HTML named ones into numeric, escape the rest. */
function fixReference(match: string, ref: string | undefined, repairs: Set<RepairName>): string {
  if (!ref) {
    repairs.add('bare-ampersands');
    return '&amp;';
  }
  if (ref.startsWith('#')) {
    const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    const fixed = C1_TO_CP1252[cp] ?? cp;
    if (!isXmlChar(fixed)) {
      repairs.add('control-characters');
      return '';
    }
    // XML writes hex references with a lower-case x only (&#X41; is HTML).
    if (ref[1] === 'X') repairs.add('hex-references');
    return fixed === cp && ref[1] !== 'X' ? match : `&#${fixed};`;
  }
  const name = ref.slice(0, -1);
  if (XML_ENTITIES.has(name)) return match;
  const decoded = decodeHTMLStrict(match);
  if (decoded !== match) {
    repairs.add('html-entities');
    return [...decoded].map((ch) => `&#${ch.codePointAt(0)};`).join('');
  }
  repairs.add('bare-ampersands');
  return `&amp;${ref}`;
}

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Declares prefixes used on elements or attributes but never bound (xml2js' xmlns mode and sax reject them). */
function declareMissingPrefixes(text: string, repairs: Set<RepairName>): string {
  const declared = new Set(['xml', 'xmlns']);
  for (const m of text.matchAll(XMLNS_DECL_RE)) declared.add(m[1]!);
  const missing = new Set<string>();
  for (const prefix of usedPrefixes(text)) if (!declared.has(prefix)) missing.add(prefix);
  if (missing.size === 0) return text;
  const root = rootName(text);
  const at = root ? text.indexOf(`<${root}`) + root.length + 1 : -1;
  if (at <= 0) return text;
  const decls = [...missing]
    .map((p) => ` xmlns:${p}="${CONVENTIONAL_NAMESPACES[p] ?? `urn:x-mediamon:undeclared:${p}`}"`)
    .join('');
  repairs.add('namespace-prefixes');
  return text.slice(0, at) + decls + text.slice(at);
}

/**
 * Prefixes used as `<p:name`, `</p:name` or ` p:name=` (attribute). A scan from each ':' is several
 * times faster than a regex anchored on '<' or whitespace, which are everywhere in a feed.
 */
function usedPrefixes(text: string): Set<string> {
  const found = new Set<string>();
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    if (!isNameStart(text.charCodeAt(i + 1))) continue;
    let start = i;
    while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
    if (start === i || !isNameStart(text.charCodeAt(start))) continue;
    const before = text.charCodeAt(start - 1);
    if (before === LT || (before === SLASH && text.charCodeAt(start - 2) === LT)) found.add(text.slice(start, i));
    else if ((before === SPACE || before === TAB || before === LF || before === CR) && isAttributeAt(text, i + 1)) found.add(text.slice(start, i));
  }
  return found;
}

function isAttributeAt(text: string, from: number): boolean {
  let j = from;
  while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
  while (text[j] === ' ') j++;
  return text[j] === '=' && /\s*["']/.test(text.slice(j + 1, j + 3));
}


function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}
