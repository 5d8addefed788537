/** Format readers' output before normalisation (internal to src/feeds). */
import type { FeedFormat } from '../types.js';

/** A text value as the feed gives it: HTML markup, or plain text. */
export interface RawText {
  value: string;
  html: boolean;
}

export interface RawEnclosure {
  url: string;
  type: string | null;
  length: number | null;
}

export interface RawItem {
  guid: string | null;
  link: string | null;
  title: RawText | null;
  summary: RawText | null;
  content: RawText | null;
  author: string | null;
  categories: string[];
  date: string | null;
  enclosure: RawEnclosure | null;
  /** xml:base in scope for this item (absolute), or null. */
  base: string | null;
}

export interface RawFeed {
  format: FeedFormat;
  version: string | null;
  title: RawText | null;
  link: string | null;
  language: string | null;
  ttlMinutes: number | null;
  /** xml:base in scope at the feed level (absolute), or null. */
  base: string | null;
  items: RawItem[];
  /** What the reader read leniently (e.g. 'cdf', 'base64'), reported with the repairs. Default: none. */
  repairs?: string[];
}

/** Parses a non-negative integer attribute/text, or null. */
export function toLength(value: string | null | undefined): number | null {
  if (value == null) return null;
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}
