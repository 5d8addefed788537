/**
 * `mediamon feeds list` shows when a failing feed is really polled next: the first tick of its job
 * scheduler (in Redis) at or after the time its error backoff makes it due, not the due time itself.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config/load.js';
import { syncSchedules } from '../../src/pipeline/scheduler.js';
import { openQueues, type QueueSet } from '../../src/queues/index.js';
import { openStore } from '../../src/store/index.js';
import { cliEnv, jsonLines, runCli, writeTestConfig } from '../helpers/cli.js';
import { REDIS_URL, redisPrefix, tempDir } from '../helpers/services.js';

const HOUR = 3_600_000;

describe('mediamon feeds list: the next poll', { timeout: 240_000 }, () => {
  const temp = tempDir();
  const redis = redisPrefix();
  const dbUrl = () => `sqlite:${path.join(temp.dir, 'db.sqlite')}`;
  let connection: Redis;
  let queues: QueueSet;
  let env: NodeJS.ProcessEnv;
  let due: string;

  beforeAll(async () => {
    writeTestConfig(temp.dir, [{ id: 'failing', url: 'https://failing.example/rss' }, { id: 'healthy', url: 'https://healthy.example/rss' }]);
    env = cliEnv({ configDir: temp.dir, prefix: redis.prefix, databaseUrl: dbUrl() });
    const store = await openStore(dbUrl());
    try {
      await store.syncFeeds([{ id: 'failing', url: 'https://failing.example/rss' }, { id: 'healthy', url: 'https://healthy.example/rss' }]);
      // As the poll stage leaves a feed after its third failure: backing off, due in about two hours.
      due = new Date(Date.now() + 2 * HOUR + 12_345).toISOString();
      await store.updateFeed('failing', { lastPolledAt: new Date().toISOString(), lastStatus: 'http-5xx', lastError: 'fetch: HTTP 503', consecutiveErrors: 3, nextPollAt: due });
    } finally {
      await store.close();
    }
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queues = openQueues(connection, redis.prefix);
  });

  afterAll(async () => {
    await queues?.close();
    connection?.disconnect();
    await redis.drop();
    temp.drop();
  });

  it('says a feed is not scheduled while no run or poll worker has set up its schedule', async () => {
    const result = await runCli(['feeds', 'list', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const failing = jsonLines(result.stdout).find((r) => r.id === 'failing')!;
    expect(failing).toMatchObject({ next_poll: null, due, consecutive_errors: 3 });
    expect(failing.next_poll_note).toMatch(/not scheduled/);
  });

  it('gives the first scheduler tick once the feed is due', async () => {
    await syncSchedules(loadConfig(temp.dir), queues);
    const result = await runCli(['feeds', 'list', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const rows = jsonLines(result.stdout);
    const failing = rows.find((r) => r.id === 'failing')!;
    const scheduler = (await queues.queues.poll.getJobScheduler('feed-failing'))!;
    const next = Date.parse(failing.next_poll as string);
    expect(next).toBeGreaterThanOrEqual(Date.parse(due));
    expect(next - Date.parse(due)).toBeLessThan(Number(scheduler.every));
    expect((next - Number(scheduler.next)) % Number(scheduler.every)).toBe(0);
    expect(failing.next_poll).not.toBe(due);
    expect(failing.next_poll_note).toMatch(/backing off after 3 error\(s\); the schedule checks every 5m/);
    const healthy = rows.find((r) => r.id === 'healthy')!;
    expect(healthy).toMatchObject({ due: null, next_poll_note: null });
    // Never polled, so due at once: its next tick, or now when that tick is waiting for a poll worker.
    expect(Date.parse(healthy.next_poll as string)).toBeGreaterThanOrEqual(Number((await queues.queues.poll.getJobScheduler('feed-healthy'))!.next));
    const human = await runCli(['feeds', 'list'], env);
    expect(human.stdout).toContain(`next ${failing.next_poll} (backing off after 3 error(s)`);
  });
});
