/**
 * Times as a subscriber reads them: in the subscription's time zone, and the period a digest covers
 * (from the schedule's previous run to this one).
 */
import { Cron } from 'croner';

/** A scheduled run this close to "now" is the run that fired this digest. */
const FIRED_TOLERANCE_MS = 90_000;

/** The city of an IANA zone for labels: Europe/Kyiv -> Kyiv, America/New_York -> New York. */
export function zoneLabel(timeZone: string): string {
  const city = timeZone.split('/').pop() ?? timeZone;
  return city.replace(/_/g, ' ');
}

function parts(iso: string, timeZone: string): Record<string, string> {
  const formatter = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  return Object.fromEntries(formatter.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
}

/** "2022-02-18 16:30" in the zone. */
export function localDateTime(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "06:00–07:00 Kyiv" within one day, else "2022-02-17 07:00 – 2022-02-18 07:00 Kyiv". */
export function periodLabel(from: string, to: string, timeZone: string): string {
  const a = localDateTime(from, timeZone);
  const b = localDateTime(to, timeZone);
  const zone = zoneLabel(timeZone);
  if (a.slice(0, 10) === b.slice(0, 10)) return `${a.slice(11)}–${b.slice(11)} ${zone}`;
  return `${a} – ${b} ${zone}`;
}

/**
 * The period a digest sent at `now` covers: from the schedule's run before the one that fired it to
 * that run, or (sent by hand between runs) from the last run until now. Null for "immediate".
 */
export function digestPeriod(schedule: string, timeZone: string, now: Date): { from: string; to: string } | null {
  if (schedule === 'immediate') return null;
  const runs = new Cron(schedule, { timezone: timeZone, paused: true }).previousRuns(2, new Date(now.getTime() + FIRED_TOLERANCE_MS));
  const [last, before] = runs;
  if (!last) return null;
  if (Math.abs(now.getTime() - last.getTime()) <= FIRED_TOLERANCE_MS && before) {
    return { from: before.toISOString(), to: last.toISOString() };
  }
  const previous = new Cron(schedule, { timezone: timeZone, paused: true }).previousRuns(1, now)[0];
  return { from: (previous ?? last).toISOString(), to: now.toISOString() };
}
