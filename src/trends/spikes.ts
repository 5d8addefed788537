/**
 * Spikes in a count series: a bucket is a spike when its count stands well above the usual level for
 * that hour and weekday (hourly series) or that weekday (daily series), in the style of EARS C2 with a
 * long baseline: the same hour on each of the BASELINE_DAYS days before (a lag of one day keeps a burst
 * that started yesterday out of its own baseline), mean and standard deviation, and a spike when
 *   count >= expected + Z * max(sd, SD_FLOOR)  and  count >= MIN_COUNT  and  distinct sources >= MIN_SOURCES.
 * The floor on the deviation keeps sparse series (zeros with an odd 1) from spiking on every 2.
 *
 * Weekdays (`baseline`):
 * - 'weekday-scaled' (default): each baseline day's count is divided by its weekday's factor (that
 *   weekday's daily total over the baseline against the mean day, shrunk towards 1 when the totals are
 *   small), and the mean and deviation are scaled back by the factor of the bucket's weekday; so a quiet
 *   Sunday is compared with the usual Sunday, with 28 values rather than 4;
 * - 'hour-of-day': the same hour of every earlier day, weekdays alike;
 * - 'hour-of-week': the same hour of the same weekday only (4 values over 28 days).
 * Chosen by measuring (test/bench/trends.ts, README "What is rising").
 */
import type { Bucket } from '../types.js';

export type BaselineKind = 'weekday-scaled' | 'hour-of-day' | 'hour-of-week';
export const BASELINE_KINDS: readonly BaselineKind[] = ['weekday-scaled', 'hour-of-day', 'hour-of-week'];

export interface SpikeOptions {
  /** 'hour' or 'day' buckets. */
  bucket: 'hour' | 'day';
  /** Days of baseline. Default 28. */
  baselineDays?: number;
  /** How weekdays enter the baseline (see above). Default 'weekday-scaled'. */
  baseline?: BaselineKind;
  /** Standard deviations above the mean. Default 4 (3 gave about one false spike a week on a busy hourly series: see the README). */
  z?: number;
  /** Smallest standard deviation used (sparse series). Default 1. */
  sdFloor?: number;
  /** Smallest count that may spike. Default 5. */
  minCount?: number;
  /** Fewest distinct sources a spike needs. Default 2. */
  minSources?: number;
  /** Where the series begins (ISO): no baseline before it. Default: the earliest bucket. */
  start?: string;
  /** Fewest baseline days a bucket needs before it may spike (hour-of-week: twice this). Default 7. */
  minBaselineDays?: number;
}

export interface Spike extends Bucket {
  /** The baseline's expected count and standard deviation, and how many deviations above it the count stands. */
  expected: number;
  sd: number;
  score: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Pseudo-articles added to each weekday's total and to its expectation: a sparse series keeps factors near 1. */
const WEEKDAY_PRIOR = 10;
export const DEFAULT_SPIKE_OPTIONS = { baselineDays: 28, baseline: 'weekday-scaled', z: 4, sdFloor: 1, minCount: 5, minSources: 2, minBaselineDays: 7 } as const;

const dayOf = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;
const weekdayOf = (t: number) => new Date(t).getUTCDay();

/** The weekday factors of the baseline days before `day` (UTC day start): weekday -> factor. */
function weekdayFactors(dailyTotals: Map<number, number>, day: number, baselineDays: number, start: number): number[] {
  const sums = new Array<number>(7).fill(0);
  const days = new Array<number>(7).fill(0);
  let total = 0;
  let n = 0;
  for (let d = 1; d <= baselineDays; d++) {
    const t = day - d * DAY_MS;
    if (t < dayOf(start)) break;
    const count = dailyTotals.get(t) ?? 0;
    sums[weekdayOf(t)]! += count;
    days[weekdayOf(t)]!++;
    total += count;
    n++;
  }
  const mean = n > 0 ? total / n : 0;
  return sums.map((s, w) => (days[w]! === 0 || mean === 0 ? 1 : (s + WEEKDAY_PRIOR) / (days[w]! * mean + WEEKDAY_PRIOR)));
}

/** The spikes of a series (buckets in any order; missing buckets count as zero). */
export function detectSpikes(buckets: Bucket[], options: SpikeOptions): Spike[] {
  // An option given as undefined keeps its default.
  const o = { ...DEFAULT_SPIKE_OPTIONS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<Omit<SpikeOptions, 'start'>> & Pick<SpikeOptions, 'start'>;
  const byTime = new Map(buckets.map((b) => [Date.parse(b.time), b]));
  const start = o.start ? Date.parse(o.start) : Math.min(...byTime.keys());
  const dailyTotals = new Map<number, number>();
  for (const [t, b] of byTime) dailyTotals.set(dayOf(t), (dailyTotals.get(dayOf(t)) ?? 0) + b.count);
  const factorsByDay = new Map<number, number[]>();
  const spikes: Spike[] = [];
  for (const b of buckets) {
    if (b.count < o.minCount || b.sources < o.minSources) continue;
    const t = Date.parse(b.time);
    // Hourly: the same hour on earlier days (lag 1 day). Daily: earlier days (lag 1 day).
    const stride = o.baseline === 'hour-of-week' ? 7 : 1;
    const baseline: number[] = [];
    const weekdays: number[] = [];
    for (let d = stride; d <= o.baselineDays; d += stride) {
      const before = t - d * DAY_MS;
      if (before < start) break;
      baseline.push(byTime.get(before)?.count ?? 0);
      weekdays.push(weekdayOf(before));
    }
    const historyDays = baseline.length * stride;
    if (historyDays < o.minBaselineDays * (stride > 1 ? 2 : 1)) continue;
    let scale = 1;
    let values = baseline;
    if (o.baseline === 'weekday-scaled') {
      const day = dayOf(t);
      let factors = factorsByDay.get(day);
      if (!factors) factorsByDay.set(day, (factors = weekdayFactors(dailyTotals, day, o.baselineDays, start)));
      values = baseline.map((x, i) => x / factors[weekdays[i]!]!);
      scale = factors[weekdayOf(t)]!;
    }
    const mean = values.reduce((a, x) => a + x, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, values.length - 1));
    const expected = mean * scale;
    const used = Math.max(sd * scale, o.sdFloor);
    const score = (b.count - expected) / used;
    if (score >= o.z) spikes.push({ ...b, expected: Number(expected.toFixed(3)), sd: Number((sd * scale).toFixed(3)), score: Number(score.toFixed(2)) });
  }
  return spikes.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}
