/**
 * Spikes as alerts: each enabled `type: rising` rule of rules.yaml is checked against the stored counts
 * of what it watches (an entry or keyword group, every entry or every entry of a kind, a rule's
 * articles, a narrative, a feed or an affiliation's sources), and each spike in the latest two buckets
 * (the current one and the one before, so a spike completed between two runs is not missed) raises one
 * alert, once: the store records the spike under a unique (rule, series, bucket, time) first. Run by a
 * job scheduler on the deliver queue (src/pipeline/scheduler.ts) every RISING_EVERY_MS, by any
 * number of processes; and once by `mediamon run --once`, after its polls are stored.
 */
import type { Store, SpikeInput, SpikeWatch } from '../store/types.js';
import { isRising, type Rule, type RulesConfig, type WatchlistConfig } from '../tagging/schema.js';
import type { Bucket } from '../types.js';
import { DEFAULT_SPIKE_OPTIONS, detectSpikes, type SpikeOptions } from './spikes.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How often the workers look for spikes (the scheduler's interval). */
export const RISING_EVERY_MS = 5 * 60_000;
/** Buckets looked at each run: the current one and the one before it. */
const RECENT_BUCKETS = 2;

export interface RisingDeps {
  store: Store;
  config: { rules: RulesConfig; watchlist: WatchlistConfig };
  /** Default: the clock. */
  now?: Date;
}

/** A spike raised by this run. */
export interface RaisedSpike extends SpikeInput {
  spikeId: number;
  alertId: number | null;
}

type RisingRule = Rule & { type: 'rising'; watch: NonNullable<Rule['watch']> };

/** The entries a rule watches one by one ('*': every entry; a kind: its entries); null for one series. */
function entriesOf(rule: RisingRule, watchlist: WatchlistConfig): string[] | null {
  if (rule.watch.entity === '*') return watchlist.entries.map((e) => e.id);
  if (rule.watch.kind) return watchlist.entries.filter((e) => e.kind === rule.watch.kind).map((e) => e.id);
  return null;
}

/** The one series of a rule watching one thing. */
function watchOf(rule: RisingRule): SpikeWatch {
  const w = rule.watch;
  if (w.entity !== undefined) return { kind: 'entity', id: w.entity };
  if (w.rule !== undefined) return { kind: 'rule', id: w.rule };
  if (w.narrative !== undefined) return { kind: 'narrative', id: w.narrative };
  if (w.feed !== undefined) return { kind: 'feed', id: w.feed };
  return { kind: 'affiliation', id: w.affiliation! };
}

/** The spike options of a rule (its overrides over the defaults). */
export function spikeOptionsOf(rule: Rule): SpikeOptions {
  // A feed is one source: its own series needs no second one.
  const minSources = rule.minSources ?? (rule.watch?.feed !== undefined ? 1 : undefined);
  return { bucket: rule.bucket ?? 'hour', z: rule.z, minCount: rule.minCount, minSources, baseline: rule.baseline };
}

/** Find the spikes of every rising rule in the latest buckets and raise each one's alert once. */
export async function raiseRisingAlerts(deps: RisingDeps): Promise<RaisedSpike[]> {
  const now = (deps.now ?? new Date()).getTime();
  const raised: RaisedSpike[] = [];
  for (const rule of deps.config.rules.rules.filter(isRising).filter((r) => r.enabled) as RisingRule[]) {
    const options = spikeOptionsOf(rule);
    const step = options.bucket === 'hour' ? HOUR_MS : DAY_MS;
    const recentFrom = Math.floor(now / step) * step - (RECENT_BUCKETS - 1) * step;
    const since = new Date(recentFrom - (DEFAULT_SPIKE_OPTIONS.baselineDays + 1) * DAY_MS).toISOString();
    const minCount = options.minCount ?? DEFAULT_SPIKE_OPTIONS.minCount;
    const entries = entriesOf(rule, deps.config.watchlist);
    const one = entries ? null : watchOf(rule);
    const series: [SpikeWatch, Bucket[]][] = one
      ? [[one, await deps.store.trendCounts({ bucket: options.bucket, since, [one.kind]: one.id })]]
      : [...(await deps.store.trendCountsByEntity({ bucket: options.bucket, since, entities: entries! }))].map(([id, b]) => [{ kind: 'entity', id }, b]);
    for (const [watch, buckets] of series) {
      // Most series are quiet: only those with a big enough recent bucket are scored.
      if (!buckets.some((b) => Date.parse(b.time) >= recentFrom && b.count >= minCount)) continue;
      for (const spike of detectSpikes(buckets, options).filter((s) => Date.parse(s.time) >= recentFrom)) {
        const input: SpikeInput = { rule: rule.id, priority: rule.priority, watch, bucket: options.bucket, time: spike.time, count: spike.count, sources: spike.sources, expected: spike.expected, sd: spike.sd, score: spike.score };
        const done = await deps.store.raiseSpike(input);
        if (done) raised.push({ ...input, ...done });
      }
    }
  }
  return raised;
}
