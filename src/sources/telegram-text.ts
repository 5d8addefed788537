/**
 * Visible text of a piece of the preview markup, as a reader sees it: `<br>` is a newline, block
 * elements start new lines, whitespace runs collapse, and emoji are characters (Telegram draws them as
 * `<i class="emoji" style="background-image:url(.../F09F92AA.png)"><b>💪</b></i>`; when the `<b>` is
 * missing the character is decoded from the image name).
 */
import type { AnyNode, Element } from 'domhandler';

/** Elements that break the line before and after them. */
const BLOCK_TAGS = new Set(['div', 'p', 'blockquote', 'pre', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tr', 'section']);
const SKIP_TAGS = new Set(['script', 'style', 'template', 'svg', 'video', 'audio', 'noscript']);
/** Emoji image names: the UTF-8 bytes of the character in hex (telegram.org/img/emoji/40/F09F92AA.png). */
const EMOJI_IMAGE_RE = /\/([0-9A-F]{2,})\.(?:png|webp)/i;
const VIEWS_RE = /(\d+(?:[.,]\d+)*)\s*([KMB])?/i;
const MULTIPLIER: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9 };

/** The class tokens of an element ([class~=...]). */
export function classTokens(el: Element): string[] {
  const value = el.attribs.class;
  return value ? value.split(/\s+/).filter(Boolean) : [];
}

export function hasClass(el: Element, token: string): boolean {
  return classTokens(el).includes(token);
}

function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** The character an emoji image stands for, from its background-image name, or ''. */
export function emojiFromImage(style: string | undefined): string {
  const match = style ? EMOJI_IMAGE_RE.exec(style) : null;
  if (!match || match[1]!.length % 2 !== 0) return '';
  const text = Buffer.from(match[1]!, 'hex').toString('utf8');
  return text.includes('\uFFFD') ? '' : text;
}

/**
 * The text of `root`. `skip` leaves out a subtree (a nested reply or link preview). Iterative, so a
 * deeply nested page cannot overflow the stack.
 */
export function visibleText(root: Element, skip: (el: Element) => boolean = () => false): string {
  let out = '';
  const stack: (AnyNode | string)[] = [...root.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (typeof node === 'string') {
      out += node;
      continue;
    }
    if (node.type === 'text') {
      out += (node as unknown as { data: string }).data.replace(/[ \t\r\n\f]+/g, ' ');
      continue;
    }
    if (!isElement(node)) continue;
    const tag = node.name.toLowerCase();
    if (SKIP_TAGS.has(tag) || skip(node)) continue;
    if (tag === 'br') {
      out += '\n';
      continue;
    }
    if (tag === 'img') {
      out += node.attribs.alt ?? '';
      continue;
    }
    if (tag === 'i' && hasClass(node, 'emoji') && !textOf(node).trim()) {
      out += emojiFromImage(node.attribs.style);
      continue;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) stack.push('\n');
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    if (block) stack.push('\n');
  }
  return tidy(out);
}

/** Plain text content of an element (no layout rules). */
export function textOf(root: Element): string {
  let out = '';
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') out += (node as unknown as { data: string }).data;
    else if (isElement(node)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/** Trim each line, no more than one blank line in a row, no blank lines at the ends. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^ +| +$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Views as shown ("999", "12.3K", "1.2M", "1,234") as a number, or null. */
export function parseViews(shown: string | null | undefined): number | null {
  if (!shown) return null;
  const match = VIEWS_RE.exec(shown.replace(/\u00a0/g, ' '));
  if (!match) return null;
  const [, digits, suffix] = match;
  if (suffix) {
    const value = Number(digits!.replace(',', '.'));
    return Number.isFinite(value) ? Math.round(value * MULTIPLIER[suffix.toUpperCase()]!) : null;
  }
  const value = Number(digits!.replace(/[.,]/g, ''));
  return Number.isFinite(value) ? value : null;
}
