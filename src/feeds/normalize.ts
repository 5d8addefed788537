/**
 * Raw reader output -> the shared FeedItem shape: clean text, sanitised HTML, absolute http(s) links,
 * UTC dates; every item validated with zod, repaired field by field when invalid, dropped when it has
 * nothing to identify it; duplicate GUIDs collapse to their first occurrence.
 */
import { z } from 'zod';
import type { FeedItem } from '../types.js';
import { parseFeedDate } from './dates.js';
import { htmlToText, inlineText, plainParagraphs, resolveUrl, sanitizeWithText, textToHtml } from './html.js';
import { derivedTitle, imageAlt, titleHasImage } from './image-title.js';
import type { RawFeed, RawItem, RawText } from './raw.js';

const MAX_TITLE_CHARS = 1000;
const MAX_CATEGORIES = 100;
const MAX_GUID_CHARS = 2048;
const HTTP_PROTOCOL_RE = /^https?:$/;

/** The contract every emitted item satisfies. */
export const FeedItemSchema = z.object({
  guid: z.string().min(1).max(MAX_GUID_CHARS).nullable(),
  link: z.string().refine(isHttpUrl, 'not an absolute http(s) URL').nullable(),
  title: z.string().max(MAX_TITLE_CHARS),
  summary: z.string(),
  contentHtml: z.string(),
  contentText: z.string(),
  author: z.string().min(1).nullable(),
  categories: z.array(z.string().min(1)).max(MAX_CATEGORIES),
  published: z.iso.datetime().nullable(),
  enclosure: z
    .object({ url: z.string().refine(isAbsoluteUrl), type: z.string().nullable(), length: z.number().int().nonnegative().nullable() })
    .nullable(),
});

/** Field defaults used to repair an item whose field failed validation. */
const FIELD_DEFAULTS: { [K in keyof FeedItem]: FeedItem[K] } = {
  guid: null, link: null, title: '', summary: '', contentHtml: '', contentText: '', author: null,
  categories: [], published: null, enclosure: null,
};

/**
 * Normalises, validates and de-duplicates the items of a feed. `fallbackBase` is the feed URL or link.
 * What was read leniently is added to `repairs` ('image-title': a title that was only an image).
 */
export function normalizeItems(feed: RawFeed, fallbackBase: string | null, repairs: string[] = []): FeedItem[] {
  const seen = new Set<string>();
  const out: FeedItem[] = [];
  for (const raw of feed.items) {
    const item = validate(normalizeItem(raw, absoluteBase(raw.base) ?? fallbackBase));
    if (item && !item.title && titleHasImage(raw.title)) {
      item.title = (imageAlt(raw.title!) || derivedTitle(item.contentText || item.summary)).slice(0, MAX_TITLE_CHARS);
      if (item.title && !repairs.includes('image-title')) repairs.push('image-title');
    }
    if (!item || (!item.guid && !item.link && !item.title && !item.contentText)) continue;
    if (item.guid) {
      if (seen.has(item.guid)) continue;
      seen.add(item.guid);
    }
    out.push(item);
  }
  return out;
}

function normalizeItem(raw: RawItem, base: string | null): FeedItem {
  const richest = raw.content ?? raw.summary;
  const content = richest ? sanitizeWithText(richest.html ? richest.value : textToHtml(richest.value), base) : null;
  return {
    guid: raw.guid ? raw.guid.slice(0, MAX_GUID_CHARS) : null,
    link: httpUrl(raw.link, base),
    title: raw.title ? cleanInline(raw.title).slice(0, MAX_TITLE_CHARS) : '',
    summary: raw.summary === richest ? content?.text ?? '' : raw.summary ? cleanBlock(raw.summary) : '',
    contentHtml: content?.html ?? '',
    contentText: content?.text ?? '',
    author: raw.author ? inlineText(raw.author) || null : null,
    categories: [...new Set(raw.categories.map((c) => inlineText(c)).filter(Boolean))].slice(0, MAX_CATEGORIES),
    published: parseFeedDate(raw.date),
    enclosure: raw.enclosure ? enclosure(raw.enclosure, base) : null,
  };
}

function enclosure(e: NonNullable<RawItem['enclosure']>, base: string | null): FeedItem['enclosure'] {
  const url = resolveUrl(e.url, base);
  return url ? { url, type: e.type, length: e.length } : null;
}

/** Validates an item; on failure resets the offending fields to their defaults and tries once more. */
function validate(item: FeedItem): FeedItem | null {
  const first = FeedItemSchema.safeParse(item);
  if (first.success) return item;
  const repaired: Record<string, unknown> = { ...item };
  for (const issue of first.error.issues) {
    const key = issue.path[0] as keyof FeedItem | undefined;
    if (key && key in FIELD_DEFAULTS) repaired[key] = FIELD_DEFAULTS[key];
  }
  const second = FeedItemSchema.safeParse(repaired);
  return second.success ? (second.data as FeedItem) : null;
}

/** Clean one-line text of a raw text value. */
export function cleanInline(t: RawText): string {
  return t.html ? inlineText(t.value) : t.value.replace(/\s+/g, ' ').trim();
}

function cleanBlock(t: RawText): string {
  return t.html ? htmlToText(t.value) : plainParagraphs(t.value);
}

/** The base if it is an absolute URL usable for resolution. */
export function absoluteBase(base: string | null | undefined): string | null {
  return base && isAbsoluteUrl(base) && !base.startsWith('about:') ? base : null;
}

/** Resolves a link against the base and keeps it only when it is http(s). */
export function httpUrl(value: string | null, base: string | null): string | null {
  const url = resolveUrl(value, base);
  return url && isHttpUrl(url) ? url : null;
}

function isHttpUrl(s: string): boolean {
  try {
    return HTTP_PROTOCOL_RE.test(new URL(s).protocol);
  } catch {
    return false;
  }
}

function isAbsoluteUrl(s: string): boolean {
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}
