/**
 * From what the store recorded (article and alert `created`) and what the site logged (when each feed
 * and page was first requested) to the run's figures: rate, latency percentiles, CPU per article.
 */
import { percentile, round } from '../harness.js';
import { openRawDb } from './services.js';
import type { RunSpec } from './run.js';
import type { NewsSite, SiteArticle } from './site.js';

export interface StoredTimes {
  articles: Map<string, number>;
  /** Alert created times with their article's key. */
  alerts: { key: string; created: number }[];
  /** Keys of articles analysed from the feed's content (the page could not be had, or gave too little). */
  fallbacks: Set<string>;
}

export interface ProcessFigures {
  name: string;
  cpu_ms: number;
  peak_rss_mb: number;
  cpu_ms_per_article?: number;
}

export interface Quantiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface RunFigures {
  label: string;
  mode: RunSpec['mode'];
  store: RunSpec['store'];
  analyze_procs: number;
  rate: number | null;
  articles: number;
  expected_articles: number;
  /** Every expected key stored exactly once (the duplicated items gave one article each). */
  exactly_once: boolean;
  alerts: number;
  fallbacks: number;
  seconds: number;
  articles_per_s: number;
  /** First poll of an item's feed -> its article (and alerts: same transaction) stored. */
  latency_ms: Quantiles;
  alert_latency_ms: Quantiles;
  /** The two halves: poll -> page requested, page requested -> stored. */
  poll_to_fetch_ms: Quantiles;
  fetch_to_stored_ms: Quantiles;
  processes: ProcessFigures[];
  cpu_ms_per_article: number;
  redis_cpu_ms_per_article: number;
  /** Redis memory still used when the run is over (completed jobs kept by retention, events), per 1,000 articles. */
  redis_retained_mb_per_1000: number;
}

export async function readStoredTimes(url: string): Promise<StoredTimes> {
  const db = openRawDb(url);
  try {
    const articles = await db.all<{ key: string; created: string }>('SELECT key, created FROM articles');
    const alerts = await db.all<{ key: string; created: string }>('SELECT ar.key, al.created FROM alerts al JOIN articles ar ON ar.id = al.article_id');
    const fallback = await db.all<{ key: string }>("SELECT key FROM articles WHERE method = 'feed-fallback'");
    return {
      fallbacks: new Set(fallback.map((r) => r.key)),
      articles: new Map(articles.map((r) => [r.key, Date.parse(r.created)])),
      alerts: alerts.map((r) => ({ key: r.key, created: Date.parse(r.created) })),
    };
  } finally {
    await db.close();
  }
}

function quantiles(values: number[]): Quantiles {
  return { p50: round(percentile(values, 0.5), 0), p95: round(percentile(values, 0.95), 0), p99: round(percentile(values, 0.99), 0), max: round(Math.max(...values), 0) };
}

export function analyseTimings(spec: RunSpec, site: NewsSite, expected: SiteArticle[], stored: StoredTimes, processes: ProcessFigures[], redis: { cpuMs: number; retainedBytes: number }): RunFigures {
  const polledAt = (a: SiteArticle) => Math.min(...a.feeds.map((f) => site.feedFetched.get(f) ?? Infinity));
  const byKey = new Map(expected.map((a) => [a.key, a]));
  const start = Math.min(...site.feedFetched.values());
  const ends = expected.map((a) => stored.articles.get(a.key) ?? -Infinity);
  const end = Math.max(...ends);
  const latency: number[] = [];
  const toFetch: number[] = [];
  const toStored: number[] = [];
  for (const a of expected) {
    const created = stored.articles.get(a.key);
    const polled = polledAt(a);
    const fetched = site.pageFetched.get(a.path);
    if (created === undefined || !Number.isFinite(polled)) continue;
    latency.push(created - polled);
    if (fetched !== undefined) {
      toFetch.push(fetched - polled);
      toStored.push(created - fetched);
    }
  }
  const alertLatency = stored.alerts.filter((al) => byKey.has(al.key)).map((al) => al.created - polledAt(byKey.get(al.key)!));
  const warm = spec.mode === 'workers' ? site.warmup.articles.length : 0;
  // A page requested twice means an item was taken for two articles, or fetched again.
  const refetched = expected.filter((a) => (site.server.hits.get(a.path) ?? 0) > 1).length;
  // Only the measured articles count (the warm-up feed's are stored too).
  const n = expected.filter((a) => stored.articles.has(a.key)).length;
  const alerts = stored.alerts.filter((al) => byKey.has(al.key));
  const seconds = (end - start) / 1000;
  const cpu = processes.reduce((sum, p) => sum + p.cpu_ms, 0);
  return {
    label: spec.label,
    mode: spec.mode,
    store: spec.store,
    analyze_procs: spec.mode === 'run-once' ? 0 : spec.analyzeProcs,
    rate: spec.rate ?? null,
    articles: n,
    expected_articles: expected.length,
    exactly_once: n === expected.length && stored.articles.size === expected.length + warm && refetched === 0,
    alerts: alerts.length,
    fallbacks: expected.filter((a) => stored.fallbacks.has(a.key)).length,
    seconds: round(seconds, 2),
    articles_per_s: round(n / seconds),
    latency_ms: quantiles(latency),
    alert_latency_ms: quantiles(alertLatency),
    poll_to_fetch_ms: quantiles(toFetch),
    fetch_to_stored_ms: quantiles(toStored),
    processes: processes.map((p) => ({ ...p, cpu_ms: round(p.cpu_ms, 0), peak_rss_mb: round(p.peak_rss_mb, 0), cpu_ms_per_article: round(p.cpu_ms / n, 2) })),
    cpu_ms_per_article: round(cpu / n, 2),
    redis_cpu_ms_per_article: round(redis.cpuMs / n, 2),
    redis_retained_mb_per_1000: round((redis.retainedBytes / n) * 1000 / 2 ** 20, 2),
  };
}

