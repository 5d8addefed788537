/**
 * Date parsing for page metadata: machine dates (ISO 8601, RFC 2822, compact) and the common
 * written forms in the monitored languages. Output is ISO 8601: `YYYY-MM-DD`, or a full timestamp
 * with the page's offset when it gives a time.
 */
import { phraseList } from './phrases.js';

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

const ISO = /(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$/;
/** "02.08.2019", "2/8/2019", "4. 2. 2022", "26 | 01 | 2022". */
const DMY = /(?<!\d)(\d{1,2})(?:[./]\s?|\s?\|\s?)(\d{1,2})(?:[./]\s?|\s?\|\s?)(\d{4})\b/;
/** "28.01.22": a two-digit year, read as 20YY; dots only (slashes are ambiguous between D/M and M/D). */
const DMY_SHORT = /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?![\d.])/;
const YMD_SLASH = /\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b/;
const URL_DATE = /\/((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)/;
/** "/2017/7/12/": one-digit month or day, between slashes only. */
const URL_DATE_SHORT = /\/((?:19|20)\d{2})\/([1-9]|1[0-2])\/([1-9]|[12]\d|3[01])(?:\/|$)/;
/** "/meldungen/29-10-2021": a day-month-year path segment. */
const URL_DATE_DMY = /\/(0[1-9]|[12]\d|3[01])-(0[1-9]|1[0-2])-((?:19|20)\d{2})(?:[/_.]|$)/;
const WORD_DMY = /\b(\d{1,2})\.?\s+(?:de\s+)?([\p{L}]{3,})\.?,?\s+(?:de\s+)?(\d{4})/u;
/** "August 2, 2019"; also "Apr 042013", a two-digit day and the year in two elements with no space between. */
const WORD_MDY = /\b([\p{L}]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+|(?<=\s\d\d))(\d{4})(?!\d)/u;
/** A Wayback Machine address: the capture timestamp before the archived URL is not the page's date. */
const ARCHIVE_PREFIX = /^(?:https?:)?\/\/web\.archive\.org\/web\/\d+[a-z_]*\//i;

/**
 * Month names (prefixes of at least 3 letters are matched) in en, de, fr, es, it, pl, ru, uk, from
 * data/phrases.yaml: each language's months, then its other spellings of the first months.
 */
const MONTHS: [string, number][] = Object.entries(phraseList('months')).flatMap(([lang, names]) => [
  ...numbered(names),
  ...numbered(phraseList('month_variants')[lang] ?? []),
]);

/** Names listed January first, with their month numbers. */
function numbered(names: string[]): [string, number][] {
  return names.map((w, i) => [w, i + 1]);
}

function monthOf(word: string): number | null {
  const w = word.toLowerCase();
  if (w.length < 3) return null;
  for (const [name, n] of MONTHS) {
    if (name === w || (w.length >= 3 && name.startsWith(w) && w.length <= name.length)) return n;
  }
  return null;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function ymd(y: number, m: number, d: number): string | null {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function offset(tz: string | undefined): string {
  if (!tz) return '';
  if (tz.toUpperCase() === 'Z') return 'Z';
  const digits = tz.replace(':', '');
  const mm = digits.length >= 5 ? digits.slice(3, 5) : '00';
  return `${digits.slice(0, 3)}:${mm}`;
}

/** Parses a machine-readable date (meta content, JSON-LD, datetime attribute). */
export function parseMachineDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim();
  const m = ISO.exec(s) ?? COMPACT.exec(s);
  if (m) {
    const day = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    if (!day) return null;
    if (m[4] === undefined || m[5] === undefined) return day;
    const time = `${pad(Number(m[4]))}:${m[5]}:${m[6] ?? '00'}`;
    return `${day}T${time}${offset(m[7])}`;
  }
  if (/^\d+$/.test(s)) return null;
  return parseTextDate(s) ?? parseRfc(s);
}

function parseRfc(s: string): string | null {
  if (!/[a-z]{3}/i.test(s) || s.length > 64) return null;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return null;
  const d = new Date(t);
  if (d.getUTCFullYear() < MIN_YEAR || d.getUTCFullYear() > MAX_YEAR) return null;
  return d.toISOString().replace('.000Z', 'Z');
}

/** Finds a written date ("2 August 2019", "02.08.2019", "August 2, 2019") in free text. */
export function parseTextDate(s: string): string | null {
  let m = ISO.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DMY.exec(s);
  if (m) return ymd(Number(m[3]), Number(m[2]), Number(m[1]));
  m = YMD_SLASH.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = WORD_DMY.exec(s);
  if (m) {
    const month = monthOf(m[2]!);
    if (month) return ymd(Number(m[3]), month, Number(m[1]));
  }
  m = WORD_MDY.exec(s);
  if (m) {
    const month = monthOf(m[1]!);
    if (month) return ymd(Number(m[3]), month, Number(m[2]));
  }
  m = DMY_SHORT.exec(s);
  if (m) return ymd(2000 + Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

/** The day a Wayback Machine address was captured ("web.archive.org/web/20120216182711/..." → 2012-02-16), or null. */
export function captureDay(url: string | null): string | null {
  const m = url ? /^(?:https?:)?\/\/web\.archive\.org\/web\/(\d{4})(\d{2})(\d{2})/i.exec(url) : null;
  return m ? ymd(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** A /2019/08/02/-style date in a URL path. */
export function dateFromUrl(url: string | null): string | null {
  if (!url) return null;
  url = url.replace(ARCHIVE_PREFIX, '/');
  const m = URL_DATE.exec(url) ?? URL_DATE_SHORT.exec(url);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  const d = URL_DATE_DMY.exec(url);
  return d ? ymd(Number(d[3]), Number(d[2]), Number(d[1])) : null;
}
