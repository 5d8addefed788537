/**
 * Titles that are only an image: `<title><img src=... alt="Evacuation buses"/></title>` (raw or
 * escaped). Their text is empty, yet a person's reader shows the item, named by the image's alt
 * text; without one, by the first sentence of the item's text.
 */
import { decodeHTML } from 'entities';
import type { RawText } from './raw.js';

const IMG_RE = /<img\b[^>]*>/i;
const ALT_RE = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
/** A derived title is cut to about this many characters, at a word boundary. */
const DERIVED_TITLE_CHARS = 120;
const SENTENCE_RE = /^(.+?[.!?…])(?:\s|$)/u;

/** Whether a title's markup holds an image. */
export function titleHasImage(title: RawText | null): boolean {
  return title !== null && title.html && IMG_RE.test(title.value);
}

/** The alt text of the title's first image that has one, whitespace collapsed, or ''. */
export function imageAlt(title: RawText): string {
  for (const img of title.value.matchAll(new RegExp(IMG_RE.source, 'gi'))) {
    const m = ALT_RE.exec(img[0]);
    const alt = decodeHTML(m?.[1] ?? m?.[2] ?? m?.[3] ?? '').replace(/\s+/g, ' ').trim();
    if (alt) return alt;
  }
  return '';
}

/** A title made from an item's text: its first sentence, cut at a word near {@link DERIVED_TITLE_CHARS}. */
export function derivedTitle(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentence = SENTENCE_RE.exec(flat)?.[1] ?? flat;
  if (sentence.length <= DERIVED_TITLE_CHARS) return sentence;
  const cut = sentence.lastIndexOf(' ', DERIVED_TITLE_CHARS);
  return `${sentence.slice(0, cut > 0 ? cut : DERIVED_TITLE_CHARS)}…`;
}
