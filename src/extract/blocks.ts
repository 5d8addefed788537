/**
 * Turns a subtree into text blocks: one block per run of inline content between block-level
 * boundaries, each with the count of its characters that sit inside links.
 */
import { isElement, type AnyNode, type Element } from './dom.js';

/** Elements that start and end a block of text. */
export const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog',
  'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p',
  'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** Elements whose content is never article text. */
export const SKIP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas', 'iframe', 'object', 'embed',
  'video', 'audio', 'map', 'button', 'input', 'select', 'textarea', 'option', 'head', 'title', 'meta',
  'link', 'img', 'picture', 'source',
]);

const WS = /\s+/g;
/** Soft hyphens, zero-width spaces and BOMs: invisible, and they split words for search and scoring. */
export const INVISIBLE = /[\u00ad\u200b\ufeff]/g;
/** Stands for a <br> until whitespace is collapsed (a noncharacter, so never real text). */
const BR = '\uffff';

/** One paragraph-like run of text. */
export interface Block {
  /** Whitespace-collapsed text; a <br> becomes "\n". */
  text: string;
  /** Characters of `text` inside <a> elements. */
  linkChars: number;
  /** The nearest block-level element enclosing the text (the "paragraph"). */
  el: Element;
}

interface Leave {
  leave: Element;
}

/** Collects the blocks under `root`, in document order. */
export function collectBlocks(root: AnyNode): Block[] {
  const out: Block[] = [];
  const parts: string[] = [];
  let linkChars = 0;
  let linkDepth = 0;
  const containers: Element[] = [];
  const flush = (): void => {
    if (parts.length === 0) return;
    const text = normalise(parts.join(''));
    parts.length = 0;
    const el = containers[containers.length - 1];
    if (text && el) out.push({ text, linkChars: Math.min(linkChars, text.length), el });
    linkChars = 0;
  };
  const stack: (AnyNode | Leave)[] = [root];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('leave' in item) {
      const el = item.leave;
      if (el.name === 'a') linkDepth--;
      else {
        flush();
        containers.pop();
      }
      continue;
    }
    const node = item;
    if (node.type === 'text') {
      const data = node.data;
      parts.push(data);
      if (linkDepth > 0) linkChars += data.replace(WS, ' ').length;
      continue;
    }
    if (node.type === 'root') {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
      continue;
    }
    if (!isElement(node)) continue;
    const name = node.name;
    if (SKIP_TAGS.has(name)) continue;
    if (name === 'br') {
      parts.push(BR);
      continue;
    }
    if (BLOCK_TAGS.has(name) || node === root) {
      flush();
      containers.push(node);
      stack.push({ leave: node });
    } else if (name === 'a') {
      linkDepth++;
      stack.push({ leave: node });
    }
    const kids = node.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  flush();
  return out;
}

/** Collapses whitespace; each <br> becomes a single line break. */
export function normalise(s: string): string {
  const collapsed = s.replace(INVISIBLE, '').replace(WS, ' ');
  if (!collapsed.includes(BR)) return collapsed.trim();
  return collapsed
    .split(BR)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join('\n');
}
