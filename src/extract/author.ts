/**
 * Author names from JSON-LD, meta tags, microdata, rel=author links and bylines, without the byline
 * wording, dates and separators around them, and not the site's own name when a person is named.
 */

import { decodeHTML } from 'entities';
import { alternation } from './phrases.js';

/** Byline wording before a name ("View all posts by", "Veröffentlicht von", "Автор:", "Von:"), stripped. */
const AUTHOR_PREFIX = new RegExp(
  String.raw`^[\s|:,·•©–—-]*${alternation('byline_lead')}\s*:?\s*|^[\s|:,·•©–—-]*${alternation('byline_by')}(?:\s*:\s*|\s+)`,
  'i',
);
const AUTHOR_SUFFIX = /[\s,;|→»›·•–—-]+$/;
/** What bylines print after the name: "— veröffentlicht ...", "Alle Artikel", "Show all articles of ...". */
const BYLINE_TAIL = new RegExp(String.raw`\s+(?:[–—|-]\s+${alternation('byline_tail_dated')}\b|${alternation('byline_tail')}\b).*$`, 'i');
const LEADING_MARKS = /^[\s|:,·•©–—-]+/;
/** Names from JSON-LD sometimes keep their HTML entities ("Redacci&oacute;n"). */
const ENTITY = /&(?:[a-z]+|#\d+|#x[\da-f]+);/i;
/** Where a date or time starts inside a byline ("Jane Roe am 21. April 2020", "Jane Roe, 01.12.2021"). */
const DATE_START = new RegExp(
  String.raw`[\s,|–—-]+(?:${alternation('date_on')}\s+)?(?:${alternation('weekdays_short')}[a-z]*\.?,?\s+)?\d{1,2}(?:[./]\d{1,2}[./]\d{2,4}|\.?\s+\p{L}{3,}|:\d{2})`,
  'iu',
);
/** "Posted on 21 September 2020 by Jane Roe": the name after the last "by". */
const POSTED_BY = new RegExp(String.raw`^${alternation('posted_verbs')}\b.*?\b${alternation('posted_by')}\s+(.+)$`, 'i');
/**
 * Form labels, placeholders, comment headers and bare byline words that sit in author-classed elements.
 * "name" is the comment form's name field, the same word in English and German.
 */
const NOT_A_NAME = new RegExp(
  String.raw`\(|\)|@|https?:|${alternation('form_required')}|^name\b|\*|\b${alternation('speech_verbs')}\b\s*[:,]|^${alternation('bare_byline')}$|:$|^${alternation('photo_credit')}\s*:|^${alternation('log_in')}$`,
  'i',
);
/**
 * Calls to action that sit in author-classed elements (app banners, subscription links, channels): «Скачай
 * наше iPhone приложение», "Download our app", "Subscribe", «Читайте нас в Telegram». A byline names people
 * or organisations.
 */
const CALL_TO_ACTION = new RegExp(
  String.raw`^${alternation('cta_verbs')}(?![\p{L}])|(?:^|\s)${alternation('cta_in')}\s+${alternation('cta_channels')}(?![\p{L}])|` +
    String.raw`(?:^|\s)${alternation('cta_our')}\s+(?:\p{L}+\s+)?${alternation('cta_apps')}(?![\p{L}])|(?:^|\s)${alternation('cta_words')}(?![\p{L}])`,
  'iu',
);
/** A host name ("example.de") is the site, not a person. */
const DOMAIN_LIKE = /^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$/i;
const MAX_AUTHOR_CHARS = 80;
const MAX_PREFIX_PASSES = 3;

/**
 * The first source (in order) that names someone other than the site itself; the site's name
 * (or a host name) only when no source names anyone else.
 */
export function resolveAuthors(sources: string[][], siteName: string | null): string | null {
  const site = siteName?.toLowerCase();
  let fallback: string | null = null;
  for (const names of sources) {
    const found = cleanAuthors(names);
    if (!found) continue;
    if (found.toLowerCase() === site || DOMAIN_LIKE.test(found)) fallback ??= found;
    else return found;
  }
  return fallback;
}

function cleanAuthors(names: string[]): string | null {
  const out: string[] = [];
  for (const n of names) {
    const c = cleanName(n);
    if (c && c.length <= MAX_AUTHOR_CHARS && !NOT_A_NAME.test(c) && !CALL_TO_ACTION.test(c) && !out.includes(c)) out.push(c);
  }
  return out.length > 0 ? out.join(', ') : null;
}

function cleanName(raw: string): string {
  let c = (ENTITY.test(raw) ? decodeHTML(raw) : raw).replace(/\s+/g, ' ').trim();
  c = POSTED_BY.exec(c)?.[1] ?? c;
  for (let i = 0; i < MAX_PREFIX_PASSES && AUTHOR_PREFIX.test(c); i++) c = c.replace(AUTHOR_PREFIX, '');
  const date = DATE_START.exec(c);
  if (date && date.index > 0) c = c.slice(0, date.index);
  return c.replace(BYLINE_TAIL, '').replace(LEADING_MARKS, '').replace(AUTHOR_SUFFIX, '').trim();
}
