/**
 * A slow analysis keeps its lock: `mediamon worker analyze` with a 2 s lock analyses a 2 M-character
 * text full of watched names (seconds of CPU) in a thread, so BullMQ goes on renewing the lock and the
 * job runs exactly once: no stall, no second run, one article, its alerts raised once.
 */
import path from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, jsonLines, runCli, spawnCli, writeTestConfig } from '../helpers/cli.js';
import { REDIS_URL, redisPrefix, tempDir } from '../helpers/services.js';
import { until } from '../helpers/wait.js';

const UNITS = ['Pushilin announced an evacuation of the DPR. ', 'Donetsk was shelled again. ', 'Putin spoke of an offensive. '];

describe('analysis in threads', () => {
  const temp = tempDir();
  const redis = redisPrefix();
  let env: NodeJS.ProcessEnv;
  const conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });

  beforeAll(() => {
    writeTestConfig(temp.dir, []);
    env = { ...cliEnv({ configDir: temp.dir, prefix: redis.prefix, databaseUrl: `sqlite:${path.join(temp.dir, 'mediamon.db')}` }), MEDIAMON_LOCK_DURATION_MS: '2000', MEDIAMON_LOG_LEVEL: 'info' };
  });

  afterAll(async () => {
    conn.disconnect();
    await redis.drop();
    temp.drop();
  });

  it('a job that analyses for longer than its lock runs once', async () => {
    let text = '';
    for (let i = 0; text.length < 2_000_000; i++) text += UNITS[i % UNITS.length];
    const queue = new Queue('analyze', { connection: conn, prefix: redis.prefix });
    const events = new QueueEvents('analyze', { connection: conn.duplicate(), prefix: redis.prefix });
    const stalled: string[] = [];
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    await events.waitUntilReady();
    const item = { title: 'Live blog', summary: '', contentText: text, published: null, guid: 'live-1', author: null };
    await queue.add('analyze', { key: 'http://127.0.0.1/live', feedId: 'live', url: 'http://127.0.0.1/live', feedLanguage: 'en', item, pageBlob: null, finalUrl: null, contentLanguage: null, fetchError: 'test: no page' }, { jobId: 'a-live', attempts: 3 });
    const worker = spawnCli(['worker', 'analyze', '--concurrency', '1'], env);
    let stderr = '';
    worker.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    worker.stdout?.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      await until(async () => (await queue.getJobState('a-live')) === 'completed' || (await queue.getJobState('a-live')) === 'failed', 'the analyze job to finish', 240_000, 500);
    } finally {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
    }
    const job = await queue.getJob('a-live');
    await events.close();
    await queue.close();
    expect(await job?.getState(), stderr).toBe('completed');
    expect(job?.attemptsMade).toBe(1);
    expect(stalled).toEqual([]);
    expect(stderr).not.toMatch(/stalled|Missing lock|lock mismatch/i);
    expect(job?.returnvalue).toMatchObject({ created: true });
    expect((job?.returnvalue as { alerts: number }).alerts).toBeGreaterThan(0);
    const alerts = jsonLines<{ url: string }>((await runCli(['alerts', 'list', '--json'], env)).stdout);
    expect(new Set(alerts.map((a) => a.url))).toEqual(new Set(['http://127.0.0.1/live']));
    expect(alerts.length).toBe((job?.returnvalue as { alerts: number }).alerts);
  }, 300_000);
});
