/**
 * Spikes in a count series: a bucket is a spike when its count stands well above the usual level for
 * that hour of the day (hourly series) or that day (daily series), in the style of EARS C2 with a long
 * baseline: the same hour on each of the BASELINE_DAYS days before (a lag of one day keeps a burst that
 * started yesterday out of its own baseline), mean and standard deviation, and a spike when
 *   count >= mean + Z * max(sd, SD_FLOOR)  and  count >= MIN_COUNT  and  distinct sources >= MIN_SOURCES.
 * The floor on the deviation keeps sparse series (zeros with an odd 1) from spiking on every 2.
 */

/** One bucket of a series: its start (ISO), how many mentions, from how many distinct sources. */
export interface Bucket {
  time: string;
  count: number;
  sources: number;
}

export interface SpikeOptions {
  /** 'hour' or 'day' buckets. */
  bucket: 'hour' | 'day';
  /** Days of baseline. Default 28. */
  baselineDays?: number;
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
  /** Fewest baseline days a bucket needs before it may spike. Default 7. */
  minBaselineDays?: number;
}

export interface Spike extends Bucket {
  /** The baseline's mean and standard deviation, and how many deviations above it the count stands. */
  expected: number;
  sd: number;
  score: number;
}

const HOUR_MS = 3_600_000;
export const DEFAULT_SPIKE_OPTIONS = { baselineDays: 28, z: 4, sdFloor: 1, minCount: 5, minSources: 2, minBaselineDays: 7 } as const;

/** The spikes of a series (buckets in any order; missing buckets count as zero). */
export function detectSpikes(buckets: Bucket[], options: SpikeOptions): Spike[] {
  const o = { ...DEFAULT_SPIKE_OPTIONS, ...options };
  const step = o.bucket === 'hour' ? HOUR_MS : 24 * HOUR_MS;
  const byTime = new Map(buckets.map((b) => [Date.parse(b.time), b]));
  const start = o.start ? Date.parse(o.start) : Math.min(...byTime.keys());
  const spikes: Spike[] = [];
  for (const b of buckets) {
    if (b.count < o.minCount || b.sources < o.minSources) continue;
    const t = Date.parse(b.time);
    const baseline: number[] = [];
    // Hourly: the same hour on each earlier day (lag 1 day). Daily: each earlier day (lag 1 day).
    for (let d = 1; d <= o.baselineDays; d++) {
      const before = o.bucket === 'hour' ? t - d * 24 * HOUR_MS : t - d * step;
      if (before >= start) baseline.push(byTime.get(before)?.count ?? 0);
    }
    if (baseline.length < o.minBaselineDays) continue;
    const mean = baseline.reduce((a, x) => a + x, 0) / baseline.length;
    const sd = Math.sqrt(baseline.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, baseline.length - 1));
    const used = Math.max(sd, o.sdFloor);
    const score = (b.count - mean) / used;
    if (score >= o.z) spikes.push({ ...b, expected: Number(mean.toFixed(3)), sd: Number(sd.toFixed(3)), score: Number(score.toFixed(2)) });
  }
  return spikes.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}
