/**
 * A job whose payload fails its schema is failed at once, unrecoverable, with the reason; per-host
 * politeness holds across clients (two Redis connections, as two worker processes would have).
 */
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisPoliteness } from '../../src/fetch/politeness.js';
import { connectRedis } from '../../src/pipeline/runtime.js';
import { startFetchWorker } from '../../workers/fetch.js';
import { startPollWorker } from '../../workers/poll.js';
import { useE2E } from '../helpers/e2e.js';
import { useRuntime } from '../helpers/runtime.js';
import { REDIS_URL, redisPrefix } from '../helpers/services.js';

const HOLD_MS = 20;
const TASKS = 12;

async function failedJob(worker: Worker, jobId: string): Promise<void> {
  await new Promise<void>((resolve) => {
    const onFailed = (job: { id?: string } | undefined) => {
      if (job?.id === jobId) {
        worker.off('failed', onFailed);
        resolve();
      }
    };
    worker.on('failed', onFailed);
  });
}

describe('bad job payloads', () => {
  const e2e = useE2E({ feeds: () => [{ id: 'a', url: 'http://127.0.0.1:9/feed.xml' }] });
  const world = useRuntime(e2e);
  const workers: Worker[] = [];

  // A fetch and a poll worker, one job at a time; closed before the runtime.
  beforeAll(() => {
    workers.push(startFetchWorker(world.rt, 1), startPollWorker(world.rt, 1));
    e2e.onClose(() => Promise.allSettled(workers.map((w) => w.close())));
  });

  it.each([
    ['fetch', { key: 42, feedId: 'a' }, /queues: bad fetch payload: key: .*; .*url/],
    ['poll', { feedId: 'a', extra: true }, /queues: bad poll payload: .*extra/],
  ] as const)('fails a bad %s job at once with the reason', async (stage, data, reason) => {
    const worker = workers[stage === 'fetch' ? 0 : 1]!;
    const jobId = `bad-${stage}`;
    const failed = failedJob(worker, jobId);
    await world.rt.queues.queues[stage].add(stage, data, { jobId });
    await failed;
    const job = await world.rt.queues.queues[stage].getJob(jobId);
    expect(await job!.getState()).toBe('failed');
    expect(job!.attemptsMade).toBe(1);
    expect(job!.opts.attempts).toBeGreaterThan(1);
    expect(job!.failedReason).toMatch(reason);
  });
});

describe('per-host politeness across clients', () => {
  const redis = redisPrefix();
  const connections = [connectRedis(REDIS_URL), connectRedis(REDIS_URL)];

  afterAll(async () => {
    for (const c of connections) c.disconnect();
    await redis.drop();
  });

  it('keeps at most N requests in flight to one host, whoever asks', async () => {
    const gates = connections.map((c) => new RedisPoliteness(c, redis.prefix, { concurrency: 2, minDelayMs: 0 }));
    let inFlight = 0;
    let most = 0;
    const task = async (gate: RedisPoliteness) => {
      const release = await gate.acquire('news.example');
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, HOLD_MS));
      inFlight--;
      await release();
    };
    await Promise.all(Array.from({ length: TASKS }, (_, i) => task(gates[i % 2]!)));
    expect(most).toBe(2);
    // Another host is not held back by the first.
    const release = await gates[0]!.acquire('other.example');
    await release();
  });

  it('spaces request starts to one host by the minimum delay', async () => {
    const minDelayMs = 60;
    const gates = connections.map((c) => new RedisPoliteness(c, `${redis.prefix}-d`, { concurrency: 10, minDelayMs }));
    const starts = 6;
    // Each grant is at least minDelayMs after the one before (by the clock the gate records), so the last
    // of six grants comes at least 5 gaps after the requests began, however slow the machine. (Gaps seen
    // from here would also measure this process's scheduling delays.)
    const began = Date.now();
    let lastGranted = 0;
    await Promise.all(Array.from({ length: starts }, async (_, i) => {
      const release = await gates[i % 2]!.acquire('slow.example');
      lastGranted = Math.max(lastGranted, Date.now());
      await release();
    }));
    expect(lastGranted - began).toBeGreaterThanOrEqual((starts - 1) * minDelayMs);
  });

  it('shares a Retry-After block between clients', async () => {
    const [one, two] = connections.map((c) => new RedisPoliteness(c, `${redis.prefix}-b`, { concurrency: 1, minDelayMs: 0 }));
    await one!.block('busy.example', 60_000);
    expect(await two!.blockedFor('busy.example')).toBeGreaterThan(50_000);
    expect(await two!.blockedFor('calm.example')).toBe(0);
  });
});
