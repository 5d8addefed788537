/**
 * Chooses the article title among the page's headings, its meta title (og:title, JSON-LD headline)
 * and <title>, keeping kickers and site names out.
 */

import { INVISIBLE } from './blocks.js';
import { alternation } from './phrases.js';

/** Separators between a page title and the site name in <title>. */
const TITLE_SEPARATOR = /\s+[|–—·•»:/-]\s+|\s+::\s+|\s*\|\s*/;
const MAX_TITLE_CHARS = 300;
/** A heading must be this long to be recognised inside the meta title. */
const MIN_ECHO_CHARS = 4;
/** A date before the headline ("23.01.2022 - ", "2022-01-23: ") is not part of it. */
const LEADING_DATE = /^(?:\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})\s*[-–—|:/]\s+/;
/** What follows a title inside a longer heading: a separator, then the site name or a tag line. */
const TRAILER = /^\s*[|–—·•»:/-]\s/;
/** A title segment holding the site name, at most this many times longer, names the site ("Site (abbr)"). */
const SITE_PART_STRETCH = 1.5;
/** A date right after the headline inside a heading ("Headline 02.02.2022 • Section, Tags"). */
const TRAILING_DATE = /^\s*(?:\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})\b/;
/**
 * What stands before the headline inside a heading: a date ("Jun 17", "17.06.2019"), or a kicker ending in
 * " / ", " | " or a colon. Not a dash: "Name – what happened" is one headline.
 */
const LEADING_EXTRA = /^(?:(?:\p{L}{3,9}\.?\s+\d{1,2}|\d{1,2}\.?\s+\p{L}{3,9}\.?|\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}))(?:,?\s+\d{4})?\s+|.+?(?:\s[/|]\s|\s?:))$/u;
/** Headings that label page furniture, never an article ("Navigation", "Menü", "Sie sind hier:"). */
const FURNITURE_HEADING = new RegExp(`^${alternation('furniture_heading')}$`, 'i');
/** Quote and ellipsis forms that differ between a page's heading and its meta title. */
const QUOTES = /[„“”‟″"«»]/g;
const APOSTROPHES = /[‘’‚‛′´`]/g;
/** A single <h1> sharing this share of its words with the meta title is that title, spelt differently. */
const NEAR_META_SHARE = 0.8;
/** ...and covering at least this share of the meta title's words. */
const NEAR_META_COVER = 0.6;

/** The title sources of a page (heading texts as found, meta title already cleaned). */
export interface TitleFacts {
  h1: string[];
  /** <h1>s that only link to the front page (logos). */
  logoH1: string[];
  h2: string[];
  /** Headings classed or itemprop'd as the post title. */
  classed: string[];
  titleTag: string | null;
  /** og:title, twitter:title or the JSON-LD headline. */
  meta: string | null;
}

/**
 * The page's own heading wins over meta titles (these often carry a kicker or the site name): a
 * single <h1>, else a heading classed as the title, else og:title / JSON-LD headline, else <title>.
 */
export function resolveTitle(f: TitleFacts, siteName: string | null): string | null {
  const title = pickTitle(f, siteName);
  if (!title) return title;
  const undated = title.replace(LEADING_DATE, '');
  const meta = f.meta;
  const head = fold(undated);
  if (meta) {
    // A heading that is the meta title plus a separator and more carries the site name or a tag line;
    // plus a date, the dateline and tags the heading is styled with.
    const metaF = fold(meta);
    const rest = head.length > metaF.length && head.startsWith(metaF) ? head.slice(metaF.length) : null;
    if (rest !== null && (TRAILER.test(rest) || TRAILING_DATE.test(rest))) return meta;
  }
  // A heading that is a date or a kicker, then the meta title (or <title>) without its site name:
  // the part after is the headline ("Jun 17 Headline", "\"Quote\" / Headline", "Press release :Headline").
  for (const own of [stripSite(meta ?? '', siteName, true), stripSite(clean(f.titleTag) ?? '', siteName, true)]) {
    const ownF = fold(own);
    if (own.length < MIN_ECHO_CHARS || head.length <= ownF.length || !head.endsWith(ownF)) continue;
    if (LEADING_EXTRA.test(head.slice(0, head.length - ownF.length))) return own;
  }
  return undated || title;
}

/** Lower case, one kind of quote, apostrophe and ellipsis, one space: for comparing headings with meta titles. */
function fold(s: string): string {
  return s.replace(QUOTES, '"').replace(APOSTROPHES, "'").replace(/…/g, '...').replace(/\s+/g, ' ').toLowerCase();
}

/** Whether most of a heading's words are in the meta title (a typo or another quote style apart). */
function nearMeta(heading: string, meta: string | null): boolean {
  if (!meta) return false;
  const words = fold(heading).match(/[\p{L}\p{N}]+/gu) ?? [];
  const metaWords = new Set(fold(meta).match(/[\p{L}\p{N}]+/gu) ?? []);
  if (words.length < 3 || metaWords.size === 0) return false;
  // Both ways: a blog's name in the <h1> is all in "Post title | Blog name", but covers little of it.
  const shared = words.filter((w) => metaWords.has(w)).length;
  return shared / words.length >= NEAR_META_SHARE && shared / metaWords.size >= NEAR_META_COVER;
}

function pickTitle(f: TitleFacts, siteName: string | null): string | null {
  const usable = (list: string[]): string[] =>
    list.map(clean).filter((x): x is string => x !== null && x.length <= MAX_TITLE_CHARS && x.toLowerCase() !== siteName?.toLowerCase() && !FURNITURE_HEADING.test(x));
  const h1 = usable(f.h1);
  const classed = usable(f.classed);
  const meta = f.meta;
  // A heading that the meta title or <title> repeats is the title (the rest there is site name or kicker).
  const echo = fold(`${meta ?? ''} \u0001 ${f.titleTag ?? ''}`);
  const siteParts = minorSegments(siteName, meta, f.titleTag);
  // A heading that is the whole meta title (no site name in it) is the title, whatever its level.
  const metaLower = meta && stripSite(meta, siteName, false) === meta ? fold(meta) : null;
  const exact = metaLower ? [...h1, ...classed, ...usable(f.h2)].find((h) => fold(h) === metaLower) : undefined;
  // ...unless <title> names an <h1> in full (the meta title is then a teaser line for social media).
  const segments = new Set(segmentsOf(f.titleTag));
  if (exact && !h1.some((h) => segments.has(h.toLowerCase()))) return exact;
  const own = echoed([...h1, ...classed], echo, siteParts);
  if (own) return own;
  const single = h1.length === 1 && f.h1.length === 1 && f.logoH1.length === 0;
  // The one <h1>, spelt a little differently from the meta title, beats an <h2> the meta title starts with.
  if (single && (nearMeta(h1[0]!, meta) || nearMeta(h1[0]!, f.titleTag))) return h1[0]!;
  // An echoed <h2> when no <h1> is: a blog whose <h1> is its name, a section label.
  const second = echoed(usable(f.h2), echo, siteParts);
  if (second) return second;
  if (single) return h1[0]!;
  // A <title> with no site part names the page better than a classed heading it does not mention.
  const tagOnly = clean(f.titleTag);
  if (tagOnly && !meta && segmentsOf(tagOnly).length === 1 && tagOnly.toLowerCase() !== siteName?.toLowerCase()) return tagOnly;
  if (classed[0]) return classed[0];
  if (meta) return stripSite(meta, siteName, false);
  const tag = clean(f.titleTag);
  if (tag) return stripSite(tag, siteName, true);
  return h1[0] ?? usable(f.logoH1)[0] ?? null;
}

/** The longest heading the meta titles repeat that is not just the site-name part (a blog's logo <h1>). */
function echoed(headings: string[], echo: string, siteParts: Set<string>): string | null {
  let found: string | null = null;
  for (const h of headings) {
    const lower = fold(h);
    if (h.length < MIN_ECHO_CHARS || h.length <= (found?.length ?? 0) || inSitePart(lower, siteParts)) continue;
    if (echo.includes(lower)) found = h;
  }
  return found;
}

function inSitePart(heading: string, siteParts: Set<string>): boolean {
  for (const p of siteParts) if (p.includes(heading)) return true;
  return false;
}

function segmentsOf(title: string | null): string[] {
  return (title ?? '').split(TITLE_SEPARATOR).map((p) => p.replace(/\s+/g, ' ').trim().toLowerCase()).filter(Boolean);
}

/**
 * Lower-cased title segments that name the site: those matching the known site name, else those
 * that are not the longest segment (usually the site name or a section).
 */
function minorSegments(siteName: string | null, ...titles: (string | null)[]): Set<string> {
  const out = new Set<string>();
  const site = siteName?.toLowerCase();
  for (const t of titles) {
    const parts = segmentsOf(t);
    if (parts.length < 2) continue;
    const named = site ? parts.filter((p) => site.includes(p) || (p.includes(site) && p.length <= site.length * SITE_PART_STRETCH)) : [];
    if (named.length > 0) {
      for (const p of named) out.add(p);
      continue;
    }
    const longest = parts.reduce((a, b) => (b.length > a.length ? b : a));
    for (const p of parts) if (p !== longest) out.add(p);
  }
  return out;
}

/** Drops a " | Site Name" part. With `always`, also drops the shorter part when no site name is known. */
function stripSite(title: string, siteName: string | null, always: boolean): string {
  const parts = title.split(TITLE_SEPARATOR).map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length < 2) return title;
  const site = siteName?.toLowerCase();
  const kept = site ? parts.filter((p) => p.toLowerCase() !== site && !site.includes(p.toLowerCase())) : parts;
  if (kept.length === parts.length && !always) return title;
  if (kept.length === 0) return title;
  if (kept.length === 1) return kept[0]!;
  if (!always && kept.length < parts.length) return title.includes(kept.join(' ')) ? kept.join(' ') : kept[0]!;
  return kept.reduce((a, b) => (b.length > a.length ? b : a));
}


function clean(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return t.length > 0 ? t : null;
}
