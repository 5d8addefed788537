/**
 * The domain types that cross stage boundaries. Each stage owns its own internals; these are the
 * shapes one stage hands to the next (and that the store persists).
 */

/** A feed entry after parsing and normalisation (src/feeds). */
export interface FeedItem {
  /** The item's GUID / Atom id, or null when the feed gives none. */
  guid: string | null;
  /** Absolute article URL (resolved against xml:base and the feed URL), or null. */
  link: string | null;
  /** Clean text title (entities decoded, tags stripped). */
  title: string;
  /** Clean text summary (description / Atom summary), may be empty. */
  summary: string;
  /** Sanitised HTML of the richest content the feed carries (content:encoded, Atom content, description). */
  contentHtml: string;
  /** The same content as plain text, paragraphs separated by blank lines. */
  contentText: string;
  author: string | null;
  categories: string[];
  /** ISO 8601 in UTC, or null when absent or unparseable. */
  published: string | null;
  enclosure: { url: string; type: string | null; length: number | null } | null;
}

export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

/** A parsed feed document (src/feeds). */
export interface ParsedFeed {
  format: FeedFormat;
  /** Format version as declared or inferred: '2.0', '0.91', '1.0', 'atom-1.0', 'atom-0.3', 'json-1.1'... */
  version: string | null;
  /** The character encoding the bytes were decoded from (e.g. 'utf-8', 'windows-1251'). */
  encoding: string;
  title: string;
  link: string | null;
  /** BCP 47 / ISO 639-1 language the feed declares (<language>, xml:lang), or null. */
  language: string | null;
  /** <ttl> in minutes, when the feed gives one (adaptive polling honours it). */
  ttlMinutes: number | null;
  items: FeedItem[];
  /** Repairs applied before the document parsed (e.g. 'html-entities', 'rss-version'), for reporting. */
  repairs: string[];
}

/**
 * What produced an article's body: a per-site rule, the generic extractor, the feed's own text (the page
 * could not be used), plain text given as it is (`mediamon ingest FILE.txt`), or a Telegram post's own text.
 */
export type ExtractionMethod = 'site-rule' | 'generic' | 'feed-fallback' | 'plain-text' | 'telegram';

/**
 * How precise a publication time is: 'day' when the source gives a date without a time (stored as
 * midnight UTC of that date, shown as the date alone), 'minute' when it gives a time.
 */
export type DatePrecision = 'day' | 'minute';

/** The precision of an ISO 8601 date or time as written: 'day' for `YYYY-MM-DD` alone; null for null. */
export function precisionOf(iso: string | null | undefined): DatePrecision | null {
  if (!iso) return null;
  return /^\s*\d{4}-\d{2}-\d{2}\s*$/.test(iso) ? 'day' : 'minute';
}

/** What the extractor returns for one page (src/extract). */
export interface ExtractedArticle {
  title: string | null;
  /** Body text: paragraphs separated by a blank line ("\n\n"). */
  text: string;
  /** Author names joined with ", ", or null. */
  author: string | null;
  /** ISO 8601, with offset when the page gives one, or null; `YYYY-MM-DD` alone when it gives no time (see precisionOf). */
  published: string | null;
  modified: string | null;
  canonicalUrl: string | null;
  siteName: string | null;
  /** Language hints from the page: <html lang>, og:locale, meta content-language; lower-case BCP 47. */
  langHints: string[];
  method: ExtractionMethod;
}

/** Result of language identification (src/language). */
export interface LanguageResult {
  /** BCP 47 primary language subtag: 'ru', 'uk', 'en', ... or 'und'. */
  lang: string;
  /** 0..1. */
  confidence: number;
}

/** Which text of an article a mention's offsets point into: its title (headline) or its body. */
export type MentionField = 'title' | 'body';

/** One watchlist match in a text (src/tagging). Offsets are UTF-16 code unit indices into the text. */
export interface Mention {
  entity: string;
  start: number;
  end: number;
  /** The exact surface form as it stands in the text (text.slice(start, end)). */
  text: string;
  /** The field the offsets point into (tagArticle sets it); absent means the body. */
  field?: MentionField;
}

/** A rule that fired on a text, with the mentions that made it fire (src/tagging). */
export interface RuleHit {
  rule: string;
  score: number;
  priority: 'immediate' | 'digest';
  mentions: Mention[];
}

/** A known narrative carried by a text (src/narratives): the claim, and the sentence that carried it. */
export interface NarrativeHit {
  narrative: string;
  claim: string;
  /** The sentence's UTF-16 offsets in the text. */
  start: number;
  end: number;
  /** The sentence as it stands in the text. */
  sentence: string;
}

/** One bucket of a count series (src/store counts them, src/trends finds the spikes): its start (ISO), how many mentions, from how many distinct sources. */
export interface Bucket {
  time: string;
  count: number;
  sources: number;
}
