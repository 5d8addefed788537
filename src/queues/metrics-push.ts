/**
 * Per-process counters pushed to Redis, so the server (another process, maybe another host) can show
 * what every worker did: jobs per stage and outcome, a duration histogram per stage, jobs per worker
 * process. Hashes under `<prefix>:metrics:*`; a field's value
 * only ever grows (Prometheus counters), so nothing is lost when a worker exits.
 */
import os from 'node:os';
import type { Redis } from 'ioredis';

/** Upper bounds of the job-duration histogram buckets, in seconds. */
export const JOB_BUCKETS_S = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

export type JobOutcome = 'completed' | 'failed' | 'retried';

/** This process as it appears in the per-worker counters: host:pid. */
export const WORKER_ID = `${os.hostname()}:${process.pid}`;

export function metricsKey(prefix: string, name: 'jobs' | 'durations' | 'workers'): string {
  return `${prefix}:metrics:${name}`;
}

function bucketOf(seconds: number): string {
  const bound = JOB_BUCKETS_S.find((b) => seconds <= b);
  return bound === undefined ? '+Inf' : String(bound);
}

/**
 * Count one finished job attempt. Fire-and-forget from the worker's events: a metrics write that fails
 * (Redis briefly gone) must never fail or delay a job.
 */
export function recordJob(redis: Redis, prefix: string, stage: string, outcome: JobOutcome, durationMs: number | null): void {
  const multi = redis.multi();
  multi.hincrby(metricsKey(prefix, 'jobs'), `${stage}|${outcome}`, 1);
  multi.hincrby(metricsKey(prefix, 'workers'), `${stage}|${WORKER_ID}|${outcome}`, 1);
  if (durationMs !== null && durationMs >= 0) {
    const seconds = durationMs / 1000;
    multi.hincrby(metricsKey(prefix, 'durations'), `${stage}|${bucketOf(seconds)}`, 1);
    multi.hincrbyfloat(metricsKey(prefix, 'durations'), `${stage}|sum`, seconds);
  }
  multi.exec().catch(() => undefined);
}

/** Jobs per worker process, as pushed: stage -> worker id -> outcome -> count. */
export async function readWorkerCounts(redis: Redis, prefix: string): Promise<Map<string, Map<string, Record<string, number>>>> {
  const out = new Map<string, Map<string, Record<string, number>>>();
  for (const [field, value] of Object.entries(await redis.hgetall(metricsKey(prefix, 'workers')))) {
    const [stage, worker, outcome] = field.split('|') as [string, string, string];
    const byWorker = out.get(stage) ?? new Map<string, Record<string, number>>();
    const counts = byWorker.get(worker) ?? {};
    counts[outcome] = Number(value);
    byWorker.set(worker, counts);
    out.set(stage, byWorker);
  }
  return out;
}
