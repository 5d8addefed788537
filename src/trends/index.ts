/**
 * What is rising: a series of article counts (all, or for one entity, rule, narrative or feed) in hour
 * or day buckets, and its spikes (src/trends/spikes.ts). The baseline needs the days before `since`,
 * so they are read too; only buckets from `since` on are reported.
 */
import type { Store, TrendQuery } from '../store/types.js';
import type { Bucket } from '../types.js';
import { DEFAULT_SPIKE_OPTIONS, detectSpikes, type Spike, type SpikeOptions } from './spikes.js';

export { detectSpikes, type Spike, type SpikeOptions } from './spikes.js';

const DAY_MS = 86_400_000;

export interface TrendsReport {
  query: TrendQuery;
  buckets: Bucket[];
  spikes: Spike[];
}

/** Buckets from `since` (empty ones left out) and the spikes among them. */
export async function trendsReport(store: Store, query: TrendQuery, options: Omit<SpikeOptions, 'bucket'> = {}): Promise<TrendsReport> {
  const baselineDays = options.baselineDays ?? DEFAULT_SPIKE_OPTIONS.baselineDays;
  const since = Date.parse(query.since);
  const start = new Date(since - baselineDays * DAY_MS).toISOString();
  const all = await store.trendCounts({ ...query, since: start });
  // The baseline starts at the first bucket with articles (a store younger than the baseline has no zeros before it).
  const spikes = detectSpikes(all, { ...options, bucket: query.bucket }).filter((s) => Date.parse(s.time) >= since);
  return { query, buckets: all.filter((b) => Date.parse(b.time) >= since), spikes };
}
