/**
 * /metrics in Prometheus text format. Workers run in other processes, so nothing here counts in
 * memory: at each scrape, queue depths come from BullMQ (Redis), per-stage job counters and duration
 * histograms from the hashes workers push (src/queues/metrics-push.ts), and articles, alerts, fallbacks, feed
 * health and deliveries (the ledger) from the store. This process's own runtime metrics (heap, event loop) come from prom-client.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Redis } from 'ioredis';
import { STAGES, type QueueSet } from '../queues/index.js';
import type { Store, StoreStats } from '../store/index.js';
import { JOB_BUCKETS_S, metricsKey } from '../queues/metrics-push.js';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'completed'] as const;

export interface MetricsSources {
  store: Store;
  redis: Redis;
  queues: QueueSet;
}

type Split = [string, string, number];

async function hashRows(redis: Redis, key: string): Promise<Split[]> {
  return Object.entries(await redis.hgetall(key)).map(([field, value]) => {
    const [a, b] = field.split('|') as [string, string];
    return [a, b, Number(value)];
  });
}

/** A counter whose value is read at scrape time from elsewhere (Redis, the store). */
function mirroredCounter(registry: Registry, name: string, help: string, labelNames: string[], read: () => Promise<[Record<string, string>, number][]>): void {
  new Counter({
    name, help, labelNames, registers: [registry],
    async collect() {
      this.reset();
      for (const [labels, value] of await read()) this.inc(labels, value);
    },
  });
}

function mirroredGauge(registry: Registry, name: string, help: string, labelNames: string[], read: () => Promise<[Record<string, string>, number][]>): void {
  new Gauge({
    name, help, labelNames, registers: [registry],
    async collect() {
      this.reset();
      for (const [labels, value] of await read()) this.set(labels, value);
    },
  });
}

/** The job-duration histogram, rendered by hand: prom-client cannot load bucket counts from elsewhere. */
async function durationHistogram(redis: Redis, prefix: string): Promise<string> {
  const rows = await hashRows(redis, metricsKey(prefix, 'durations'));
  const name = 'mediamon_job_duration_seconds';
  const lines = [`# HELP ${name} Time a job took in its worker, per stage (every attempt).`, `# TYPE ${name} histogram`];
  for (const stage of STAGES) {
    const mine = rows.filter(([s]) => s === stage);
    let cumulative = 0;
    for (const bound of [...JOB_BUCKETS_S.map(String), '+Inf']) {
      cumulative += mine.find(([, b]) => b === bound)?.[2] ?? 0;
      lines.push(`${name}_bucket{stage="${stage}",le="${bound}"} ${cumulative}`);
    }
    lines.push(`${name}_sum{stage="${stage}"} ${mine.find(([, b]) => b === 'sum')?.[2] ?? 0}`);
    lines.push(`${name}_count{stage="${stage}"} ${cumulative}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Build the registry for one server; `render()` produces the scrape body. */
export function createMetrics(sources: MetricsSources): { contentType: string; render(): Promise<string> } {
  const { store, redis, queues } = sources;
  const prefix = queues.prefix;
  const registry = new Registry();
  // One store round of queries per scrape, shared by the gauges that read it.
  let snapshot: Promise<StoreStats> | null = null;
  const stats = () => (snapshot ??= store.stats());
  collectDefaultMetrics({ register: registry, prefix: 'mediamon_server_' });

  mirroredCounter(registry, 'mediamon_jobs_total', 'Job attempts finished per stage: completed, failed (for good) or retried.', ['stage', 'outcome'],
    async () => (await hashRows(redis, metricsKey(prefix, 'jobs'))).map(([stage, outcome, n]) => [{ stage, outcome }, n]));
  mirroredGauge(registry, 'mediamon_deliveries', 'Deliveries in the ledger by channel and status: pending, sending, sent, failed.', ['channel', 'status'],
    async () => Object.entries((await stats()).deliveries).map(([key, n]) => {
      const cut = key.lastIndexOf('|');
      return [{ channel: key.slice(0, cut), status: key.slice(cut + 1) }, n];
    }));
  mirroredGauge(registry, 'mediamon_queue_jobs', 'Jobs in each queue by state (from Redis).', ['queue', 'state'], async () => {
    const out: [Record<string, string>, number][] = [];
    for (const stage of STAGES) {
      const counts = await queues.queues[stage].getJobCounts(...QUEUE_STATES);
      for (const state of QUEUE_STATES) out.push([{ queue: stage, state }, counts[state] ?? 0]);
    }
    return out;
  });
  mirroredGauge(registry, 'mediamon_articles', 'Stored articles by extraction method (feed-fallback: the page could not be used).', ['method'],
    async () => Object.entries((await stats()).articlesByMethod).map(([method, n]) => [{ method }, n]));
  mirroredGauge(registry, 'mediamon_alerts', 'Alerts raised, by rule.', ['rule'],
    async () => Object.entries((await stats()).alertsByRule).map(([rule, n]) => [{ rule }, n]));
  mirroredGauge(registry, 'mediamon_feeds', 'Feeds by the state of their last poll: ok, not-modified, unchanged, failing, disabled, never-polled.', ['state'],
    async () => Object.entries((await stats()).feedsByState).map(([state, n]) => [{ state }, n]));

  return {
    contentType: registry.contentType,
    render: async () => {
      snapshot = null;
      return `${await registry.metrics()}\n${await durationHistogram(redis, prefix)}`;
    },
  };
}
