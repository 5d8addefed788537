/**
 * While Redis is down a worker logs one line ("redis: unreachable", with the reason) and, when it is
 * back, one more ("redis: back after N s"): no stack traces, no line per reconnection attempt of each
 * connection. A private redis-server is killed and restarted (never the shared one).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, spawnCli, writeTestConfig } from '../helpers/cli.js';
import { redisPrefix, tempDir } from '../helpers/services.js';
import { until } from '../helpers/wait.js';
import { freePort, PrivateRedis } from './chaos-kit.js';

const DOWN_MS = 4_000;

describe('Redis down and back: one log line per state change', () => {
  const temp = tempDir();
  const prefix = redisPrefix();
  let redis: PrivateRedis;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort(), temp.dir);
    await redis.start();
    writeTestConfig(temp.dir, [{ id: 'a', url: 'http://127.0.0.1:9/a.xml' }]);
  });
  afterAll(async () => {
    await redis?.kill();
    temp.drop();
  });

  it.each([
    ['worker fetch', 'worker: fetch started'],
    ['worker poll', 'worker: poll started'],
    ['run --analyze-procs 0 --no-server', 'run: all stages started'],
  ])('%s', async (command, started) => {
    const stage = command.replace(/\W+/g, '-');
    const env = cliEnv({ configDir: temp.dir, prefix: prefix.prefix, databaseUrl: `sqlite:${path.join(temp.dir, `${stage}.sqlite`)}`, extra: { REDIS_URL: redis.url, MEDIAMON_LOG_LEVEL: 'info' } });
    const child = spawnCli(command.split(' '), env, temp.dir);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await until(() => stderr.includes(started), 'the worker to start', 30_000);
      await redis.kill();
      await until(() => stderr.includes('redis: unreachable'), 'the outage line', 15_000);
      await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
      await redis.start();
      await until(() => /redis: back after [\d.]+ s/.test(stderr), 'the recovery line', 30_000);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    const lines = stderr.split('\n').filter((l) => l.trim());
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    const messages = lines.map((l) => String((JSON.parse(l) as { msg?: string }).msg));
    expect(messages.filter((m) => m.startsWith('redis: unreachable'))).toHaveLength(1);
    expect(messages.filter((m) => m.startsWith('redis: unreachable'))[0]).toMatch(/ECONNREFUSED|closed|connect/);
    expect(messages.filter((m) => m.startsWith('redis: back after'))).toHaveLength(1);
    expect(messages.filter((m) => /worker error|queues: error/.test(m))).toHaveLength(0);
  });
});
