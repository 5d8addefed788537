/**
 * HTML fragments from feeds: sanitising (drop active content, resolve relative URLs) and conversion to
 * clean text with paragraphs separated by blank lines. Uses htmlparser2 in HTML mode (full HTML5 entity
 * table, forgiving of broken markup).
 */
import { parseDocument } from 'htmlparser2';
import { render } from 'dom-serializer';
import { decodeHTML } from 'entities';
import type { AnyNode, ChildNode, Element } from 'domhandler';

/** Elements removed with their content. */
const DROP_ELEMENTS = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'template',
  'form', 'input', 'button', 'select', 'textarea', 'link', 'meta', 'base', 'svg', 'math',
]);
/** Elements that start a new paragraph in text output. */
const BLOCK_ELEMENTS = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'aside', 'blockquote', 'pre', 'ul', 'ol', 'li',
  'dl', 'dt', 'dd', 'table', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure', 'figcaption', 'hr',
  'address', 'main', 'nav', 'details', 'summary', 'center',
]);
const URL_ATTRS = new Set(['href', 'src', 'poster', 'cite', 'action', 'background', 'longdesc']);
const UNSAFE_URL_RE = /^\s*(?:javascript|vbscript|data:text\/html|livescript)\s*:?/i;
const UNSAFE_URL_PREFIX_RE = /^\s*(?:javascript|vbscript|livescript):|^\s*data:text\/html/i;
const NEWLINES_RE = /[\r\n]+/g;
const BLANK_LINE_RE = /\n[ \t]*\n/;
const SPACES_RE = /[ \t\f\v\r\n\u00a0\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]+/g;

/**
 * Sanitises an HTML fragment: drops script/style/iframe and other active or embedding elements, on*
 * attributes, javascript: URLs and comments; resolves relative URLs (href, src, srcset, poster...) against
 * `base` when it is absolute.
 */
export function sanitizeHtml(html: string, base: string | null): string {
  return sanitizeWithText(html, base).html;
}

/** {@link sanitizeHtml} and {@link htmlToText} of the result, parsing the fragment once. */
export function sanitizeWithText(html: string, base: string | null): { html: string; text: string } {
  if (html.trim() === '') return { html: '', text: '' };
  const doc = parseDocument(html, { decodeEntities: true });
  cleanChildren(doc.children, base);
  return { html: render(doc.children, { decodeEntities: true, encodeEntities: 'utf8' }).trim(), text: domText(doc.children) };
}

function cleanChildren(children: ChildNode[], base: string | null): void {
  for (let i = children.length - 1; i >= 0; i--) {
    const node = children[i]!;
    if (node.type === 'comment' || node.type === 'directive' || (node.type === 'tag' && DROP_ELEMENTS.has(node.name)) || node.type === 'script' || node.type === 'style') {
      children.splice(i, 1);
      continue;
    }
    if (node.type === 'tag') {
      cleanAttributes(node, base);
      cleanChildren(node.children, base);
    }
  }
}

function cleanAttributes(el: Element, base: string | null): void {
  for (const name of Object.keys(el.attribs)) {
    const value = el.attribs[name]!;
    const lower = name.toLowerCase();
    if (lower.startsWith('on') || lower === 'style' || lower === 'formaction') delete el.attribs[name];
    else if (URL_ATTRS.has(lower)) {
      if (UNSAFE_URL_PREFIX_RE.test(value) || UNSAFE_URL_RE.test(value.replace(/[\s\u0000-\u001f]/g, ''))) delete el.attribs[name];
      else el.attribs[name] = resolveUrl(value, base) ?? value;
    } else if (lower === 'srcset') el.attribs[name] = resolveSrcset(value, base);
  }
}

/** Absolute URL of `value` against `base`, or null when it cannot be made absolute. */
export function resolveUrl(value: string | null | undefined, base: string | null): string | null {
  if (!value) return null;
  const v = value.trim();
  if (v === '') return null;
  try {
    return new URL(v, base ?? undefined).href;
  } catch {
    return null;
  }
}

function resolveSrcset(value: string, base: string | null): string {
  return value
    .split(',')
    .map((part) => {
      const [url, ...desc] = part.trim().split(/\s+/);
      return [resolveUrl(url, base) ?? url, ...desc].join(' ');
    })
    .join(', ');
}

/** Plain text of an HTML fragment: paragraphs separated by a blank line, whitespace collapsed. */
export function htmlToText(html: string): string {
  if (!html.includes('<')) return plainParagraphs(html.includes('&') ? decodeHTML(html) : html);
  return domText(parseDocument(html, { decodeEntities: true }).children);
}

function domText(nodes: AnyNode[]): string {
  const paragraphs: string[] = [];
  const current: string[] = [];
  const flush = (): void => {
    const p = current.join('').split('\n').map(collapse).filter(Boolean).join('\n');
    if (p) paragraphs.push(p);
    current.length = 0;
  };
  walkText(nodes, current, flush);
  flush();
  return paragraphs.join('\n\n');
}

function walkText(nodes: AnyNode[], out: string[], flush: () => void): void {
  for (const node of nodes) {
    if (node.type === 'text') out.push(node.data.replace(NEWLINES_RE, ' '));
    else if (node.type === 'tag') {
      if (DROP_ELEMENTS.has(node.name)) continue;
      if (node.name === 'br') {
        out.push('\n');
        continue;
      }
      const block = BLOCK_ELEMENTS.has(node.name);
      if (block) flush();
      walkText(node.children, out, flush);
      if (block) flush();
      else if (node.name === 'td' || node.name === 'th') out.push(' ');
    }
  }
}

/** Title-style text: tags stripped, entities decoded, one line. */
export function inlineText(html: string): string {
  return collapse(htmlToText(html).replace(/\n+/g, ' '));
}

/** Plain text keeps its blank-line paragraphs and single line breaks. */
export function plainParagraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(BLANK_LINE_RE)
    .map((p) => p.split('\n').map(collapse).filter(Boolean).join('\n'))
    .filter(Boolean)
    .join('\n\n');
}

function collapse(s: string): string {
  return s.replace(SPACES_RE, ' ').trim();
}

/** Escapes plain text for inclusion in HTML, keeping its paragraphs. */
export function textToHtml(text: string): string {
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return esc
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}
