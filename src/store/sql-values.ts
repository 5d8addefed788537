/**
 * Values as the SQL of both dialects takes and gives them: long IN lists cut into chunks (SQLite caps
 * bound parameters per statement), times as ISO text, a date precision read back from a row.
 */
import type { DatePrecision } from '../types.js';

/** SQLite caps bound parameters per statement; chunk long IN lists. */
const IN_CHUNK = 500;

export function chunks<T>(list: T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export function placeholders(n: number): string {
  return new Array(n).fill('?').join(', ');
}

export function toIso(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** A time column as the driver gives it (a Date from PostgreSQL, text from SQLite) as ISO text. */
export function rowTime(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** Text that parses as a time, as ISO text; anything else as given. */
export function isoOr(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

export function precisionFromRow(value: unknown): DatePrecision | null {
  return value === 'day' || value === 'minute' ? value : null;
}
