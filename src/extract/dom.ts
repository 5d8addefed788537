/**
 * Small, allocation-light helpers over domhandler trees. Every walk here is iterative (explicit
 * stack) so a page nested 100,000 levels deep cannot overflow the call stack.
 */
import { load } from 'cheerio';
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Document, Element, ParentNode } from 'domhandler';

export type { AnyNode, Document, Element, ParentNode };

/** Which HTML parser builds the tree: htmlparser2 is ~5x faster; parse5 follows the spec exactly. */
export type ParserName = 'htmlparser2' | 'parse5';

/**
 * Tag nesting deeper than this is flattened before parsing: the parsers' open-element stacks are
 * quadratic in depth (100,000 nested <div>s take htmlparser2 seconds and parse5 a minute).
 */
export const MAX_NESTING = 2000;

/** Parses HTML into a domhandler Document. */
export function parseHtml(html: string, parser: ParserName = 'htmlparser2'): Document {
  const src = capNesting(html, MAX_NESTING);
  if (parser === 'parse5') return load(src).root()[0] as Document;
  return parseDocument(src, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

const VOID_TAGS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

/** Tags whose end tag is commonly omitted: not counted, so long HTML4-style lists stay intact. */
const SELF_CLOSING_TAGS = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot', 'colgroup', 'rb', 'rt', 'rp']);

/**
 * Drops start and end tags nested deeper than `max` (by a rough tag count: void elements are
 * known, other unclosed tags over-count, which only makes the cap kick in early on broken pages).
 * Returns the input unchanged (no copy) when it stays within the cap.
 */
export function capNesting(html: string, max: number): string {
  const scan = (emit: ((from: number, to: number) => void) | null): boolean => {
    let depth = 0;
    let last = 0;
    let capped = false;
    for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
      const close = html.charCodeAt(i + 1) === 47; // '/'
      const start = close ? i + 2 : i + 1;
      let end = start;
      while (end < html.length && end - start < 12 && isNameChar(html.charCodeAt(end))) end++;
      if (end === start) continue;
      const name = html.slice(start, end).toLowerCase();
      if (VOID_TAGS.has(name) || SELF_CLOSING_TAGS.has(name)) continue;
      let inside: boolean;
      if (close) {
        inside = depth > max;
        if (depth > 0) depth--;
      } else inside = ++depth > max;
      if (!inside) continue;
      capped = true;
      if (!emit) return true;
      const gt = html.indexOf('>', end);
      emit(last, i);
      last = gt < 0 ? html.length : gt + 1;
    }
    emit?.(last, html.length);
    return capped;
  };
  if (!scan(null)) return html;
  const parts: string[] = [];
  scan((from, to) => parts.push(html.slice(from, to)));
  return parts.join('');
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** True for element nodes, including <script> and <style> (domhandler gives those their own type). */
export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Lower-cased attribute value, or '' when absent. */
export function attr(el: Element, name: string): string {
  return el.attribs[name] ?? '';
}

/** The element's class and id joined, lower-cased: what the boilerplate patterns look at. */
export function classAndId(el: Element): string {
  const c = el.attribs['class'];
  const i = el.attribs['id'];
  if (!c && !i) return '';
  return `${c ?? ''} ${i ?? ''}`.toLowerCase();
}

/**
 * Pre-order walk. `visit` returns false to skip an element's children. Iterative, so depth is
 * bounded only by memory.
 */
export function walk(root: AnyNode, visit: (node: AnyNode) => boolean | void): void {
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    if ('children' in node) {
      const kids = node.children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
  }
}

/** All elements under root (inclusive) matching the predicate, in document order. */
export function findAll(root: AnyNode, pred: (el: Element) => boolean): Element[] {
  const out: Element[] = [];
  walk(root, (n) => {
    if (isElement(n) && pred(n)) out.push(n);
  });
  return out;
}

/** First element under root (inclusive) with the given tag name. */
export function findFirst(root: AnyNode, name: string): Element | null {
  let found: Element | null = null;
  walk(root, (n) => {
    if (found) return false;
    if (isElement(n) && n.name === name) found = n;
  });
  return found;
}

/** Concatenated raw text of a subtree (no whitespace handling). */
export function rawText(root: AnyNode): string {
  const parts: string[] = [];
  walk(root, (n) => {
    if (n.type === 'text') parts.push(n.data);
    else if (n !== root && (n.type === 'comment' || n.type === 'script' || n.type === 'style')) return false;
    else if (n.type === 'tag' && n.name === 'br') parts.push(' ');
  });
  return parts.join('');
}

/**
 * Text of a subtree if it is at most `max` characters, else null. Visits at most `max * 4` nodes so
 * that probing many nested elements stays cheap.
 */
export function shortText(root: AnyNode, max: number): string | null {
  let len = 0;
  let visited = 0;
  let over = false;
  const parts: string[] = [];
  walk(root, (n) => {
    if (over) return false;
    if (++visited > max * 4) over = true;
    if (n.type === 'text') {
      len += n.data.length;
      parts.push(n.data);
      if (len > max * 3) over = true;
    } else if (n.type === 'comment' || n.type === 'script' || n.type === 'style') return false;
  });
  if (over) return null;
  const text = parts.join('').replace(/\s+/g, ' ').trim();
  return text.length <= max ? text : null;
}

/** Detaches a node from its parent. */
export function remove(node: AnyNode): void {
  const parent = node.parent;
  if (!parent) return;
  const kids = parent.children;
  const i = kids.indexOf(node as (typeof kids)[number]);
  if (i >= 0) kids.splice(i, 1);
  if (node.prev) node.prev.next = node.next;
  if (node.next) node.next.prev = node.prev;
  node.parent = null;
  node.prev = null;
  node.next = null;
}

/** Depth of an element (number of element ancestors), capped at `cap`. */
export function depthOf(node: AnyNode, cap: number): number {
  let d = 0;
  for (let p = node.parent; p && d < cap; p = p.parent) d++;
  return d;
}
