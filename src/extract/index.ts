/**
 * Article extraction: body text and metadata from one HTML page. Pure and synchronous; never
 * throws on page content.
 */
import type { ExtractedArticle, ExtractionMethod } from '../types.js';
import { attr, findFirst, parseHtml, remove, shortText, type Document, type ParserName } from './dom.js';
import { parseMachineDate, parseTextDate } from './dates.js';
import { extractBody, readBody, textOf } from './generic.js';
import { languageTags, resolveMetadata, type Metadata } from './metadata.js';
import { collectFacts } from './page-facts.js';
import { findSiteRule, select, type SiteRule } from './site-rules.js';
import { SHIPPED_RULES } from './sites/index.js';

export { baseDomain, findSiteRule, validateSiteRule, type SiteRule } from './site-rules.js';
export { SHIPPED_RULES } from './sites/index.js';

/** The feed text replaces the page body when the body is shorter than this share of it... */
const FEED_FALLBACK_SHARE = 0.5;
/** ...and the feed text is at least this long. */
const FEED_MIN_CHARS = 200;
/** JSON-LD articleBody replaces a page body shorter than this share of it, if it is this long. */
const LD_BODY_SHARE = 0.5;
const LD_BODY_MIN_CHARS = 500;
const LOOKS_LIKE_HTML = /<\s*[a-z!?/]/i;
/** How far into a text to look for markup. */
const MARKUP_SCAN_CHARS = 4096;
const MAX_RULE_FIELD_CHARS = 300;
/** A generic body shorter than this is extracted again with comment-classed elements kept... */
const RETRY_BODY_CHARS = 250;
/** ...and the second text is taken when it is this many times longer. */
const RETRY_GAIN = 2;
/** A body shorter than this is no body: the page description stands in for it. */
const EMPTY_BODY_CHARS = 100;
/** Some CMSs leave escaped newlines ("\\n") in meta descriptions. */
const LITERAL_NEWLINE = /\\n/g;

/** Options for {@link extractArticle}. */
export interface ExtractOptions {
  /** Site rules to consult (default: the shipped rules). Exact host first, then base domain. */
  rules?: readonly SiteRule[];
  /** The feed item's own content; used when the page is unusable or much shorter (default null). */
  feedContent?: { html: string; text: string } | null;
  /** HTTP Content-Language of the response, added to langHints (default null). */
  contentLanguage?: string | null;
  /** HTML parser (default 'htmlparser2': ~7x faster than 'parse5', and no worse on the dev pages). */
  parser?: ParserName;
}

/**
 * Extracts the article body ("\n\n" between paragraphs) and metadata from an HTML page. `url` is the
 * page's URL (for site rules, relative canonical links and URL dates), or null.
 */
export function extractArticle(html: string, url: string | null, options: ExtractOptions = {}): ExtractedArticle {
  const feed = options.feedContent ?? null;
  if (!looksLikeHtml(html)) {
    const feedText = feed?.text.trim() ?? '';
    const empty = finish(emptyMeta(options.contentLanguage), '', 'generic', null);
    return feedText ? { ...empty, text: feedText, method: 'feed-fallback' } : empty;
  }
  const doc = parseHtml(html, options.parser);
  const meta = resolveMetadata(collectFacts(doc), url, options.contentLanguage);
  const rule = findSiteRule(options.rules ?? SHIPPED_RULES, url);
  if (rule) {
    const text = applyRule(doc, rule, meta);
    if (text) return finish(meta, text, 'site-rule', feed);
  }
  const body = findFirst(doc, 'body') ?? doc;
  const first = readBody(body, meta.title);
  let text = first.text;
  // Almost nothing left: a forum thread or a Q&A page, whose posts all look like comments (a page
  // without comment-classed elements would read the same again).
  if (text.length < RETRY_BODY_CHARS && first.commentClassed) {
    const again = parseHtml(html, options.parser);
    const thread = extractBody(findFirst(again, 'body') ?? again, meta.title, true);
    if (thread.length > text.length * RETRY_GAIN) text = thread;
  }
  return finish(meta, text, 'generic', feed);
}

function finish(meta: Metadata, pageText: string, method: ExtractionMethod, feed: { text: string } | null): ExtractedArticle {
  let text = pageText;
  // Script-rendered pages carry the body only in JSON-LD.
  const ldBody = meta.articleBody ? paragraphs(meta.articleBody) : '';
  if (ldBody.length >= LD_BODY_MIN_CHARS && text.length < ldBody.length * LD_BODY_SHARE) text = ldBody;
  // A page that shows (almost) nothing without scripts still says what it is about in its description.
  const summary = meta.description ? paragraphs(meta.description.replace(LITERAL_NEWLINE, '\n')) : '';
  if (text.length < EMPTY_BODY_CHARS && summary.length > text.length) text = summary;
  const feedText = feed?.text.trim() ?? '';
  const useFeed = feedText.length >= FEED_MIN_CHARS && text.length < feedText.length * FEED_FALLBACK_SHARE;
  return {
    title: meta.title, text: useFeed ? feedText : text, author: meta.author, published: meta.published,
    modified: meta.modified, canonicalUrl: meta.canonicalUrl, siteName: meta.siteName, langHints: meta.langHints,
    method: useFeed ? 'feed-fallback' : method,
  };
}

/** Whether a text has markup of any kind near its start (else it is plain text, or nothing). */
export function looksLikeHtml(text: string): boolean {
  return LOOKS_LIKE_HTML.test(text.slice(0, MARKUP_SCAN_CHARS));
}

/** Plain text as an article (`mediamon ingest FILE.txt`): its lines as paragraphs, nothing else known. */
export function plainTextArticle(text: string): ExtractedArticle {
  return finish(emptyMeta(), paragraphs(text), 'plain-text', null);
}

/** Plain text with its line structure kept as paragraphs ("\n\n" between them). */
function paragraphs(s: string): string {
  return s.split(/\n+/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n\n');
}

function emptyMeta(contentLanguage?: string | null): Metadata {
  return {
    title: null, author: null, published: null, modified: null, canonicalUrl: null, siteName: null,
    langHints: languageTags([contentLanguage]), articleBody: null, description: null,
  };
}

/** Applies a site rule in place: drops, metadata overrides, body. Returns '' when no body matched. */
function applyRule(doc: Document, rule: SiteRule, meta: Metadata): string {
  for (const s of rule.drop ?? []) for (const el of select(s, doc)) remove(el);
  const field = (selector: string | undefined): string | null => {
    const el = selector ? select(selector, doc)[0] : undefined;
    if (!el) return null;
    return attr(el, 'content') || attr(el, 'datetime') || shortText(el, MAX_RULE_FIELD_CHARS);
  };
  meta.title = field(rule.title) ?? meta.title;
  meta.author = field(rule.author) ?? meta.author;
  const date = field(rule.date);
  meta.published = (date && (parseMachineDate(date) ?? parseTextDate(date))) || meta.published;
  for (const s of rule.body ?? []) {
    const nodes = select(s, doc);
    if (nodes.length > 0) return textOf(nodes, meta.title);
  }
  return '';
}
