/**
 * Feed date parsing: RFC 822/1123 (with the usual breakage: missing seconds or weekday, two-digit
 * years, named zones, full month names, Russian month names), ISO 8601 / W3C-DTF (date-only, missing
 * seconds, space instead of T, offsets without colon), and as a last resort JavaScript's own date
 * strings when they carry an explicit zone. Result: UTC ISO string, or null.
 */

/** Dates outside this range are treated as garbage (0001-01-01 placeholders, epoch-ms mistakes). */
const MIN_YEAR = 1970;
const MAX_YEAR = 2100;
const ISO_RE =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:[T\s]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC822_RE =
  /^(?:[A-Za-zА-Яа-яёЁ]+\.?,?\s+)?(\d{1,2})\.?\s*([A-Za-zА-Яа-яёЁ]+)\.?,?\s*(\d{2,4}),?(?:\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(am|pm)?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?(?:\s*([+-]\d{2}:?\d{2}))?(?:\s*\(.*\))?$/i;
/** US-style "Jul 17, 2014 14:17:45 GMT" / "Thu Jul 17 2014 ...". */
const MONTH_FIRST_RE =
  /^(?:[A-Za-z]+,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?$/i;
const EXPLICIT_ZONE_RE = /(?:GMT|UTC|Z\b|[+-]\d{2}:?\d{2})/;

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  янв: 1, фев: 2, мар: 3, апр: 4, мая: 5, май: 5, июн: 6, июл: 7, авг: 8, сен: 9, окт: 10, ноя: 11, дек: 12,
};
/** Named zones seen in feeds, as minutes east of UTC. */
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0, BST: 60, CET: 60, CEST: 120, EET: 120, EEST: 180, MSK: 180, MSD: 240,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420, AKST: -540,
  AKDT: -480, HST: -600, IST: 330, JST: 540, KST: 540, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
  A: -60, M: -720, N: 60, Y: 720,
};

/** Parses a feed date into an ISO 8601 UTC string (`2014-07-17T21:17:45.000Z`), or null. */
export function parseFeedDate(input: string | null | undefined): string | null {
  if (!input) return null;
  const s = input.trim().replace(/\s+/g, ' ');
  if (s === '') return null;
  const ms = parseIso(s) ?? parseRfc822(s) ?? parseMonthFirst(s) ?? parseJsFallback(s);
  if (ms === null || !Number.isFinite(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  return year < MIN_YEAR || year > MAX_YEAR ? null : new Date(ms).toISOString();
}

function parseIso(s: string): number | null {
  const m = ISO_RE.exec(s);
  if (!m) return null;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  return build(+y!, +mo, +d, +h, +mi, +sec, ms, zoneOffset(zone));
}

function parseRfc822(s: string): number | null {
  const m = RFC822_RE.exec(s);
  if (!m) return null;
  const [, d, monName, y, h = '0', mi = '0', sec = '0', ampm, zone, extraOffset] = m;
  const month = monthNumber(monName!);
  if (month === null) return null;
  return build(fullYear(+y!), month, +d!, hour12(+h, ampm), +mi, +sec, 0, zoneOffset(extraOffset ?? zone));
}

function parseMonthFirst(s: string): number | null {
  const m = MONTH_FIRST_RE.exec(s);
  if (!m) return null;
  const [, monName, d, y, h = '0', mi = '0', sec = '0', ampm, zone] = m;
  const month = monthNumber(monName!);
  if (month === null) return null;
  return build(+y!, month, +d!, hour12(+h, ampm), +mi, +sec, 0, zoneOffset(zone));
}

/** JavaScript's own toString()/toUTCString() forms, only when they name a zone (no local-time guesses). */
function parseJsFallback(s: string): number | null {
  // A string one of our grammars recognised but rejected (Feb 31) must not be rolled over by Date.parse.
  if (!EXPLICIT_ZONE_RE.test(s) || ISO_RE.test(s) || RFC822_RE.test(s) || MONTH_FIRST_RE.test(s)) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
}

function monthNumber(name: string): number | null {
  const n = name.toLowerCase();
  return MONTHS[n.slice(0, 3)] ?? MONTHS[n.slice(0, 4)] ?? null;
}

function fullYear(y: number): number {
  if (y >= 100) return y;
  return y < 50 ? 2000 + y : 1900 + y;
}

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase() === 'pm';
  return (h % 12) + (pm ? 12 : 0);
}

/** Minutes east of UTC for a zone token; undefined zone means UTC (feeds that omit it are mostly UTC). */
function zoneOffset(zone: string | undefined): number | null {
  if (!zone) return 0;
  const z = zone.toUpperCase();
  if (z in ZONES) return ZONES[z]!;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return null;
  const mins = +m[2]! * 60 + +(m[3] ?? 0);
  return m[1] === '-' ? -mins : mins;
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offset: number | null): number | null {
  if (offset === null || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms);
  // Reject dates JavaScript would roll over (Feb 30 -> Mar 2).
  if (new Date(t).getUTCDate() !== d && h !== 24) return null;
  return t - offset * 60_000;
}
