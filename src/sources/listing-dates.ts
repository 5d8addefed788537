/**
 * Dates as news listing pages write them: machine dates in attributes, "18.02.2022 16:30",
 * "18 февраля 2022, 16:30", "Сегодня, 14:30" / "Вчора 09:15", a bare "14:30" (today), or a pattern the
 * source gives (`dateFormat: "DD.MM.YYYY HH:mm"`). Times without an offset are read in the source's
 * zone (default UTC). Output: ISO 8601 in UTC, or null.
 */

/** Month names by their first three letters, in Russian, Ukrainian and English (any case, any grammatical case). */
const MONTH_PREFIXES: Record<string, number> = {
  янв: 1, фев: 2, мар: 3, апр: 4, мая: 5, май: 5, июн: 6, июл: 7, авг: 8, сен: 9, окт: 10, ноя: 11, дек: 12,
  січ: 1, лют: 2, бер: 3, кві: 4, тра: 5, чер: 6, лип: 7, сер: 8, вер: 9, жов: 10, лис: 11, гру: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const TODAY = /(?:^|[^\p{L}])(?:сегодня|сьогодні|today)(?![\p{L}])/iu;
const YESTERDAY = /(?:^|[^\p{L}])(?:вчера|вчора|yesterday)(?![\p{L}])/iu;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LOCAL = /(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?/;
const DMY = /(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?!\d)/;
const WORD_DATE = /(?<!\d)(\d{1,2})\s+([\p{L}]{3,})\.?(?:,?\s+(\d{4}))?/u;
const TIME = /(?<!\d)([01]?\d|2[0-3])[:.]([0-5]\d)(?::([0-5]\d))?(?!\d)/;
/** dateFormat tokens, longest first. */
const TOKENS: [string, string][] = [
  ['YYYY', '(?<year>\\d{4})'], ['MMMM', '(?<monthName>[\\p{L}]{3,})\\.?'], ['MMM', '(?<monthName>[\\p{L}]{3,})\\.?'],
  ['YY', '(?<year2>\\d{2})'], ['MM', '(?<month>\\d{1,2})'], ['DD', '(?<day>\\d{1,2})'], ['HH', '(?<hour>\\d{1,2})'],
  ['mm', '(?<minute>\\d{2})'], ['ss', '(?<second>\\d{2})'], ['M', '(?<month>\\d{1,2})'], ['D', '(?<day>\\d{1,2})'], ['H', '(?<hour>\\d{1,2})'],
];

export interface ListingDateOptions {
  /** A pattern such as "DD.MM.YYYY HH:mm" (tokens YYYY YY MMMM MMM MM M DD D HH H mm ss). */
  format?: string;
  /** IANA zone of dates without an offset. Default UTC. */
  timezone?: string;
  /** "Today" and dates without a year are read relative to this. */
  now: Date;
}

interface Fields { year: number; month: number; day: number; hour: number; minute: number; second: number }

/** The month a word names ("февраля", "лютого", "Feb."), or null. */
export function monthFromWord(word: string): number | null {
  return MONTH_PREFIXES[word.slice(0, 3).toLowerCase()] ?? null;
}

/** Milliseconds the zone is ahead of UTC at `utcMs`. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(utcMs / 1000) * 1000;
}

/** Wall-clock fields in a zone, as a UTC ISO string (null when they are not a real date). */
function fromZone(f: Fields, timeZone: string): string | null {
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31 || f.year < 1990 || f.year > 2100) return null;
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  if (new Date(wall).getUTCDate() !== f.day) return null;
  let utc = wall - zoneOffsetMs(wall, timeZone);
  utc = wall - zoneOffsetMs(utc, timeZone);
  return new Date(utc).toISOString();
}

/** The wall-clock date of `now` in the zone, moved by `days`. */
function localDay(now: Date, timeZone: string, days: number): Pick<Fields, 'year' | 'month' | 'day'> {
  const shifted = new Date(now.getTime() + days * 86_400_000 + zoneOffsetMs(now.getTime(), timeZone));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function timeOf(text: string): Pick<Fields, 'hour' | 'minute' | 'second'> {
  const t = TIME.exec(text);
  return t ? { hour: Number(t[1]), minute: Number(t[2]), second: Number(t[3] ?? 0) } : { hour: 0, minute: 0, second: 0 };
}

/** A date without a year is the latest such date not after tomorrow. */
function guessYear(month: number, day: number, now: Date): number {
  const year = now.getUTCFullYear();
  return Date.UTC(year, month - 1, day) > now.getTime() + 86_400_000 ? year - 1 : year;
}

function byFormat(text: string, format: string, now: Date): Fields | null {
  let pattern = '';
  for (let i = 0; i < format.length;) {
    const token = TOKENS.find(([t]) => format.startsWith(t, i));
    if (token) {
      pattern += token[1];
      i += token[0].length;
    } else {
      const c = format[i]!;
      pattern += /\s/.test(c) ? '\\s*' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      i++;
    }
  }
  const g = new RegExp(pattern, 'u').exec(text)?.groups;
  if (!g) return null;
  const month = g.month ? Number(g.month) : g.monthName ? monthFromWord(g.monthName) : null;
  if (!month || !g.day) return null;
  const year = g.year ? Number(g.year) : g.year2 ? 2000 + Number(g.year2) : guessYear(month, Number(g.day), now);
  return { year, month, day: Number(g.day), hour: Number(g.hour ?? 0), minute: Number(g.minute ?? 0), second: Number(g.second ?? 0) };
}

function byCommonForms(text: string, now: Date, timeZone: string): Fields | null {
  const time = timeOf(text);
  if (TODAY.test(text)) return { ...localDay(now, timeZone, 0), ...time };
  if (YESTERDAY.test(text)) return { ...localDay(now, timeZone, -1), ...time };
  let m = ISO_LOCAL.exec(text);
  if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0) };
  m = DMY.exec(text);
  if (m) return { year: m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]), month: Number(m[2]), day: Number(m[1]), ...timeOf(text.slice(m.index + m[0].length)) };
  m = WORD_DATE.exec(text);
  const month = m ? monthFromWord(m[2]!) : null;
  if (m && month) {
    const year = m[3] ? Number(m[3]) : guessYear(month, Number(m[1]), now);
    return { year, month, day: Number(m[1]), ...timeOf(text.slice(m.index + m[0].length)) };
  }
  // A bare time: today's item ("14:30").
  if (/^\s*\d{1,2}[:.]\d{2}\s*$/.test(text)) return { ...localDay(now, timeZone, 0), ...time };
  return null;
}

/** Reads a listing item's date; null when it cannot be read (the article page's own date is used then). */
export function parseListingDate(raw: string | null | undefined, options: ListingDateOptions): string | null {
  const text = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!text || text.length > 200) return null;
  if (WITH_OFFSET.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  const timeZone = options.timezone ?? 'UTC';
  const fields = options.format ? byFormat(text, options.format, options.now) : byCommonForms(text, options.now, timeZone);
  return fields ? fromZone(fields, timeZone) : null;
}
