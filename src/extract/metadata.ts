/**
 * Resolves article metadata (title, authors, dates, canonical URL, site name, language hints) from
 * the raw {@link PageFacts}, in order of how trustworthy each source usually is.
 */
import { captureDay, dateFromUrl, parseMachineDate, parseTextDate } from './dates.js';
import { readJsonLd, type JsonLdFacts } from './json-ld.js';
import type { PageFacts } from './page-facts.js';
import { alternation } from './phrases.js';
import { resolveAuthors } from './author.js';
import { resolveTitle, type TitleFacts } from './title.js';

const PUBLISHED_KEYS = [
  'article:published_time', 'og:published_time', 'article:published', 'datepublished',
  'pubdate', 'publishdate', 'publish-date', 'publish_date', 'published_time', 'dc.date.issued',
  'dcterms.created', 'dc.date.created', 'dcterms.issued',
  'parsely-pub-date', 'sailthru.date', 'article.published', 'og:article:published_time',
  'cxenseparse:recs:publishtime',
];
/**
 * Words that label a written date as the publication date, or as the last change. German news pages
 * show their one date as "Stand: 28.04.2020 18:00 Uhr" (as of).
 */
const PUBLISHED_WORDS = new RegExp(alternation('published_words'), 'i');
const MODIFIED_WORDS = new RegExp(alternation('modified_words'), 'i');
/** Other vendors' publication-time meta keys ("shareaholic:article_published_time", "xyz:pubdate"). */
const OTHER_PUBLISHED_KEY = /publish(?:ed)?[_:.-]?(?:time|date|at)$|pub-?date$/;
const MODIFIED_KEY = /modif|updat|edit/;
/** Generic date keys: many CMSs fill them with the page's generation or change date. */
const GENERIC_DATE_KEYS = ['date', 'dc.date', 'dcterms.date'];
const MODIFIED_KEYS = ['article:modified_time', 'og:updated_time', 'datemodified', 'dcterms.modified', 'last-modified'];
const DAY_MS = 86_400_000;
/** A short text this long or shorter that holds a date reads as a dateline ("Sa. 13.11.2021", "24. April 2020 |")... */
const DATELINE_MAX_CHARS = 32;
/** ...and so does a longer one with a date within this many characters of its start. */
const DATELINE_HEAD_CHARS = 30;
/** 22:00 or 23:00 UTC on the dot: a date stored as midnight in Central Europe. */
const LOCAL_MIDNIGHT_UTC = /T2[23]:00:00(?:\.0+)?(?:Z|\+00:?00)$/;
/** A clock time ("00:04", "11:37 pm"): hour, minutes, am/pm. */
const CLOCK_TIME = /(?<![\d.:])(\d{1,2}):(\d{2})(?![\d.:]\d)(?:\s*([ap]\.?\s?m\b\.?))?/i;
/** A timestamp with a zone (Z or an offset): it names one moment. */
const ZONED = /T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})$/;
/** A full ISO 8601 timestamp in a page's text is a machine value left in the markup, not a date shown to readers. */
const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g;
/** The furthest time zones from UTC: UTC-12 and UTC+14. */
const ZONE_WEST_MS = 12 * 3_600_000;
const ZONE_EAST_MS = 14 * 3_600_000;
/** Author-classed elements tried in page order, each alone, until one names someone (the first may be an app banner). */
const BYLINES_TRIED = 3;
const AUTHOR_KEYS = ['author', 'article:author', 'dc.creator', 'dcterms.creator', 'parsely-author', 'sailthru.author', 'byl', 'twitter:creator'];

/** Resolved metadata, before the body is known. */
export interface Metadata {
  title: string | null;
  author: string | null;
  published: string | null;
  modified: string | null;
  canonicalUrl: string | null;
  siteName: string | null;
  langHints: string[];
  /** JSON-LD articleBody, the body of last resort for script-rendered pages. */
  articleBody: string | null;
  /** og:description / description: the summary the page gives for sharing. */
  description: string | null;
}

/** Resolves metadata from page facts, the page URL and an HTTP Content-Language value. */
export function resolveMetadata(f: PageFacts, url: string | null, contentLanguage?: string | null): Metadata {
  const ld = readJsonLd(f.jsonLd);
  const siteName = clean(first(f, ['og:site_name', 'application-name'])) ?? ld.siteName;
  return {
    title: resolveTitle(titleFacts(f, clean(first(f, ['og:title', 'twitter:title'])) ?? clean(ld.headline)), siteName),
    author: resolveAuthor(f, ld, siteName),
    published: resolvePublished(f, ld, url),
    modified: ld.modified ?? firstDate(f, MODIFIED_KEYS) ?? parseMachineDate(f.itemprops.get('datemodified')),
    canonicalUrl: absolute(f.canonical ?? first(f, ['og:url']), url),
    siteName,
    langHints: langHints(f, contentLanguage),
    articleBody: ld.articleBody,
    description: first(f, ['og:description', 'description', 'twitter:description']),
  };
}

function first(f: PageFacts, keys: string[]): string | null {
  for (const k of keys) {
    const v = f.meta.get(k)?.find((x) => x.length > 0);
    if (v) return v;
  }
  return null;
}

function firstDate(f: PageFacts, keys: string[]): string | null {
  for (const k of keys) {
    for (const v of f.meta.get(k) ?? []) {
      const d = parseMachineDate(v);
      if (d) return d;
    }
  }
  return null;
}

function titleFacts(f: PageFacts, meta: string | null): TitleFacts {
  return { h1: f.h1, logoH1: f.logoH1, h2: f.h2, classed: f.titleHeadings, titleTag: f.titleTag, meta };
}

function clean(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 0 ? t : null;
}

function resolveAuthor(f: PageFacts, ld: JsonLdFacts, siteName: string | null): string | null {
  const fromMeta = first(f, AUTHOR_KEYS);
  const ip = f.itemprops.get('author') ?? f.itemprops.get('creator');
  return resolveAuthors([ld.authors, fromMeta ? [fromMeta] : [], ip ? [ip] : [], f.relAuthor, ...f.bylines.slice(0, BYLINES_TRIED).map((b) => [b])], siteName);
}

function resolvePublished(f: PageFacts, ld: JsonLdFacts, url: string | null): string | null {
  const fromIp = parseMachineDate(f.itemprops.get('datepublished') ?? f.itemprops.get('datecreated'));
  // The canonical URL stands in for a fetched URL without a date (tracking redirects, AMP pages).
  const fromUrl = dateFromUrl(url) ?? dateFromUrl(f.canonical ?? first(f, ['og:url']));
  const pubTime = articleTime(f.times.filter((t) => t.pub), f);
  const fromTime = pubTime ?? articleTime(f.times, f);
  let timeDate = fromTime ? parseMachineDate(fromTime.value) : null;
  // A <time> may sit in a sidebar: the URL's date is the article's own.
  if (timeDate && fromUrl && !timeDate.startsWith(fromUrl)) timeDate = null;
  let labelled = firstTextDate([...f.dateHints, ...f.yearTexts].filter((t) => PUBLISHED_WORDS.test(t) && !MODIFIED_WORDS.test(t)));
  // "published on ..." in the text may be about another publication: the URL's date is the article's.
  if (labelled && fromUrl && labelled !== fromUrl) labelled = null;
  const machine = [
    ld.published,
    firstDate(f, PUBLISHED_KEYS),
    firstDate(f, [...f.meta.keys()].filter((k) => OTHER_PUBLISHED_KEY.test(k) && !MODIFIED_KEY.test(k))),
    fromIp,
  ].filter((d): d is string => d !== null);
  const changed = [ld.modified, firstDate(f, MODIFIED_KEYS), parseMachineDate(f.itemprops.get('datemodified'))].filter((d): d is string => d !== null);
  const found =
    // The most trusted timestamp, shown by the page at the same minute of its own clock.
    (machine[0] ? inOwnZone(machine[0], f.dateHints)?.iso : null) ??
    shownAmong(machine, changed, shownDates(f)) ??
    (pubTime ? timeDate : null) ??
    // "Published on 18 February 2022" beats an unlabelled <time> somewhere on the page.
    labelled ??
    timeDate ??
    firstDate(f, GENERIC_DATE_KEYS) ??
    fromUrl ??
    firstTextDate(f.dateHints) ??
    // An archived page's header clock shows the day it was captured, not the article's.
    firstTextDate(f.yearTexts.filter((t) => isDateline(t) && parseTextDate(t) !== captureDay(url))) ??
    // Of the short texts, one that is little more than a date or opens with one ("24. April 2020 |",
    // "1. Februar 2022, Anna Berg") is a dateline; a date inside a sentence ("the rules (cancelled on
    // 28.02.2017)") is about something else.
    firstTextDate(f.yearTexts.filter(isDateline)) ??
    firstTextDate(f.yearTexts);
  if (!found) return null;
  // A timestamp a day off the URL's date may be the same moment in another time zone (UTC vs local):
  // the URL carries the day the site itself published under, when that day is the moment's day in
  // some zone. So does a date the page shows with the timestamp's minute (its own zone, its own clock).
  if (fromUrl) return dayOff(found, fromUrl) && reachable(found, fromUrl) ? fromUrl : found;
  const own = inOwnZone(found, f.dateHints);
  return own && dayOff(found, own.day) ? own.iso : found;
}
/**
 * The article's own <time> among `times`: the first, when they all fall on one day; else they are a list
 * of stories or comments, and only the one on the day the page shows first is the article's.
 */
function articleTime(times: PageFacts['times'], f: PageFacts): PageFacts['times'][number] | undefined {
  const days = times.map((t) => parseMachineDate(t.value)?.slice(0, 10) ?? null);
  if (days.every((d) => d === days[0])) return times[0];
  const shown = shownDates(f)[0];
  return shown ? times.find((_, i) => days[i] === shown) : undefined;
}

const dayOff = (iso: string, day: string): boolean => Math.abs(Date.parse(iso.slice(0, 10)) - Date.parse(day)) === DAY_MS;

/** Whether `day` is the calendar day of the timestamp `iso` in some time zone (UTC-12 to UTC+14); always for a date or a time without zone. */
function reachable(iso: string, day: string): boolean {
  if (!ZONED.test(iso)) return true;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return true;
  const earliest = new Date(t - ZONE_WEST_MS).toISOString().slice(0, 10);
  const latest = new Date(t + ZONE_EAST_MS).toISOString().slice(0, 10);
  return earliest <= day && day <= latest;
}

/**
 * The page's machine dates disagree (a JSON-LD date of the first draft, a meta date of the release):
 * the published one whose day is the first date the page shows its readers. A change date the page
 * shows as its dateline stands in for published only when the page shows none of the published days
 * (a site that dates its pages by their last change). Else the first published one, in order of trust.
 */
function shownAmong(machine: string[], changed: string[], shown: string[]): string | null {
  const first = machine[0] ?? null;
  if (!first || [...machine, ...changed].every((d) => d.slice(0, 10) === first.slice(0, 10))) return first;
  const dateline = shown[0];
  const published = machine.find((d) => d.slice(0, 10) === dateline);
  if (published) return published;
  const anyShown = machine.some((d) => shown.includes(d.slice(0, 10)));
  return (anyShown ? undefined : changed.find((d) => d.slice(0, 10) === dateline)) ?? first;
}

/**
 * The dates the page shows, in page order: in date-classed elements, else in short texts. One labelled
 * as a change ("Aktualisiert: 11.04.2020", "Updated ...") is the modified date, not a dateline.
 */
function shownDates(f: PageFacts): string[] {
  const dates = (texts: string[]): string[] =>
    texts.filter((t) => !MODIFIED_WORDS.test(t)).map((t) => parseTextDate(t.replace(ISO_TIMESTAMP, ' '))).filter((d): d is string => d !== null);
  const hinted = dates(f.dateHints);
  return hinted.length > 0 ? hinted : dates(f.yearTexts);
}

/**
 * The timestamp as the page shows it in its own zone: the first written date among `hints` that also
 * shows the timestamp's minute ("19. Oktober 2019 00:04" for 22:04Z) gives the local time and offset
 * (`2019-10-19T00:04:00+02:00`); a date stored as Central European midnight (22:00 or 23:00 UTC on the
 * dot) shown on the next day gives that day alone.
 */
function inOwnZone(iso: string, hints: string[]): { day: string; iso: string } | null {
  const stamp = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(iso);
  if (!stamp) return null;
  const nextDay = LOCAL_MIDNIGHT_UTC.test(iso) ? new Date(Date.parse(iso.slice(0, 10)) + DAY_MS).toISOString().slice(0, 10) : null;
  for (const h of hints) {
    const clock = CLOCK_TIME.exec(h);
    if (clock && clock[2] === stamp[2]) {
      const day = parseTextDate(h);
      if (!day || !(day === iso.slice(0, 10) || dayOff(iso, day))) return null;
      if (day === iso.slice(0, 10)) return { day, iso };
      if (!ZONED.test(iso)) return { day, iso: day };
      const local = localTime(iso, day, clock, stamp[3] ?? '00');
      return local ? { day, iso: local } : null;
    }
    if (nextDay && parseTextDate(h) === nextDay) return { day: nextDay, iso: nextDay };
  }
  return null;
}

/** The shown day and clock with the offset they imply from the zoned timestamp (null when that offset is not a real one). */
function localTime(iso: string, day: string, clock: RegExpExecArray, seconds: string): string | null {
  let hour = Number(clock[1]);
  const half = clock[3]?.toLowerCase().replace(/[.\s]/g, '');
  if (half === 'pm' && hour < 12) hour += 12;
  if (half === 'am' && hour === 12) hour = 0;
  if (hour > 23) return null;
  const local = `${day}T${String(hour).padStart(2, '0')}:${clock[2]}:${seconds}`;
  const offsetMin = Math.round((Date.parse(`${local}Z`) - Date.parse(iso)) / 60_000);
  if (Number.isNaN(offsetMin) || offsetMin % 15 !== 0 || offsetMin < -ZONE_WEST_MS / 60_000 || offsetMin > ZONE_EAST_MS / 60_000) return null;
  const a = Math.abs(offsetMin);
  return `${local}${offsetMin < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function isDateline(text: string): boolean {
  const t = text.trim();
  return t.length <= DATELINE_MAX_CHARS || parseTextDate(t.slice(0, DATELINE_HEAD_CHARS)) !== null;
}

function firstTextDate(hints: string[]): string | null {
  for (const h of hints) {
    const d = parseTextDate(h);
    if (d) return d;
  }
  return null;
}

function absolute(href: string | null, base: string | null): string | null {
  if (!href) return null;
  try {
    return new URL(href, base ?? undefined).toString();
  } catch {
    return null;
  }
}

function langHints(f: PageFacts, contentLanguage?: string | null): string[] {
  return languageTags([f.htmlLang, first(f, ['og:locale']), first(f, ['content-language']), first(f, ['language', 'dc.language']), contentLanguage]);
}

/** Lower-case BCP 47 tags from raw values ("en_GB", "de, en;q=0.5"), deduplicated, in order. */
export function languageTags(raw: (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const r of raw) {
    for (const part of (r ?? '').split(',')) {
      const tag = part.split(';')[0]!.trim().replace(/_/g, '-').toLowerCase();
      if (/^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/.test(tag) && !out.includes(tag)) out.push(tag);
    }
  }
  return out;
}
